import { expect, test } from './fixtures';
import { beyondBound, formatDrill, runRestoreDrill } from '../bench/restore';

/**
 * The CI version of `npm run bench:restore` (tests/bench/restore.ts): the production server
 * replicated by Litestream to a file:// replica while clients write through the API; the whole
 * server killed and its database deleted at a random moment, then `npm run db:restore` and a
 * restart, three times. Every write acknowledged more than the documented RPO (5 s,
 * docs/operations.md) before a kill must be in the restored database, and the restored database
 * must pass the backup's checks and bench:crash's. Its own server, port (E2E_PORT + 60) and
 * database, from the build the e2e suite uses.
 */
const DOCUMENTED_RPO_SECONDS = 5;

test('machine lost three times under writes: every write acknowledged before the RPO is restored, checks pass', async () => {
  test.setTimeout(300_000);
  const report = await runRestoreDrill({
    runs: 3,
    clients: 6,
    port: Number(process.env.E2E_PORT ?? 3100) + 60,
    dist: process.env.NEXT_DIST_DIR ?? '.next',
    minDelayMs: 2000,
    maxDelayMs: 5000,
    log: () => {},
  });
  test.info().annotations.push({ type: 'bench:restore', description: formatDrill(report).replace(/\s+/g, ' ') });
  console.log(formatDrill(report));
  expect(report.errors).toEqual([]);
  expect(report.runs).toHaveLength(3);
  for (const run of report.runs) {
    expect(run.acknowledged).toBeGreaterThan(0);
    expect(run.restoreChecks).toBe('ok');
    expect(run.problems).toEqual([]);
  }
  expect(beyondBound(report, DOCUMENTED_RPO_SECONDS)).toEqual([]);
  // The restored server replicates again, and monitoring is told so.
  expect(report.healthz).toBe('200 ok');
});

test('/healthz tells anyone "ok" and only a platform administrator the replication details; the page says replication is off', async ({
  page,
  playwright,
  signInAs,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const plain = await anonymous.get('/healthz');
  expect(plain.status()).toBe(200);
  expect(await plain.text()).toBe('ok\n');
  await anonymous.dispose();

  await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  expect(await (await page.request.get('/healthz')).text()).toBe('ok\n');
  await page.context().clearCookies();

  await signInAs({ role: 'admin', organisation: 'cic' });
  const detailed = await page.request.get('/healthz');
  expect(detailed.status()).toBe(200);
  // The suite's server runs without RELAIS_REPLICA_URL: nothing replicated, nothing changes for a newcomer.
  expect(await detailed.json()).toMatchObject({ status: 'ok', replication: { state: 'off', url: null } });
  await page.goto('/admin/replication');
  await expect(page.getByRole('heading', { level: 2, name: 'Réplication désactivée' })).toBeVisible();
  await expect(page.getByText('RELAIS_REPLICA_URL')).toBeVisible();
});
