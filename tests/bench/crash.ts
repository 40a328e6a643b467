/**
 * npm run bench:crash — crash consistency of the production server under concurrent writes.
 *
 * On a fresh temporary database (migrated, demo-seeded), each cycle starts `next start`, lets N
 * clients save drafts, complete check-lists, refer and move referrals at the same time, and
 * kills the server with SIGKILL after a random delay. With the server dead, the database file
 * is opened read-only and checked: `PRAGMA integrity_check` is ok, every write that was answered
 * with success is there (at least in the state acknowledged: a later write whose answer the kill
 * cut may have moved it further), nothing is half-written (a completed check-list has its version
 * row and its facts; a referral's status is its last event's; every change has its audit row;
 * the audit hash chain is whole), and an idempotency key never made two records. A request cut by
 * the kill is retried in the next cycle as a real client would: with the same idempotency key,
 * or the same expected version.
 *
 * Options: --cycles=200 --clients=12 --port=3500 --dist=.next (an existing production build)
 *          --min-delay=200 --max-delay=1500 (ms between "server ready" and the kill)
 *          --kill-after-writes=10-30 (instead: kill once the cycle has that many acknowledged writes,
 *          random in the range, plus 0–50 ms — every kill then lands while writes are flowing,
 *          whatever the machine's load; the CI version uses it)
 *          --keep (keep the temporary database and the server log) --quiet (no line per cycle)
 * Exit code 1 on any violation. tests/e2e/crash.spec.ts runs a 20-cycle version in CI.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openDatabase } from '../../db/client';
import { verifyAuditChain, type AuditRow } from '../../lib/audit/audit-chain';
import { hashPassword } from '../../lib/server/auth/password';
import { VALID_ADULT_ANSWERS } from '../support/answers';

export interface CrashOptions {
  cycles: number;
  clients: number;
  port: number;
  /** Build folder of an existing production build (NEXT_DIST_DIR). */
  dist: string;
  minDelayMs: number;
  maxDelayMs: number;
  /** Kill once the cycle has this many acknowledged writes (random in [min, max]) plus 0–50 ms, instead of after a delay. */
  killAfterWrites?: [number, number];
  keep?: boolean;
  log?: (line: string) => void;
}

export interface CrashReport {
  kills: number;
  /** Writes answered with a 2xx. */
  acknowledged: number;
  /** Of those, found in the database (in the state acknowledged or later) right after the kill that followed them. */
  found: number;
  /** Acknowledged writes absent or behind (any cycle's check, including a write lost in a later cycle). */
  missing: number;
  /** Integrity check, half-written state, broken audit chain, duplicated idempotent record. */
  integrityFailures: number;
  /** Answers with a 5xx status while the server was alive. */
  serverErrors: number;
  /** Answers neither 2xx nor an expected conflict after a cut request (a 401 would mean sessions did not survive a restart). */
  unexpectedAnswers: number;
  /** 'database is locked' / SQLITE_BUSY in an answer or in the server's output. */
  lockErrors: number;
  /** Requests that failed without an answer although the server was not being killed. */
  requestFailures: number;
  /** In-flight requests whose answer the kill cut (expected, retried next cycle). */
  cutByKill: number;
  /** Retries of a cut request that found the write already done (committed, answer lost). */
  cutButCommitted: number;
  requestsAnswered: number;
  /** Mean time from spawning the server to its first answer of /signin. */
  meanStartMs: number;
  seconds: number;
  violations: string[];
}

export const DEFAULT_OPTIONS: CrashOptions = {
  cycles: 200,
  clients: 12,
  port: 3500,
  dist: '.next',
  minDelayMs: 200,
  maxDelayMs: 1500,
};

const ROOT = path.resolve(__dirname, '../..');
const PASSWORD = 'crash bench passphrase 2026';
/** Where each client's check-lists are detected, and the centre suggested for that region (lib/referrals/routing.ts). */
const REGIONS: { region: string; centre: string }[] = [
  { region: 'bru', centre: 'pag-asa' },
  { region: 'ant', centre: 'payoke' },
  { region: 'lie', centre: 'surya' },
  { region: 'hai', centre: 'surya' },
  { region: 'lim', centre: 'payoke' },
  { region: 'ovl', centre: 'payoke' },
  { region: 'nam_lux', centre: 'surya' },
  { region: 'vbr', centre: 'payoke' },
];
/** The valid answers (minus the region, set at creation) in three draft saves. */
export const { 'ctx.region': _region, ...REST } = VALID_ADULT_ANSWERS;
export const PATCHES: Record<string, unknown>[] = [
  pick(REST, ['ctx.control_date', 'ctx.forms', 'ctx.sector']),
  pick(REST, ['vic.sex', 'vic.birth_date', 'vic.nationality']),
  pick(REST, ['out.sufficient', 'out.wish']),
];
export const CENTRE_STEPS = [
  { to: 'acknowledged', reason: null },
  { to: 'accepted', reason: null },
  { to: 'closed', reason: 'autonomy' },
] as const;
const STATUS_ORDER = ['sent', 'acknowledged', 'accepted', 'closed'];

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

// ---------------------------------------------------------------------------------------------
// What the clients were told: each acknowledged write and what must be visible after a crash.

export type Ack =
  | { kind: 'checklist.create'; cycle: number; id: string; key: string; completed: boolean }
  | {
      kind: 'checklist.patch';
      cycle: number;
      id: string;
      step: number;
      revision: number;
      reference: string;
      answers: Record<string, unknown>;
    }
  | { kind: 'checklist.complete'; cycle: number; id: string; version: number }
  | { kind: 'referral.create'; cycle: number; id: string; key: string; checklistId: string }
  | { kind: 'referral.transition'; cycle: number; id: string; status: string; version: number };

/** One person's case as one client works it, from the first draft to the closed referral. */
export interface Case {
  n: number;
  key: string;
  /** Created completed in one request (POST with "complete": true) instead of draft, saves, complete. */
  direct: boolean;
  checklistId: string | null;
  patchesDone: number;
  completed: boolean;
  referralKey: string;
  referralId: string | null;
  referralVersion: number;
  centreStepsDone: number;
}

export interface Client {
  index: number;
  region: string;
  referrer: { email: string; cookie: string | null };
  centre: { email: string; cookie: string | null };
  current: Case;
  cases: number;
}

export const reference = (client: Client, c: Case, step: number) => `CRASH-${client.index}-${c.n}-${step}`;

export function newCase(client: Client): Case {
  const n = ++client.cases;
  return {
    n,
    key: `crash-${randomUUID()}`,
    direct: n % 3 === 0,
    checklistId: null,
    patchesDone: 0,
    completed: false,
    referralKey: `crash-ref-${randomUUID()}`,
    referralId: null,
    referralVersion: 1,
    centreStepsDone: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP: node:http with one keep-alive agent per server life, so no socket of a killed server is reused.

export interface Answer {
  status: number;
  body: string;
  setCookies: string[];
}

export class Cut extends Error {}

export function request(
  agent: http.Agent,
  port: number,
  method: string,
  urlPath: string,
  opts: {
    cookie?: string | null;
    json?: unknown;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers };
    let payload: string | undefined;
    if (opts.json !== undefined) {
      payload = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    } else if (opts.form) {
      payload = new URLSearchParams(opts.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    if (opts.cookie) headers.cookie = opts.cookie;
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'];
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          setCookies: Array.isArray(setCookie) ? setCookie : [],
        });
      });
      res.on('error', (e) => reject(new Cut(String(e))));
      res.on('aborted', () => reject(new Cut('aborted')));
    });
    req.on('error', (e) => reject(new Cut(String(e))));
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end(payload);
  });
}

const cookieValue = (setCookies: string[], name: string) =>
  setCookies.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`)) ?? null;

/** Signs in through next-auth's credentials callback, as the sign-in page does; returns the session cookie. */
export async function signIn(agent: http.Agent, port: number, email: string): Promise<string> {
  const csrf = await request(agent, port, 'GET', '/api/auth/csrf');
  const csrfCookie = cookieValue(csrf.setCookies, 'next-auth.csrf-token');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await request(agent, port, 'POST', '/api/auth/callback/credentials', {
    cookie: csrfCookie,
    form: { email, password: PASSWORD, csrfToken, callbackUrl: '/', json: 'true' },
  });
  const session = cookieValue(answer.setCookies, 'next-auth.session-token');
  if (!session) throw new Error(`sign-in of ${email} failed (${answer.status})`);
  return session;
}

// ---------------------------------------------------------------------------------------------
// The server.

function startServer(opts: CrashOptions, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  // The production launcher under node (no npm/npx wrapper): the PID is the server's, so SIGKILL
  // hits it; its workers see their channel close and end with it.
  const server = spawn(process.execPath, [path.join(ROOT, 'lib/runtime/serve.mjs'), '-p', String(opts.port)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  return server;
}

export async function waitUntilReady(port: number, server: ChildProcess): Promise<void> {
  const agent = new http.Agent({ keepAlive: false });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (server.exitCode !== null || server.signalCode !== null)
        throw new Error(`the server exited (${server.exitCode ?? server.signalCode}) before answering`);
      try {
        if ((await request(agent, port, 'GET', '/signin')).status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error('the server did not answer /signin within 60 s');
  } finally {
    agent.destroy();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const exited = (server: ChildProcess) =>
  new Promise<void>((resolve) =>
    server.exitCode !== null || server.signalCode !== null ? resolve() : server.once('exit', () => resolve()),
  );

// ---------------------------------------------------------------------------------------------
// The bench.

export async function runCrashBench(options: Partial<CrashOptions> = {}): Promise<CrashReport> {
  const opts: CrashOptions = { ...DEFAULT_OPTIONS, ...options };
  const log = opts.log ?? ((line: string) => console.log(line));
  const dist = path.resolve(ROOT, opts.dist);
  if (!fs.existsSync(path.join(dist, 'BUILD_ID')))
    throw new Error(`no production build in ${dist}: run npm run build first`);
  const started = Date.now();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-crash-'));
  const dbFile = path.join(dir, 'relais.sqlite');
  const serverLog = path.join(dir, 'server.log');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: opts.dist,
    RELAIS_DB_PATH: dbFile,
    RELAIS_DEMO: '1',
    NEXTAUTH_URL: `http://localhost:${opts.port}`,
    PORT: String(opts.port),
  };

  const report: CrashReport = {
    kills: 0,
    acknowledged: 0,
    found: 0,
    missing: 0,
    integrityFailures: 0,
    serverErrors: 0,
    unexpectedAnswers: 0,
    lockErrors: 0,
    requestFailures: 0,
    cutByKill: 0,
    cutButCommitted: 0,
    requestsAnswered: 0,
    meanStartMs: 0,
    seconds: 0,
    violations: [],
  };
  const violation = (
    counter: 'missing' | 'integrityFailures' | 'serverErrors' | 'unexpectedAnswers' | 'lockErrors' | 'requestFailures',
    text: string,
  ) => {
    report[counter]++;
    if (report.violations.length < 200) report.violations.push(text);
  };

  let server: ChildProcess | null = null;
  // If this process ends abruptly (a test runner's timeout), the server must not outlive it.
  const killOnExit = () => server?.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    // A fresh database: migrations, then the demo seed (which writes through the data access layer).
    const init = openDatabase(dbFile);
    migrate(drizzle(init), { migrationsFolder: path.join(ROOT, 'db/migrations') });
    init.close();
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['db/seed.ts', '--demo'], {
      cwd: ROOT,
      env: { ...env, NODE_OPTIONS: '--conditions=react-server' },
      stdio: 'pipe',
    });
    const clients = createClients(dbFile, opts.clients, await hashPassword(PASSWORD));

    const acks: Ack[] = [];
    let startMs = 0;
    for (let cycle = 1; cycle <= opts.cycles; cycle++) {
      const spawned = Date.now();
      server = startServer(opts, env, serverLog);
      const logStart = fs.statSync(serverLog).size;
      await waitUntilReady(opts.port, server);
      const ready = Date.now();
      startMs += Date.now() - spawned;
      const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients * 2 });
      let killing = false;
      let answered = 0;
      let cut = 0;
      const cycleAcks: Ack[] = [];

      // Sessions live in the database and the cookie is signed with the secret kept beside it:
      // signing in once must be enough for every later server life (a 401 would be reported).
      for (const client of clients) {
        if (!client.referrer.cookie) client.referrer.cookie = await signIn(agent, opts.port, client.referrer.email);
        if (!client.centre.cookie) client.centre.cookie = await signIn(agent, opts.port, client.centre.email);
      }

      const call = async (
        client: Client,
        who: 'referrer' | 'centre',
        method: string,
        urlPath: string,
        json?: unknown,
        headers?: Record<string, string>,
      ): Promise<Answer | null> => {
        try {
          const answer = await request(agent, opts.port, method, urlPath, {
            cookie: client[who].cookie,
            json,
            headers,
          });
          answered++;
          if (/database is locked|SQLITE_BUSY/i.test(answer.body))
            violation('lockErrors', `${method} ${urlPath}: ${answer.status} ${answer.body.slice(0, 200)}`);
          if (answer.status >= 500)
            violation(
              'serverErrors',
              `cycle ${cycle}: ${method} ${urlPath} → ${answer.status} ${answer.body.slice(0, 200)}`,
            );
          return answer;
        } catch (e) {
          if (!(e instanceof Cut)) throw e;
          if (killing) {
            cut++;
          } else {
            violation('requestFailures', `cycle ${cycle}: ${method} ${urlPath} failed without a kill: ${e.message}`);
          }
          return null;
        }
      };
      const unexpected = (client: Client, what: string, answer: Answer): false => {
        violation(
          'unexpectedAnswers',
          `cycle ${cycle}, client ${client.index}: ${what} → ${answer.status} ${answer.body.slice(0, 200)}`,
        );
        return false;
      };

      /** One request of the client's case; false when the client should stop (kill, or an answer that makes no sense). */
      const step = async (client: Client): Promise<boolean> => {
        const c = client.current;
        if (!c.checklistId) {
          const answers = c.direct
            ? { ...REST, 'ctx.region': client.region, 'ctx.reference': reference(client, c, 0) }
            : { 'ctx.region': client.region, 'ctx.reference': reference(client, c, 0) };
          const a = await call(
            client,
            'referrer',
            'POST',
            '/api/v1/checklists',
            { answers, complete: c.direct },
            { 'Idempotency-Key': c.key },
          );
          if (!a) return false;
          if (a.status !== 201 && a.status !== 200) return unexpected(client, 'create check-list', a);
          const body = JSON.parse(a.body) as { id: string; created: boolean; status: string; version: number };
          if (a.status === 200) report.cutButCommitted++;
          if (body.status !== (c.direct ? 'completed' : 'draft'))
            return unexpected(client, 'create check-list (status)', a);
          c.checklistId = body.id;
          c.completed = c.direct;
          cycleAcks.push({ kind: 'checklist.create', cycle, id: body.id, key: c.key, completed: c.direct });
          return true;
        }
        if (!c.completed && c.patchesDone < PATCHES.length) {
          const k = c.patchesDone;
          const patch = { ...PATCHES[k], 'ctx.reference': reference(client, c, k + 1) };
          const a = await call(client, 'referrer', 'PATCH', `/api/v1/checklists/${c.checklistId}`, { answers: patch });
          if (!a) return false;
          if (a.status !== 200) return unexpected(client, 'save draft', a);
          const { revision } = JSON.parse(a.body) as { revision: number };
          c.patchesDone++;
          const answers = Object.assign({}, ...PATCHES.slice(0, k + 1)) as Record<string, unknown>;
          cycleAcks.push({
            kind: 'checklist.patch',
            cycle,
            id: c.checklistId,
            step: k + 1,
            revision,
            reference: reference(client, c, k + 1),
            answers,
          });
          return true;
        }
        if (!c.completed) {
          const a = await call(client, 'referrer', 'POST', `/api/v1/checklists/${c.checklistId}/complete`, {});
          if (!a) return false;
          if (a.status === 409 && a.body.includes('errors.checklistAlreadyCompleted')) {
            report.cutButCommitted++; // the completion whose answer the kill cut was committed
            c.completed = true;
            return true;
          }
          if (a.status !== 200) return unexpected(client, 'complete', a);
          const { version } = JSON.parse(a.body) as { version: number };
          c.completed = true;
          cycleAcks.push({ kind: 'checklist.complete', cycle, id: c.checklistId, version });
          return true;
        }
        if (!c.referralId) {
          const a = await call(
            client,
            'referrer',
            'POST',
            '/api/v1/referrals',
            { checklistId: c.checklistId },
            { 'Idempotency-Key': c.referralKey },
          );
          if (!a) return false;
          if (a.status !== 201 && a.status !== 200) return unexpected(client, 'refer', a);
          if (a.status === 200) report.cutButCommitted++;
          const body = JSON.parse(a.body) as { id: string };
          c.referralId = body.id;
          c.referralVersion = 1;
          cycleAcks.push({
            kind: 'referral.create',
            cycle,
            id: body.id,
            key: c.referralKey,
            checklistId: c.checklistId,
          });
          return true;
        }
        if (c.centreStepsDone < CENTRE_STEPS.length) {
          const s = CENTRE_STEPS[c.centreStepsDone]!;
          const a = await call(client, 'centre', 'POST', `/api/v1/referrals/${c.referralId}/transitions`, {
            to: s.to,
            ...(s.reason ? { reason: s.reason } : {}),
            expectedVersion: c.referralVersion,
          });
          if (!a) return false;
          if (a.status === 409) {
            // Only this client acts on this referral: a conflict means the cut transition was committed.
            const current = (JSON.parse(a.body) as { current?: { status: string; version: number } }).current;
            if (current?.status !== s.to || current.version !== c.referralVersion + 1)
              return unexpected(client, `transition to ${s.to}`, a);
            report.cutButCommitted++;
            c.referralVersion = current.version;
            c.centreStepsDone++;
            return true;
          }
          if (a.status !== 200) return unexpected(client, `transition to ${s.to}`, a);
          const body = JSON.parse(a.body) as { status: string; version: number };
          c.referralVersion = body.version;
          c.centreStepsDone++;
          cycleAcks.push({
            kind: 'referral.transition',
            cycle,
            id: c.referralId,
            status: body.status,
            version: body.version,
          });
          return true;
        }
        client.current = newCase(client);
        return true;
      };

      const workers = clients.map(async (client) => {
        while (!killing && (await step(client)));
      });
      const trigger = async () => {
        if (!opts.killAfterWrites) return sleep(opts.minDelayMs + Math.random() * (opts.maxDelayMs - opts.minDelayMs));
        const [min, max] = opts.killAfterWrites;
        const target = min + Math.floor(Math.random() * (max - min + 1));
        while (cycleAcks.length < target && Date.now() - ready < 10_000) await sleep(2);
        await sleep(Math.random() * 50);
      };
      await Promise.race([trigger(), Promise.all(workers)]);
      const delay = Date.now() - ready;
      killing = true;
      server.kill('SIGKILL');
      await exited(server);
      server = null;
      report.kills++;
      await Promise.all(workers);
      agent.destroy();

      const output = fs.readFileSync(serverLog, 'utf8').slice(logStart);
      for (const line of output.split('\n'))
        if (/database is locked|SQLITE_BUSY/i.test(line))
          violation('lockErrors', `cycle ${cycle}, server output: ${line.slice(0, 200)}`);

      // The checks, on the file the dead server left.
      report.acknowledged += cycleAcks.length;
      acks.push(...cycleAcks);
      const check = checkDatabase(dbFile, acks);
      for (const problem of check.integrity) violation('integrityFailures', `cycle ${cycle}: ${problem}`);
      for (const problem of check.missing) violation('missing', `cycle ${cycle}: ${problem}`);
      report.found += cycleAcks.filter((a) => check.foundAcks.has(a)).length;
      report.cutByKill += cut;
      report.requestsAnswered += answered;
      if (
        report.unexpectedAnswers + report.serverErrors + report.requestFailures > 0 &&
        report.violations.length > 50
      ) {
        log('too many failures: stopping early');
        break;
      }
      log(
        `cycle ${String(cycle).padStart(3)}/${opts.cycles}: killed after ${Math.round(delay)} ms, ${answered} answers, ${cycleAcks.length} writes acknowledged, ` +
          `${cycleAcks.filter((a) => check.foundAcks.has(a)).length} found, ${cut} cut` +
          (check.integrity.length + check.missing.length > 0
            ? `, ${check.integrity.length + check.missing.length} PROBLEMS`
            : ''),
      );
    }
    report.meanStartMs = Math.round(startMs / Math.max(1, report.kills));
  } finally {
    process.removeListener('exit', killOnExit);
    if (server) {
      server.kill('SIGKILL');
      await exited(server);
    }
    if (opts.keep) log(`kept: ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  return report;
}

/** One referrer (in an ONSS direction) and one centre staff member (the centre suggested for the referrer's region) per client. */
export function createClients(dbFile: string, count: number, passwordHash: string): Client[] {
  const sqlite = new Database(dbFile);
  try {
    const orgId = (code: string) => {
      const id = sqlite.prepare('SELECT id FROM organisations WHERE code = ?').pluck().get(code) as string | undefined;
      if (!id) throw new Error(`no organisation ${code} in the seed`);
      return id;
    };
    const insert = sqlite.prepare(
      `INSERT INTO users (id, email, name, role, organisation_id, active, password_hash, must_change_password, is_demo, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, ?, 0, 0, ?, ?)`,
    );
    const now = new Date().toISOString();
    const clients: Client[] = [];
    for (let i = 0; i < count; i++) {
      const { region, centre } = REGIONS[i % REGIONS.length]!;
      const referrer = `crash-referrer-${i}@bench.relais.invalid`;
      const staff = `crash-centre-${i}@bench.relais.invalid`;
      insert.run(
        randomUUID(),
        referrer,
        `Crash referrer ${i}`,
        'referrer',
        orgId(`onss-${region}`),
        passwordHash,
        now,
        now,
      );
      insert.run(randomUUID(), staff, `Crash centre ${i}`, 'centre_staff', orgId(centre), passwordHash, now, now);
      const client: Client = {
        index: i,
        region,
        referrer: { email: referrer, cookie: null },
        centre: { email: staff, cookie: null },
        current: undefined as unknown as Case,
        cases: 0,
      };
      client.current = newCase(client);
      clients.push(client);
    }
    return clients;
  } finally {
    sqlite.close();
  }
}

interface ChecklistRow {
  id: string;
  idempotency_key: string;
  status: string;
  version: number;
  revision: number;
  answers: string;
  year: number | null;
  first_completed_at: string | null;
}
interface ReferralRow {
  id: string;
  checklist_id: string | null;
  idempotency_key: string;
  status: string;
  version: number;
}

/**
 * Reads the database read-only and checks the acknowledged writes and the invariants that a
 * half-written transaction would break.
 */
export function checkDatabase(
  dbFile: string,
  acks: Ack[],
): { integrity: string[]; missing: string[]; foundAcks: Set<Ack> } {
  const integrity: string[] = [];
  const missing: string[] = [];
  const foundAcks = new Set<Ack>();
  const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const ic = sqlite.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (ic.length !== 1 || ic[0]!.integrity_check !== 'ok')
      integrity.push(
        `integrity_check: ${ic
          .map((r) => r.integrity_check)
          .join('; ')
          .slice(0, 300)}`,
      );
    const fk = sqlite.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) integrity.push(`foreign_key_check: ${fk.length} row(s) pointing nowhere`);

    // Every completed (or being corrected) check-list has a version row for each of its versions; a completed one has its facts.
    for (const row of sqlite
      .prepare(
        `SELECT c.id, c.status, c.version, c.year, c.first_completed_at,
                (SELECT count(*) FROM checklist_versions v WHERE v.checklist_id = c.id) AS versions,
                (SELECT max(v.version) FROM checklist_versions v WHERE v.checklist_id = c.id) AS max_version,
                (SELECT v.answers FROM checklist_versions v WHERE v.checklist_id = c.id AND v.version = c.version) AS version_answers,
                c.answers
         FROM checklists c`,
      )
      .all() as (ChecklistRow & { versions: number; max_version: number | null; version_answers: string | null })[]) {
      if (row.versions !== row.version || (row.version > 0 && row.max_version !== row.version))
        integrity.push(`check-list ${row.id}: version ${row.version} but ${row.versions} version row(s)`);
      if (row.status === 'completed') {
        if (row.version < 1 || row.year === null || row.first_completed_at === null)
          integrity.push(
            `check-list ${row.id}: completed without its version or facts (version ${row.version}, year ${row.year})`,
          );
        if (row.version_answers !== null && row.version_answers !== row.answers)
          integrity.push(`check-list ${row.id}: answers differ from its version ${row.version}`);
      }
    }
    // A referral's status and version are its events': one event per version, the last one's status.
    for (const row of sqlite
      .prepare(
        `SELECT r.id, r.status, r.version,
                (SELECT count(*) FROM referral_events e WHERE e.referral_id = r.id) AS events,
                (SELECT e.to_status FROM referral_events e WHERE e.referral_id = r.id ORDER BY e.at DESC, e.rowid DESC LIMIT 1) AS last_status
         FROM referrals r`,
      )
      .all() as (ReferralRow & { events: number; last_status: string | null })[]) {
      if (row.events !== row.version || row.last_status !== row.status)
        integrity.push(
          `referral ${row.id}: status ${row.status} v${row.version}, but ${row.events} event(s), last ${row.last_status}`,
        );
    }
    // Every change has its audit row, written in the same transaction.
    const auditCount = sqlite
      .prepare(
        "SELECT action || ' ' || target_id AS k, count(*) AS n FROM audit_events WHERE outcome = 'ok' AND target_id IS NOT NULL GROUP BY action, target_id",
      )
      .all() as { k: string; n: number }[];
    const audited = new Map(auditCount.map((r) => [r.k, r.n]));
    // An idempotency key never makes two records.
    const dupChecklists = sqlite
      .prepare(
        'SELECT organisation_id, idempotency_key, count(*) AS n FROM checklists GROUP BY organisation_id, idempotency_key HAVING n > 1',
      )
      .all();
    if (dupChecklists.length > 0)
      integrity.push(`${dupChecklists.length} idempotency key(s) with two check-lists or more`);
    const dupReferrals = sqlite
      .prepare(
        'SELECT created_by, idempotency_key, count(*) AS n FROM referrals GROUP BY created_by, idempotency_key HAVING n > 1',
      )
      .all();
    if (dupReferrals.length > 0) integrity.push(`${dupReferrals.length} idempotency key(s) with two referrals or more`);
    // The audit log's hash chain is whole (lib/audit/audit-chain.ts).
    const rows = sqlite
      .prepare(
        `SELECT id, at, actor_user_id AS actorUserId, actor_organisation_id AS actorOrganisationId, action, outcome, target_type AS targetType,
                target_id AS targetId, ip, detail, prev_hash AS prevHash, hash FROM audit_events ORDER BY id`,
      )
      .iterate() as IterableIterator<AuditRow>;
    const sequence =
      (sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck().get() as
        number | undefined) ?? null;
    const chain = verifyAuditChain(rows, sequence);
    for (const p of chain.problems.slice(0, 5))
      integrity.push(`audit chain: ${p.kind} at ${p.id ?? 'end'}: ${p.detail}`);

    // The clients' records, and what each acknowledged write promised.
    const checklists = new Map(
      (
        sqlite
          .prepare(
            "SELECT id, idempotency_key, status, version, revision, answers, year, first_completed_at FROM checklists WHERE idempotency_key LIKE 'crash-%'",
          )
          .all() as ChecklistRow[]
      ).map((r) => [r.id, r]),
    );
    const referrals = new Map(
      (
        sqlite
          .prepare(
            "SELECT id, checklist_id, idempotency_key, status, version FROM referrals WHERE idempotency_key LIKE 'crash-ref-%'",
          )
          .all() as ReferralRow[]
      ).map((r) => [r.id, r]),
    );
    for (const c of checklists.values()) {
      if (audited.get(`checklist.create ${c.id}`) !== 1)
        integrity.push(`check-list ${c.id}: ${audited.get(`checklist.create ${c.id}`) ?? 0} creation audit rows`);
      if (c.version >= 1 && audited.get(`checklist.complete ${c.id}`) !== 1)
        integrity.push(`check-list ${c.id}: completed without its audit row`);
      // Draft saves: revision 1 at creation, one more per save; the answers a save brought come together.
      const answers = JSON.parse(c.answers) as Record<string, unknown>;
      const ref = String(answers['ctx.reference'] ?? '');
      const step = Number(ref.split('-').pop());
      if (!Number.isInteger(step)) {
        integrity.push(`check-list ${c.id}: reference ${ref} lost`);
        continue;
      }
      for (const patch of PATCHES.slice(0, Math.min(step, PATCHES.length))) {
        for (const [code, value] of Object.entries(patch)) {
          if (JSON.stringify(answers[code]) !== JSON.stringify(value))
            integrity.push(`check-list ${c.id}: save ${step} visible without its ${code}`);
        }
      }
      const updates = audited.get(`checklist.update ${c.id}`) ?? 0;
      if (c.revision !== 1 + updates + (c.version >= 1 ? 1 : 0))
        integrity.push(`check-list ${c.id}: revision ${c.revision} but ${updates} audited save(s)`);
    }
    for (const r of referrals.values()) {
      if (audited.get(`referral.create ${r.id}`) !== 1)
        integrity.push(`referral ${r.id}: ${audited.get(`referral.create ${r.id}`) ?? 0} creation audit rows`);
      if ((audited.get(`referral.transition ${r.id}`) ?? 0) !== r.version - 1)
        integrity.push(
          `referral ${r.id}: version ${r.version} but ${audited.get(`referral.transition ${r.id}`) ?? 0} audited transition(s)`,
        );
    }

    for (const ack of acks) {
      const problem = ackProblem(ack, checklists, referrals);
      if (problem) missing.push(`${ack.kind} acknowledged in cycle ${ack.cycle}: ${problem}`);
      else foundAcks.add(ack);
    }
  } finally {
    sqlite.close();
  }
  return { integrity, missing, foundAcks };
}

function ackProblem(
  ack: Ack,
  checklists: Map<string, ChecklistRow>,
  referrals: Map<string, ReferralRow>,
): string | null {
  switch (ack.kind) {
    case 'checklist.create': {
      const row = checklists.get(ack.id);
      if (!row) return `check-list ${ack.id} absent`;
      if (row.idempotency_key !== ack.key) return `check-list ${ack.id} has another key`;
      if (ack.completed && (row.status !== 'completed' || row.version < 1))
        return `check-list ${ack.id} created completed, found ${row.status} v${row.version}`;
      return null;
    }
    case 'checklist.patch': {
      const row = checklists.get(ack.id);
      if (!row) return `check-list ${ack.id} absent`;
      if (row.revision < ack.revision)
        return `check-list ${ack.id} at revision ${row.revision}, ${ack.revision} acknowledged`;
      const answers = JSON.parse(row.answers) as Record<string, unknown>;
      const step = Number(String(answers['ctx.reference']).split('-').pop());
      if (!(step >= ack.step)) return `check-list ${ack.id}: save ${ack.step} acknowledged, save ${step} visible`;
      if (row.revision === ack.revision && answers['ctx.reference'] !== ack.reference)
        return `check-list ${ack.id} at revision ${row.revision} with reference ${String(answers['ctx.reference'])}, ${ack.reference} acknowledged`;
      for (const [code, value] of Object.entries(ack.answers)) {
        if (JSON.stringify(answers[code]) !== JSON.stringify(value))
          return `check-list ${ack.id}: ${code} is ${JSON.stringify(answers[code])}, ${JSON.stringify(value)} acknowledged`;
      }
      return null;
    }
    case 'checklist.complete': {
      const row = checklists.get(ack.id);
      if (!row) return `check-list ${ack.id} absent`;
      if (row.status !== 'completed' || row.version < ack.version)
        return `check-list ${ack.id} is ${row.status} v${row.version}, completed v${ack.version} acknowledged`;
      return null;
    }
    case 'referral.create': {
      const row = referrals.get(ack.id);
      if (!row) return `referral ${ack.id} absent`;
      if (row.idempotency_key !== ack.key || row.checklist_id !== ack.checklistId)
        return `referral ${ack.id} has another key or check-list`;
      return null;
    }
    case 'referral.transition': {
      const row = referrals.get(ack.id);
      if (!row) return `referral ${ack.id} absent`;
      if (row.version < ack.version || STATUS_ORDER.indexOf(row.status) < STATUS_ORDER.indexOf(ack.status))
        return `referral ${ack.id} is ${row.status} v${row.version}, ${ack.status} v${ack.version} acknowledged`;
      if (row.version === ack.version && row.status !== ack.status)
        return `referral ${ack.id} v${row.version} is ${row.status}, ${ack.status} acknowledged`;
      return null;
    }
  }
}

function parseArgs(argv: string[]): Partial<CrashOptions> {
  const args = Object.fromEntries(argv.map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
  const num = (name: string) => (args[name] !== undefined ? Number(args[name]) : undefined);
  const out: Partial<CrashOptions> = {};
  if (num('cycles') !== undefined) out.cycles = num('cycles');
  if (num('clients') !== undefined) out.clients = num('clients');
  if (num('port') !== undefined) out.port = num('port');
  if (num('min-delay') !== undefined) out.minDelayMs = num('min-delay');
  if (num('max-delay') !== undefined) out.maxDelayMs = num('max-delay');
  if (args.dist) out.dist = args.dist;
  const writes = /^(\d+)-(\d+)$/.exec(args['kill-after-writes'] ?? '');
  if (writes) out.killAfterWrites = [Number(writes[1]), Number(writes[2])];
  if ('keep' in args) out.keep = true;
  if ('quiet' in args) out.log = () => {};
  return out;
}

export function formatReport(r: CrashReport): string {
  return [
    `kills                                  ${r.kills}`,
    `writes acknowledged                    ${r.acknowledged}`,
    `writes found                           ${r.found}`,
    `missing                                ${r.missing}`,
    `integrity failures                     ${r.integrityFailures}`,
    `5xx answers before the kill            ${r.serverErrors}`,
    `'database is locked' / SQLITE_BUSY     ${r.lockErrors}`,
    `unexpected answers                     ${r.unexpectedAnswers}`,
    `requests failed without a kill         ${r.requestFailures}`,
    `in-flight requests cut by the kill     ${r.cutByKill} (expected; retried in the next cycle)`,
    `  of which committed (found on retry)  ${r.cutButCommitted}`,
    `requests answered                      ${r.requestsAnswered}`,
    `server start to first answer (mean)    ${r.meanStartMs} ms`,
    `time                                   ${r.seconds} s`,
  ].join('\n');
}

export const violationCount = (r: CrashReport) =>
  r.missing + r.integrityFailures + r.serverErrors + r.lockErrors + r.unexpectedAnswers + r.requestFailures;

if (require.main === module) {
  const opts = { ...DEFAULT_OPTIONS, ...parseArgs(process.argv.slice(2)) };
  console.log(
    `bench:crash — ${opts.cycles} cycles, ${opts.clients} clients, port ${opts.port}, build ${opts.dist}, kill ${opts.killAfterWrites ? `after ${opts.killAfterWrites.join('–')} acknowledged writes` : `${opts.minDelayMs}–${opts.maxDelayMs} ms after ready`}`,
  );
  runCrashBench(opts).then(
    (report) => {
      console.log(formatReport(report));
      for (const v of report.violations.slice(0, 50)) console.log(`  ✗ ${v}`);
      const n = violationCount(report);
      console.log(n === 0 ? 'OK: no violation' : `FAILED: ${n} violation(s)`);
      process.exitCode = n === 0 ? 0 : 1;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
