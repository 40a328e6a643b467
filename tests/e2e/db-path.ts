import path from 'node:path';

/** The end-to-end tests' own database, never the developer's (one per port, so two runs never share it). */
export const E2E_DB_PATH = path.resolve(__dirname, `../../data/e2e-${process.env.E2E_PORT ?? '3100'}/relais.sqlite`);
