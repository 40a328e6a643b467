/**
 * npm run bench:field — what an inspector on a building site feels. A benchmark, not a test.
 *
 * Starts the production build (as the e2e tests do: a fresh demo-seeded database, `npm start`'s
 * launcher) and drives it in the Chromium of playwright.config.ts (Debian's, same launch options)
 * with the line emulated by the DevTools protocol — for the pages and for their service worker:
 *   fast (no throttling), 4G (9 Mbit/s down, 1.5 up, 60 ms), 3G (400 kbit/s both ways, 400 ms),
 *   and offline (the page loaded, then the line cut while typing; then a page opened offline).
 * Two pages: a check-list being edited (a draft made through the API) and a new check-list (the
 * list's "New check-list": `/checklists/new`, whose draft its first answer creates, decision 0023).
 * For each line and page, cold (a new browser context: empty caches) and warm (a second load in
 * the same context; when the first load registered a service worker, once it is ready), over
 * several trials, it prints median and 95th percentile of:
 *   - usable: from the start of navigation to the form being live (hydrated: what is typed from
 *     then on goes through the form); "on screen": first contentful paint;
 *   - bytes over the line: all, JavaScript, the HTML document; requests over the line;
 *   - saved: from a keystroke to the status line saying everything is saved (it says so only once
 *     the server has acknowledged the change; the 600 ms pause after typing is part of it);
 *   - lost: characters typed (from the moment the field is on screen, before the form is live)
 *     that are not on the server afterwards — must be 0;
 *   - sw: loads a service worker controlled (`navigator.serviceWorker.controller`);
 *   - errors: uncaught page errors (a hydration mismatch is one: React then rebuilds the form).
 * Then the JavaScript each main page loads (cold, unthrottled), to compare with a later change.
 * Targets: warm usable ≤ 500 ms on 3G, cold ≤ 2.5 s on 3G, 0 characters lost.
 *
 * Options: --trials=5 --port=3650 --dist=.next (an existing production build: `npm run build`)
 *          --lines=fast,4g,3g,offline --pages=edit,new --json=<file> (every figure, for comparison)
 *          --sw=block (no service worker) --requests (each request of the first trial's loads)
 * The machine's load average is printed at start and end: other work on it makes figures noisy.
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import playwrightConfig from '../../playwright.config';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]),
);
const TRIALS = Number(args.trials ?? 5);
const PORT = Number(args.port ?? 3650);
const DIST = args.dist ?? process.env.NEXT_DIST_DIR ?? '.next';
const BASE = `http://localhost:${PORT}`;
const LINES = (args.lines ?? 'fast,4g,3g,offline').split(',');
const PAGES = (args.pages ?? 'edit,new').split(',') as PageKind[];
const JSON_OUT = args.json;
/** --sw=block: the scenarios without any service worker (to tell what the worker changes). */
const BLOCK_WORKERS = args.sw === 'block';
const PRINT_REQUESTS = 'requests' in args;
const DEMO_PASSWORD = 'Relais-demo-2026';
const REFERRER = 'onss@demo.relais.be';
const CENTRE = 'pagasa@demo.relais.be';
const FIELD_ID = 'item-ctx.reference';
const FR = JSON.parse(fs.readFileSync('lib/i18n/messages/fr.json', 'utf8')) as {
  checklist: { save: Record<string, string> };
};
const SAVED_TEXT = FR.checklist.save.saved!;

type PageKind = 'edit' | 'new';
interface Profile {
  latency: number;
  down: number;
  up: number;
  type: 'cellular3g' | 'cellular4g';
}
const kbps = (n: number) => (n * 1000) / 8;
const PROFILES: Record<string, Profile | null> = {
  fast: null,
  '4g': { latency: 60, down: kbps(9000), up: kbps(1500), type: 'cellular4g' },
  '3g': { latency: 400, down: kbps(400), up: kbps(400), type: 'cellular3g' },
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

/**
 * Instruments every document of a context: the moment the form is live (the early-input
 * recorder's `hydrated` flag, set once React has hydrated the form and replayed what was typed
 * before), the first contentful paint, and a probe for the keystroke-to-saved time. A string,
 * not a function: the TypeScript runner would wrap a function's inner functions in a helper the
 * page does not have.
 */
const INSTRUMENT = `(function(){
  var b = window.__bench = { hydratedAt: null, fcp: null, keyAt: null, savedAt: null, sawSaving: false, swReadyAt: null };
  var early;
  Object.defineProperty(window, '__relaisEarly', { configurable: true, get: function(){ return early; }, set: function(o){
    early = o;
    var h = o.hydrated;
    Object.defineProperty(o, 'hydrated', { configurable: true, enumerable: true, get: function(){ return h; }, set: function(x){
      h = x;
      if (x && b.hydratedAt === null) b.hydratedAt = performance.now();
    } });
  } });
  try {
    new PerformanceObserver(function(list){ list.getEntries().forEach(function(e){
      if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
    }); }).observe({ type: 'paint', buffered: true });
  } catch (e) {}
  if (navigator.serviceWorker) navigator.serviceWorker.ready.then(function(){ b.swReadyAt = performance.now(); });
  b.armSaved = function(fieldId, savedText){
    b.keyAt = null; b.savedAt = null; b.sawSaving = false;
    document.getElementById(fieldId).addEventListener('keydown', function(){ if (b.keyAt === null) b.keyAt = performance.now(); }, { capture: true, once: true });
    var observer = new MutationObserver(function(){
      var s = document.querySelector('[data-testid="save-state"]');
      if (!s || b.keyAt === null) return;
      if (!s.classList.contains('save-state--saved')) { b.sawSaving = true; return; }
      if (b.sawSaving && !s.closest('[data-early-typed]') && s.textContent.indexOf(savedText) >= 0) { b.savedAt = performance.now(); observer.disconnect(); }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'data-early-typed'] });
  };
})();`;

interface BenchWindow {
  __bench: {
    hydratedAt: number | null;
    fcp: number | null;
    swReadyAt: number | null;
    keyAt: number | null;
    savedAt: number | null;
    armSaved: (fieldId: string, savedText: string) => void;
  };
  __relaisEarly?: unknown;
}

async function signedInContext(browser: Browser, email: string, blockWorkers = false): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: BASE,
    locale: 'fr-BE',
    timezoneId: 'Europe/Brussels',
    serviceWorkers: blockWorkers ? 'block' : 'allow',
  });
  const request = context.request;
  const csrf = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const answer = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken: csrf.csrfToken, email, password: DEMO_PASSWORD, callbackUrl: '/', json: 'true' },
    maxRedirects: 0,
  });
  const cookies = (await request.storageState()).cookies.map((c) => c.name);
  if (answer.status() >= 400 || !cookies.includes('next-auth.session-token'))
    throw new Error(`sign-in of ${email} failed: ${answer.status()}`);
  await context.addInitScript({ content: INSTRUMENT });
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

async function serverReference(context: BrowserContext, id: string | null): Promise<string> {
  if (id === null) return '';
  const response = await context.request.get(`/api/v1/checklists/${id}`);
  if (!response.ok()) return '';
  return (((await response.json()) as { answers: Record<string, unknown> }).answers['ctx.reference'] as string) ?? '';
}

/** The check-list a page shows: its id in the address (a new one's address becomes its own once created). */
function checklistIdOf(page: Page): string | null {
  return /^\/checklists\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------------
// The line: bytes counted and conditions emulated, for a page and for the service workers of its context

interface Counted {
  /** Over the line for the page itself: all, JavaScript, the HTML document; requests, scripts among them. */
  all: number;
  script: number;
  html: number;
  requests: number;
  scripts: number;
  /** Answered without the line: by the HTTP cache, by the service worker (from its cache or its own fetch). */
  fromCache: number;
  fromWorker: number;
  /** Over the line for the service worker (its own fetches: precaching, pages it passes through), all and JavaScript. */
  workerAll: number;
  workerScript: number;
}
const zero = (): Counted => ({
  all: 0,
  script: 0,
  html: 0,
  requests: 0,
  scripts: 0,
  fromCache: 0,
  fromWorker: 0,
  workerAll: 0,
  workerScript: 0,
});

/** What went over the line, from the DevTools protocol's network events (of the page and of its service worker). */
class Meter {
  counted = zero();
  /** Each request over the line since the last reset (for --requests). */
  log: { url: string; bytes: number; scope: string }[] = [];
  private kinds = new Map<string, 'script' | 'html' | 'other'>();
  private urls = new Map<string, string>();
  private notOnLine = new Set<string>();
  reset() {
    this.counted = zero();
    this.log = [];
  }
  onResponse(scope: string, e: { requestId: string; type?: string; response: ResponseLike }) {
    const key = `${scope}:${e.requestId}`;
    const r = e.response;
    this.urls.set(key, r.url);
    this.kinds.set(
      key,
      e.type === 'Script' || /javascript/.test(r.mimeType)
        ? 'script'
        : e.type === 'Document' || /html/.test(r.mimeType)
          ? 'html'
          : 'other',
    );
    // A response from the HTTP cache or from the page's service worker did not cross the line (the worker's own fetches are counted in its scope).
    if (r.fromDiskCache || r.fromMemoryCache || r.fromPrefetchCache) {
      this.counted.fromCache++;
      this.notOnLine.add(key);
    } else if (r.fromServiceWorker) {
      this.counted.fromWorker++;
      this.notOnLine.add(key);
    }
  }
  onFinished(scope: string, e: { requestId: string; encodedDataLength: number }) {
    const key = `${scope}:${e.requestId}`;
    if (this.notOnLine.delete(key)) return;
    // Nothing received: answered by a cache the response did not name (the memory cache, a data: address).
    if (e.encodedDataLength === 0) {
      this.counted.fromCache++;
      return;
    }
    const kind = this.kinds.get(key);
    this.log.push({ url: this.urls.get(key) ?? '?', bytes: e.encodedDataLength, scope });
    if (scope !== 'page') {
      this.counted.workerAll += e.encodedDataLength;
      if (kind === 'script') this.counted.workerScript += e.encodedDataLength;
      return;
    }
    this.counted.requests++;
    this.counted.all += e.encodedDataLength;
    if (kind === 'script') {
      this.counted.script += e.encodedDataLength;
      this.counted.scripts++;
    }
    if (kind === 'html') this.counted.html += e.encodedDataLength;
  }
}
interface ResponseLike {
  url: string;
  mimeType: string;
  fromDiskCache?: boolean;
  fromMemoryCache?: boolean;
  fromPrefetchCache?: boolean;
  fromServiceWorker?: boolean;
}

function conditions(profile: Profile | null, offline = false) {
  return profile
    ? {
        offline,
        latency: profile.latency,
        downloadThroughput: profile.down,
        uploadThroughput: profile.up,
        connectionType: profile.type,
      }
    : { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
}

/**
 * Service workers are targets of their own: the page's emulated line does not slow their
 * fetches. This attaches to each one of a context (through the browser's DevTools session) and
 * gives it the same line and the same meter.
 */
class WorkerLines {
  private lines = new Map<
    string,
    { profile: Profile | null; meter: Meter; inFlight: Set<string>; lastActivity: number }
  >();
  private sessions = new Map<string, string>();
  private nextId = 1;
  private constructor(private readonly cdp: CDPSession) {}

  static async start(browser: Browser): Promise<WorkerLines> {
    const cdp = await browser.newBrowserCDPSession();
    const lines = new WorkerLines(cdp);
    cdp.on('Target.targetCreated', ({ targetInfo }) => void lines.attach(targetInfo));
    cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => lines.onMessage(sessionId, message));
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    return lines;
  }

  /** The line of a browser context (by its DevTools id), for the workers it starts from now on. */
  set(browserContextId: string, profile: Profile | null, meter: Meter) {
    this.lines.set(browserContextId, { profile, meter, inFlight: new Set(), lastActivity: Date.now() });
  }

  /** Resolves once a context's workers have had nothing in flight for `quietMs` (false if they never settle). */
  async settled(browserContextId: string, quietMs = 1000, timeoutMs = 120_000): Promise<boolean> {
    const line = this.lines.get(browserContextId);
    const deadline = Date.now() + timeoutMs;
    while (line && Date.now() < deadline) {
      if (line.inFlight.size === 0 && Date.now() - line.lastActivity >= quietMs) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return !line;
  }

  private async attach(info: { type: string; targetId: string; browserContextId?: string }) {
    if (info.type !== 'service_worker' || !info.browserContextId) return;
    const line = this.lines.get(info.browserContextId);
    if (!line) return;
    try {
      const { sessionId } = await this.cdp.send('Target.attachToTarget', { targetId: info.targetId, flatten: false });
      this.sessions.set(sessionId, info.browserContextId);
      this.post(sessionId, 'Network.enable', {});
      this.post(sessionId, 'Network.emulateNetworkConditions', conditions(line.profile));
    } catch {
      /* the worker was gone already */
    }
  }

  private post(sessionId: string, method: string, params: object) {
    const message = JSON.stringify({ id: this.nextId++, method, params });
    void this.cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => undefined);
  }

  private onMessage(sessionId: string, message: string) {
    const contextId = this.sessions.get(sessionId);
    const line = contextId ? this.lines.get(contextId) : undefined;
    if (!line) return;
    const m = JSON.parse(message) as { method?: string; params?: { requestId: string } };
    if (!m.method?.startsWith('Network.') || !m.params) return;
    const key = `sw${sessionId}:${m.params.requestId}`;
    line.lastActivity = Date.now();
    if (m.method === 'Network.requestWillBeSent') line.inFlight.add(key);
    if (m.method === 'Network.loadingFinished' || m.method === 'Network.loadingFailed') line.inFlight.delete(key);
    if (m.method === 'Network.responseReceived') line.meter.onResponse(`sw${sessionId}`, m.params as never);
    if (m.method === 'Network.loadingFinished') line.meter.onFinished(`sw${sessionId}`, m.params as never);
  }
}

/** A signed-in context on a line: its page, the page's DevTools session, its meter. */
async function onLine(
  browser: Browser,
  workers: WorkerLines,
  profile: Profile | null,
  { email = REFERRER, blockWorkers = false } = {},
) {
  const context = await signedInContext(browser, email, blockWorkers);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const meter = new Meter();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  cdp.on('Network.responseReceived', (e) => meter.onResponse('page', e));
  cdp.on('Network.loadingFinished', (e) => meter.onFinished('page', e));
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', conditions(profile));
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  const contextId = targetInfo.browserContextId ?? '';
  workers.set(contextId, profile, meter);
  return { context, page, cdp, meter, errors, contextId, workers };
}

// ---------------------------------------------------------------------------------------------
// One load

interface Trial {
  usableMs: number;
  fcpMs: number;
  bytes: Counted;
  savedMs: number;
  lost: number;
  controlled: boolean;
  errors: number;
  /** A first load that registered a service worker: when it was ready (from the start of navigation). */
  workerReadyMs?: number;
}

function printRequests(title: string, meter: Meter) {
  console.log(`requests over the line, ${title}:`);
  for (const r of meter.log)
    console.log(`  ${String(r.bytes).padStart(8)} B  ${r.scope === 'page' ? '' : '(sw) '}${r.url}`);
}

/**
 * One load of a check-list: type from the moment the field is on screen (the form may not be
 * live yet: what is typed must still reach the server), the rest once live, then one keystroke
 * timed to "saved". A new check-list's draft is created by its first answer.
 */
async function trial(line: Awaited<ReturnType<typeof onLine>>, kind: PageKind): Promise<Trial> {
  const { context, page, meter, errors } = line;
  const url = kind === 'edit' ? `/checklists/${await newDraft(context)}` : '/checklists/new';
  const errorsBefore = errors.length;
  meter.reset();
  const typed = `PV-${randomUUID().slice(0, 6)}`;
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  const field = page.locator(`[id="${FIELD_ID}"]`);
  await field.waitFor({ state: 'visible', timeout: 120_000 });
  // A person starts typing as soon as the field is there, whether the page is live or not.
  await field.pressSequentially(typed.slice(0, 5), { delay: 30 });
  const usableMs = await page
    .waitForFunction(() => (window as unknown as BenchWindow).__bench.hydratedAt, null, {
      timeout: 120_000,
      polling: 100,
    })
    .then((h) => h.jsonValue() as Promise<number>);
  await field.pressSequentially(typed.slice(5, -1), { delay: 30 });
  await page.getByTestId('save-state').filter({ hasText: SAVED_TEXT }).waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector('[data-early-typed]'), null, { timeout: 120_000 });
  // The last keystroke, timed in the page to the status line saying saved.
  await page.evaluate(([id, text]) => (window as unknown as BenchWindow).__bench.armSaved(id, text), [
    FIELD_ID,
    SAVED_TEXT,
  ] as const);
  await field.press(typed.slice(-1));
  const savedMs = await page
    .waitForFunction(
      () => {
        const b = (window as unknown as BenchWindow).__bench;
        return b.savedAt !== null && b.keyAt !== null ? b.savedAt - b.keyAt : null;
      },
      null,
      { timeout: 120_000, polling: 50 },
    )
    .then((h) => h.jsonValue() as Promise<number>);
  const stored = await serverReference(context, checklistIdOf(page));
  const fcpMs = await page.evaluate(() => (window as unknown as BenchWindow).__bench.fcp ?? NaN);
  const controlled = await page.evaluate(() => Boolean(navigator.serviceWorker?.controller));
  return {
    usableMs,
    fcpMs,
    bytes: { ...meter.counted },
    savedMs,
    lost: typed.length - commonPrefix(stored, typed),
    controlled,
    errors: errors.length - errorsBefore,
  };
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a === b ? b.length : i;
}

/**
 * After a first load: when it registered a service worker, wait until the worker is active and
 * has finished what it fetches on its own (precaching, keeping a page), so that the next load is
 * with it.
 */
async function workerAfterFirstLoad(line: Awaited<ReturnType<typeof onLine>>): Promise<'none' | 'ready' | 'not ready'> {
  const state = await line.page.evaluate(async () => {
    if (!('serviceWorker' in navigator)) return 'none' as const;
    const registration = await navigator.serviceWorker.getRegistration();
    if (!registration) return 'none' as const;
    const ready = await Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 120_000)),
    ]);
    return ready ? ('ready' as const) : ('not ready' as const);
  });
  if (state === 'ready') await line.workers.settled(line.contextId);
  return state;
}

/**
 * Offline: the page loaded, the line cut, typing, the line back: what reaches the server, and
 * when. Then, the line cut again, whether a check-list page still opens (only a service worker
 * can open one).
 */
async function offlineTrial(browser: Browser, workers: WorkerLines) {
  const line = await onLine(browser, workers, null);
  const { context, page } = line;
  try {
    const id = await newDraft(context);
    await page.goto(`/checklists/${id}`);
    await page.waitForFunction(() => (window as unknown as BenchWindow).__bench.hydratedAt !== null);
    const worker = await workerAfterFirstLoad(line);
    const typed = `PV-${randomUUID().slice(0, 6)}`;
    await context.setOffline(true);
    await page.locator(`[id="${FIELD_ID}"]`).pressSequentially(typed, { delay: 30 });
    await page.locator('.save-state--offline').waitFor({ timeout: 30_000 });
    const before = Date.now();
    await context.setOffline(false);
    await page.getByTestId('save-state').filter({ hasText: SAVED_TEXT }).waitFor({ timeout: 60_000 });
    const savedMs = Date.now() - before;
    const stored = await serverReference(context, id);
    await context.setOffline(true);
    const opens = await page
      .goto('/checklists/new', { timeout: 15_000 })
      .then(() =>
        page
          .locator(`[id="${FIELD_ID}"]`)
          .waitFor({ state: 'visible', timeout: 15_000 })
          .then(() => true),
      )
      .catch(() => false);
    await context.setOffline(false);
    return { savedMs, lost: typed.length - commonPrefix(stored, typed), opens, worker };
  } finally {
    await context.close();
  }
}

/**
 * The JavaScript a page loads (cold, unthrottled): all it fetches until the network is quiet,
 * without a service worker (what the page itself needs, whatever a worker would keep).
 */
async function pageWeight(browser: Browser, workers: WorkerLines, email: string, url: () => Promise<string> | string) {
  const line = await onLine(browser, workers, null, { email, blockWorkers: true });
  try {
    const target = await url.call(null);
    line.meter.reset();
    await line.page.goto(target, { waitUntil: 'networkidle' });
    return { ...line.meter.counted, errors: line.errors.length };
  } finally {
    await line.context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

/** Nearest-rank percentile. */
const percentile = (xs: number[], p: number) => {
  const sorted = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '—');
const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;
const spread = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 95))}`;
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((c, j) => c.padEnd(widths[j]!))
        .join('  ')
        .trimEnd(),
    );
}

async function main() {
  const loadStart = loadavg();
  const server = await startServer();
  const launch = playwrightConfig.use?.launchOptions ?? {};
  const browser = await chromium.launch({
    ...launch,
    executablePath: launch.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  console.log(
    `bench:field — production build ${DIST}, Chromium ${browser.version()}, ${TRIALS} trials per line, page and state`,
  );
  console.log(`machine: ${os.availableParallelism()} cores, load average (1, 5, 15 min) at start ${loadStart}`);
  const workers = await WorkerLines.start(browser);
  const rows: string[][] = [
    [
      'line',
      'page',
      'state',
      'usable p50 / p95',
      'on screen p50',
      'page bytes all / JS / HTML',
      'requests (+ cache, sw)',
      'sw fetched all / JS',
      'keystroke → saved p50 / p95',
      'lost',
      'sw controls',
      'errors',
    ],
  ];
  const figures: Record<string, unknown> = { trials: TRIALS, dist: DIST, chromium: browser.version() };
  let totalLost = 0;
  let totalErrors = 0;
  try {
    for (const lineName of LINES) {
      if (lineName === 'offline') {
        const results = [];
        for (let i = 0; i < TRIALS; i++) results.push(await offlineTrial(browser, workers));
        const lost = results.reduce((a, r) => a + r.lost, 0);
        totalLost += lost;
        const opened = results.filter((r) => r.opens).length;
        rows.push([
          'offline',
          'edit',
          'typed offline',
          `a new one opens offline: ${opened}/${results.length}`,
          '—',
          '—',
          '—',
          '—',
          `${spread(results.map((r) => r.savedMs))} after the line returns`,
          String(lost),
          `${results.filter((r) => r.worker === 'ready').length}/${results.length} registered`,
          '—',
        ]);
        figures.offline = results;
        continue;
      }
      const profile = PROFILES[lineName];
      if (profile === undefined) throw new Error(`unknown line ${lineName}`);
      for (const kind of PAGES) {
        const cold: Trial[] = [];
        const warm: Trial[] = [];
        for (let i = 0; i < TRIALS; i++) {
          const line = await onLine(browser, workers, profile, { blockWorkers: BLOCK_WORKERS });
          try {
            const first = await trial(line, kind);
            if ((await workerAfterFirstLoad(line)) === 'ready')
              first.workerReadyMs = await line.page.evaluate(
                () => (window as unknown as BenchWindow).__bench.swReadyAt ?? NaN,
              );
            // The cold load's own bytes, and all its worker fetched until settled.
            first.bytes = {
              ...first.bytes,
              workerAll: line.meter.counted.workerAll,
              workerScript: line.meter.counted.workerScript,
            };
            cold.push(first);
            if (PRINT_REQUESTS && i === 0) printRequests(`${lineName} ${kind} cold`, line.meter);
            warm.push(await trial(line, kind));
            if (PRINT_REQUESTS && i === 0) printRequests(`${lineName} ${kind} warm`, line.meter);
          } finally {
            await line.context.close();
          }
        }
        for (const [state, results] of [
          ['cold', cold],
          ['warm', warm],
        ] as const) {
          const lost = results.reduce((a, r) => a + r.lost, 0);
          const errors = results.reduce((a, r) => a + r.errors, 0);
          totalLost += lost;
          totalErrors += errors;
          const med = (f: (c: Counted) => number) =>
            percentile(
              results.map((r) => f(r.bytes)),
              50,
            );
          rows.push([
            lineName,
            kind,
            state,
            spread(results.map((r) => r.usableMs)),
            ms(
              percentile(
                results.map((r) => r.fcpMs),
                50,
              ),
            ),
            `${kB(med((c) => c.all))} / ${kB(med((c) => c.script))} / ${kB(med((c) => c.html))}`,
            `${med((c) => c.requests)} (+ ${med((c) => c.fromCache)}, ${med((c) => c.fromWorker)})`,
            `${kB(med((c) => c.workerAll))} / ${kB(med((c) => c.workerScript))}`,
            spread(results.map((r) => r.savedMs)),
            String(lost),
            `${results.filter((r) => r.controlled).length}/${results.length}` +
              (results.some((r) => r.workerReadyMs !== undefined)
                ? `, ready at ${ms(
                    percentile(
                      results.map((r) => r.workerReadyMs ?? NaN),
                      50,
                    ),
                  )}`
                : ''),
            String(errors),
          ]);
          figures[`${lineName} ${kind} ${state}`] = results;
        }
      }
    }

    console.log('');
    table(rows);

    // The JavaScript each main page loads, cold and unthrottled: the figure a later change is compared with.
    const weights: [string, string, () => Promise<string> | string][] = [
      ['check-list (new)', REFERRER, () => '/checklists/new'],
      [
        'check-list (edit)',
        REFERRER,
        async () => {
          const c = await signedInContext(browser, REFERRER);
          try {
            return `/checklists/${await newDraft(c)}`;
          } finally {
            await c.close();
          }
        },
      ],
      ['check-lists (list)', REFERRER, () => '/checklists'],
      ['inbox (centre)', CENTRE, () => '/inbox'],
    ];
    const weightRows = [['page', 'JavaScript', 'scripts', 'all bytes', 'HTML', 'errors']];
    const weightFigures: Record<string, unknown> = {};
    for (const [name, email, url] of weights) {
      const w = await pageWeight(browser, workers, email, url);
      weightFigures[name] = w;
      totalErrors += w.errors;
      weightRows.push([name, kB(w.script), String(w.scripts), kB(w.all), kB(w.html), String(w.errors)]);
    }
    figures.pages = weightFigures;
    console.log('');
    console.log('JavaScript per page (cold, no throttling, no service worker; bytes as transferred, compressed):');
    table(weightRows);
    // What a referrer's browser fetches once more when the service worker installs (precache, offline page).
    const install = await onLine(browser, workers, null);
    try {
      install.meter.reset();
      await install.page.goto('/checklists', { waitUntil: 'networkidle' });
      const state = await workerAfterFirstLoad(install);
      const c = install.meter.counted;
      figures.workerInstall = { state, all: c.workerAll, script: c.workerScript };
      console.log(
        state === 'none'
          ? 'service worker: none registered'
          : `service worker (${state}): its install fetches ${kB(c.workerAll)}, ${kB(c.workerScript)} of JavaScript`,
      );
    } finally {
      await install.context.close();
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
  console.log('');
  console.log(`load average at end ${loadavg()} (start ${loadStart})`);
  console.log(`characters lost in all trials: ${totalLost} (must be 0); page errors: ${totalErrors}`);
  console.log('targets on 3G: warm usable ≤ 500 ms, cold usable ≤ 2,500 ms (the usable p50 column)');
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(figures, null, 2));
  if (totalLost > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
