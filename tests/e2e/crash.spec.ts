import { expect, test } from '@playwright/test';
import { formatReport, runCrashBench, violationCount } from '../bench/crash';

/**
 * The CI version of `npm run bench:crash` (tests/bench/crash.ts): 20 SIGKILLs of the production
 * server while clients save drafts, complete check-lists, refer and move referrals. It starts its
 * own server on its own port and database (E2E_PORT + 50), from the build the e2e suite uses;
 * it does not touch the suite's server. Each kill comes once 10–30 writes of the cycle were
 * acknowledged (plus 0–50 ms), so every kill lands while writes are in flight whatever the load.
 */
test('20 SIGKILLs under concurrent writes: every acknowledged write survives, nothing is half-written', async () => {
  test.setTimeout(180_000);
  const port = Number(process.env.E2E_PORT ?? 3100) + 50;
  const report = await runCrashBench({
    cycles: 20,
    clients: 12,
    port,
    dist: process.env.NEXT_DIST_DIR ?? '.next',
    killAfterWrites: [10, 30],
    log: () => {},
  });
  test.info().annotations.push({ type: 'bench:crash', description: formatReport(report).replace(/\s+/g, ' ') });
  console.log(formatReport(report));
  expect(report.violations).toEqual([]);
  expect(violationCount(report)).toBe(0);
  expect(report.kills).toBe(20);
  // Each kill waits for 10–30 acknowledged writes of its cycle: fewer than 200 means clients stopped early.
  expect(report.acknowledged).toBeGreaterThanOrEqual(200);
  expect(report.found).toBe(report.acknowledged);
  expect(report.cutByKill).toBeGreaterThan(0);
});
