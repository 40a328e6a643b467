import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { rebuildStatisticsCounts } from '../lib/statistics/counters';
import { databasePath, openDatabase } from './client';

/** Applies the committed migrations (db/migrations) to the database at RELAIS_DB_PATH. */
const file = databasePath();
const sqlite = openDatabase(file);
migrate(drizzle(sqlite), { migrationsFolder: new URL('./migrations', import.meta.url).pathname });
// The statistics counters (decision 0015) are rebuilt once from the records when a database
// from before them is migrated; from then on every write keeps them in step. A new dimension of
// counters moves the version on (2: the nationality detail of the persons oriented).
const COUNTS_VERSION = '2';
const built = sqlite.prepare("select value from settings where key = 'statistics.counts'").pluck().get();
if (built !== JSON.stringify(COUNTS_VERSION)) {
  const n = rebuildStatisticsCounts(sqlite);
  sqlite
    .prepare(
      "insert into settings (key, value, updated_at) values ('statistics.counts', ?, ?) on conflict(key) do update set value = excluded.value, updated_at = excluded.updated_at",
    )
    .run(JSON.stringify(COUNTS_VERSION), new Date().toISOString());
  console.log(`statistics counters rebuilt from the records: ${n}`);
}
sqlite.close();
console.log(`database migrated: ${file}`);
