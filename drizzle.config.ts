import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.RELAIS_DB_PATH ?? './data/relais.sqlite' },
  strict: true,
  verbose: true,
});
