import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DB_PATH } from './db-path';

/** Starts the production build on a fresh, migrated, demo-seeded database for the e2e tests. */
const port = process.env.E2E_PORT ?? '3100';
fs.rmSync(path.dirname(E2E_DB_PATH), { recursive: true, force: true });
const env = {
  ...process.env,
  RELAIS_DB_PATH: E2E_DB_PATH,
  RELAIS_DEMO: '1',
  NEXTAUTH_URL: `http://localhost:${port}`,
  PORT: port,
};
const tsx = path.resolve('node_modules/.bin/tsx');
execFileSync(tsx, ['db/migrate.ts'], { env, stdio: 'inherit' });
// The demo records go through the data access layer, which only loads under the react-server condition.
execFileSync(tsx, ['db/seed.ts', '--demo'], {
  env: { ...env, NODE_OPTIONS: '--conditions=react-server' },
  stdio: 'inherit',
});
// The production launcher (npm start): a worker per core, as in production.
const server = spawn(process.execPath, [path.resolve('lib/runtime/serve.mjs'), '-p', port], { env, stdio: 'inherit' });
const stop = () => server.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', (code) => process.exit(code ?? 0));
