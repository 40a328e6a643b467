/**
 * npm run bench:field — what an inspector on a building site feels. A benchmark, not a test.
 *
 * Starts the production build (as the e2e tests do: a fresh demo-seeded database, `npm start`'s
 * launcher) and drives it in Chromium with the network emulated by the DevTools protocol:
 *   fast (no throttling), 4G (9 Mbit/s down, 1.5 up, 60 ms), 3G (400 kbit/s both ways, 400 ms),
 *   and offline (the page loaded, then the line cut while typing).
 * For each line, cold (empty cache, a new browser context) and warm (the same context, second
 * load), over several trials, it prints:
 *   - usable: from the start of navigation to the check-list form being live (hydrated: what is
 *     typed from then on goes through the form);
 *   - bytes: transferred over the line for the page (all, and JavaScript alone);
 *   - saved: from a keystroke to the status line saying everything is saved (the server has it);
 *   - lost: characters typed (from the moment the form is on screen, before it is live) that are
 *     not on the server afterwards — must be 0.
 * Targets: warm usable ≤ 500 ms on 3G, cold ≤ 2.5 s on 3G, 0 characters lost.
 *
 * Options: --trials=5 --port=3650 --dist=.next (an existing production build: `npm run build`)
 *          --lines=fast,4g,3g,offline
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]),
);
const TRIALS = Number(args.trials ?? 5);
const PORT = Number(args.port ?? 3650);
const DIST = args.dist ?? process.env.NEXT_DIST_DIR ?? '.next';
const BASE = `http://localhost:${PORT}`;
const LINES = (args.lines ?? 'fast,4g,3g,offline').split(',');
const SAVED_TEXT = 'Tout est enregistré.';

const kbps = (n: number) => (n * 1000) / 8;
const PROFILES: Record<string, { latency: number; down: number; up: number } | null> = {
  fast: null,
  '4g': { latency: 60, down: kbps(9000), up: kbps(1500) },
  '3g': { latency: 400, down: kbps(400), up: kbps(400) },
  offline: null,
};

async function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'tests/e2e/serve.ts'], {
    env: { ...process.env, E2E_PORT: String(PORT), NEXT_DIST_DIR: DIST, NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/signin`)).ok) return server;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill('SIGTERM');
  throw new Error('the server did not answer within 2 minutes');
}

async function signedInContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE, locale: 'fr-BE' });
  const request = context.request;
  const csrf = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const answer = await request.post('/api/auth/callback/credentials', {
    form: {
      csrfToken: csrf.csrfToken,
      email: 'onss@demo.relais.be',
      password: 'Relais-demo-2026',
      callbackUrl: '/',
      json: 'true',
    },
    maxRedirects: 0,
  });
  if (answer.status() >= 400) throw new Error(`sign-in failed: ${answer.status()}`);
  return context;
}

async function newDraft(context: BrowserContext): Promise<string> {
  const response = await context.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers: { 'vic.sex': 'f' } },
  });
  if (response.status() !== 201) throw new Error(`draft not created: ${response.status()}`);
  return ((await response.json()) as { id: string }).id;
}

async function serverReference(context: BrowserContext, id: string): Promise<string> {
  const response = await context.request.get(`/api/v1/checklists/${id}`);
  return (((await response.json()) as { answers: Record<string, unknown> }).answers['ctx.reference'] as string) ?? '';
}

/** Counts bytes received over the line, all and JavaScript, from the DevTools protocol's network events. */
function byteCounter(cdp: CDPSession) {
  const js = new Set<string>();
  let all = 0;
  let script = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script' || /javascript/.test(e.response.mimeType)) js.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    all += e.encodedDataLength;
    if (js.has(e.requestId)) script += e.encodedDataLength;
  });
  return {
    reset: () => {
      all = 0;
      script = 0;
    },
    read: () => ({ all, script }),
  };
}

interface Trial {
  usableMs: number;
  bytes: number;
  jsBytes: number;
  savedMs: number;
  lost: number;
}

/** One load of a draft: type from the moment the form is on screen, then one keystroke once live. */
async function trial(page: Page, cdp: CDPSession, bytes: ReturnType<typeof byteCounter>, context: BrowserContext) {
  const id = await newDraft(context);
  bytes.reset();
  const typed = `PV-${randomUUID().slice(0, 6)}`;
  await page.goto(`/checklists/${id}`, { waitUntil: 'commit' });
  const field = page.locator('[id="item-ctx.reference"]');
  await field.waitFor({ state: 'visible', timeout: 60_000 });
  // A person starts typing as soon as the field is there, whether the page is live or not.
  await field.pressSequentially(typed.slice(0, 5), { delay: 30 });
  const usableMs = await page
    .waitForFunction(
      () => (window as { __relaisEarly?: { hydrated: boolean } }).__relaisEarly?.hydrated === true,
      null,
      {
        timeout: 60_000,
        polling: 'raf',
      },
    )
    .then(() => page.evaluate(() => performance.now()));
  await field.pressSequentially(typed.slice(5, -1), { delay: 30 });
  await page.getByTestId('save-state').filter({ hasText: SAVED_TEXT }).waitFor({ timeout: 60_000 });
  // The last keystroke, timed to the status line saying saved.
  const before = Date.now();
  await field.press(typed.slice(-1));
  await page
    .locator('.save-state--saving')
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  await page.getByTestId('save-state').filter({ hasText: SAVED_TEXT }).waitFor({ timeout: 60_000 });
  const savedMs = Date.now() - before;
  const stored = await serverReference(context, id);
  const lost = typed.length - commonPrefix(stored, typed);
  const { all, script } = bytes.read();
  void cdp;
  return { usableMs, bytes: all, jsBytes: script, savedMs, lost } satisfies Trial;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a === b ? b.length : i;
}

/** Offline: the page loaded, the line cut, typing, the line back: what reaches the server, and when. */
async function offlineTrial(page: Page, context: BrowserContext) {
  const id = await newDraft(context);
  await page.goto(`/checklists/${id}`);
  await page.waitForFunction(() => (window as { __relaisEarly?: { hydrated: boolean } }).__relaisEarly?.hydrated);
  const typed = `PV-${randomUUID().slice(0, 6)}`;
  await context.setOffline(true);
  await page.locator('[id="item-ctx.reference"]').pressSequentially(typed, { delay: 30 });
  await page.locator('.save-state--offline').waitFor({ timeout: 30_000 });
  const before = Date.now();
  await context.setOffline(false);
  await page.getByTestId('save-state').filter({ hasText: SAVED_TEXT }).waitFor({ timeout: 60_000 });
  const savedMs = Date.now() - before;
  const stored = await serverReference(context, id);
  return { savedMs, lost: typed.length - commonPrefix(stored, typed) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;

async function main() {
  console.log(`bench:field — production build ${DIST}, ${TRIALS} trials per line and state, Chromium`);
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const rows: string[][] = [['line', 'state', 'usable (median, max)', 'bytes (all / JS)', 'keystroke → saved', 'lost']];
  let totalLost = 0;
  try {
    for (const line of LINES) {
      if (line === 'offline') {
        const context = await signedInContext(browser);
        const page = await context.newPage();
        const results = [];
        for (let i = 0; i < TRIALS; i++) results.push(await offlineTrial(page, context));
        const lost = results.reduce((a, r) => a + r.lost, 0);
        totalLost += lost;
        rows.push([
          'offline',
          'typed offline',
          'n/a (no service worker yet: a page cannot open offline)',
          '—',
          `${median(results.map((r) => r.savedMs))} ms after the line returns`,
          String(lost),
        ]);
        await context.close();
        continue;
      }
      const profile = PROFILES[line];
      const cold: Trial[] = [];
      const warm: Trial[] = [];
      for (let i = 0; i < TRIALS; i++) {
        const context = await signedInContext(browser);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        if (profile)
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: profile.latency,
            downloadThroughput: profile.down,
            uploadThroughput: profile.up,
          });
        const bytes = byteCounter(cdp);
        cold.push(await trial(page, cdp, bytes, context));
        warm.push(await trial(page, cdp, bytes, context));
        await context.close();
      }
      for (const [state, results] of [
        ['cold', cold],
        ['warm', warm],
      ] as const) {
        const lost = results.reduce((a, r) => a + r.lost, 0);
        totalLost += lost;
        rows.push([
          line,
          state,
          `${median(results.map((r) => r.usableMs)).toFixed(0)} ms, ${Math.max(...results.map((r) => r.usableMs)).toFixed(0)} ms`,
          `${kb(median(results.map((r) => r.bytes)))} / ${kb(median(results.map((r) => r.jsBytes)))}`,
          `${median(results.map((r) => r.savedMs))} ms`,
          String(lost),
        ]);
      }
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  for (const r of rows) console.log(r.map((c, j) => c.padEnd(widths[j]!)).join('  '));
  console.log(`characters lost in all trials: ${totalLost} (must be 0)`);
  if (totalLost > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
