import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;

/**
 * End-to-end tests drive the production build (`npm run build` first) in the system's Chromium
 * (Playwright's own browser download is not available here), on a database of their own.
 */
export default defineConfig({
  testDir: './tests/e2e',
  // One output folder per port: two runs side by side must not clean each other's artifacts.
  outputDir: `test-results/e2e-${PORT}`,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    locale: 'fr-BE',
    timezoneId: 'Europe/Brussels',
    trace: 'retain-on-failure',
    // The service worker (decision 0033) is tested in offline.spec.ts, which allows it; elsewhere a
    // worker serving scripts from its cache would hide requests from page.route and from the line.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], locale: 'fr-BE', channel: undefined } }],
  webServer: {
    command: 'npx tsx tests/e2e/serve.ts',
    url: `${baseURL}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { E2E_PORT: String(PORT) },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
