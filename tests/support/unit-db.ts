import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll } from 'vitest';
import { openDatabase } from '../../db/client';

/** Each test file gets a database of its own, migrated from the committed migrations. */
const file = path.join(os.tmpdir(), `relais-unit-${randomUUID()}.sqlite`);
process.env.RELAIS_DB_PATH = file;
// The tests of password sign-in expect no second step; the second factor's own tests set the
// policy they test (decision 0025).
process.env.RELAIS_SECOND_FACTOR_DEFAULT ??= 'optional';
delete (globalThis as { relaisDb?: unknown }).relaisDb;
const sqlite = openDatabase(file);
migrate(drizzle(sqlite), { migrationsFolder: path.resolve(__dirname, '../../db/migrations') });
sqlite.close();

afterAll(() => {
  const g = globalThis as { relaisDb?: { sqlite: { close(): void } } };
  g.relaisDb?.sqlite.close();
  delete g.relaisDb;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
});
