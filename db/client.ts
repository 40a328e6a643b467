import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export function databasePath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.RELAIS_DB_PATH ?? './data/relais.sqlite');
}

/**
 * Opens a connection with the pragmas Relais relies on, and checks they took:
 * WAL (readers never block the writer), synchronous=FULL (a committed write survives a
 * power cut, not only a process crash), foreign keys, a busy timeout, and no automatic
 * checkpoint when Litestream replicates the database.
 */
export function openDatabase(file = databasePath()): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Under continuous replication Litestream owns the checkpoints, so that no commit leaves the
  // WAL before it has copied it (decision 0028); the busy timeout covers its brief lock.
  if (process.env.RELAIS_REPLICA_URL) sqlite.pragma('wal_autocheckpoint = 0');
  const journal = sqlite.pragma('journal_mode', { simple: true });
  const fk = sqlite.pragma('foreign_keys', { simple: true });
  const sync = sqlite.pragma('synchronous', { simple: true });
  if ((file !== ':memory:' && journal !== 'wal') || fk !== 1 || sync !== 2) {
    throw new Error(`SQLite pragmas not applied (journal_mode=${journal}, foreign_keys=${fk}, synchronous=${sync})`);
  }
  return sqlite;
}

const globalForDb = globalThis as unknown as { relaisDb?: { db: Db; sqlite: Database.Database } };

/** The single connection of this process. */
export function getDb(): Db {
  if (!globalForDb.relaisDb) {
    const sqlite = openDatabase();
    globalForDb.relaisDb = { sqlite, db: drizzle(sqlite, { schema }) };
  }
  return globalForDb.relaisDb.db;
}

/** The connection under getDb(), for the few bulk writes that reuse one prepared statement per row (the import). */
export function getSqlite(): Database.Database {
  getDb();
  return globalForDb.relaisDb!.sqlite;
}

export { schema };
