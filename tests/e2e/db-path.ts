import path from 'node:path';

/** The end-to-end tests' own database, never the developer's. */
export const E2E_DB_PATH = path.resolve(__dirname, '../../data/e2e/relais.sqlite');
