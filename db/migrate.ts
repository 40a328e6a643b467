import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { databasePath, openDatabase } from './client';

/** Applies the committed migrations (db/migrations) to the database at RELAIS_DB_PATH. */
const file = databasePath();
const sqlite = openDatabase(file);
migrate(drizzle(sqlite), { migrationsFolder: new URL('./migrations', import.meta.url).pathname });
sqlite.close();
console.log(`database migrated: ${file}`);
