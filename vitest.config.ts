import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // `server-only` refuses to load outside React Server Components; the unit tests run the
      // data access layer directly in Node.
      'server-only': path.resolve(__dirname, 'tests/support/empty.ts'),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/support/unit-db.ts'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
