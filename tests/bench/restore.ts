/**
 * npm run bench:restore — the disaster drill of continuous replication (decision 0028).
 *
 * On a fresh temporary database (migrated, with the reference organisations) replicated by Litestream to a file://
 * replica, the production server runs as `npm start` runs it (lib/runtime/start.mjs). Each run:
 * N clients save drafts, complete check-lists, refer and move referrals through the HTTP API
 * (the clients of tests/bench/crash.ts); at a random moment every process of the server
 * (launcher, Litestream, the server and its workers) is killed with SIGKILL and the database
 * files are deleted — the machine is lost. Then `npm run db:restore` rebuilds the database from
 * the replica and checks it, the server starts again on it, and the run measures:
 *
 * - acknowledged writes lost (answered 2xx, absent from the restored database), and the RPO in
 *   seconds: how long before the kill the oldest lost write was acknowledged;
 * - the RTO: from the kill to the restarted server's first answer (restore and checks included);
 * - the checks: db:restore's (integrity, foreign keys, audit chain, statistics counters) and
 *   bench:crash's (nothing half-written, every change audited, idempotency).
 *
 * Options: --runs=20 --clients=8 --port=3600 --dist=.next (an existing production build)
 *          --min-delay=2000 --max-delay=8000 (ms of writes before the kill)
 *          --sync-interval=1s (Litestream's) --keep --quiet
 * Exit code 1 if a check fails or a lost write was acknowledged more than --rpo-bound seconds
 * (5 by default, the documented bound) before the kill. tests/e2e/replication.spec.ts runs a
 * short version.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openDatabase } from '../../db/client';
import { hashPassword } from '../../lib/server/auth/password';
import {
  CENTRE_STEPS,
  Cut,
  PATCHES,
  REST,
  checkDatabase,
  createClients,
  exited,
  newCase,
  reference,
  request,
  signIn,
  sleep,
  waitUntilReady,
  type Ack,
  type Answer,
  type Client,
} from './crash';

export interface DrillOptions {
  runs: number;
  clients: number;
  port: number;
  dist: string;
  minDelayMs: number;
  maxDelayMs: number;
  syncInterval: string;
  rpoBoundSeconds: number;
  keep?: boolean;
  log?: (line: string) => void;
}

export const DEFAULT_DRILL: DrillOptions = {
  runs: 20,
  clients: 8,
  port: 3600,
  dist: '.next',
  minDelayMs: 2000,
  maxDelayMs: 8000,
  syncInterval: '1s',
  rpoBoundSeconds: 5,
};

export interface DrillRun {
  run: number;
  /** From the first write of the run to the kill. */
  writingMs: number;
  acknowledged: number;
  lost: number;
  /** How long before the kill the oldest lost write was acknowledged (0 when none was lost). */
  rpoSeconds: number;
  /** How long before the kill the last acknowledged write was (the writes' pace, for reading rpoSeconds). */
  lastAckBeforeKillSeconds: number | null;
  restoreMs: number;
  /** Kill → the restarted server's first answer. */
  rtoMs: number;
  restoreChecks: 'ok' | string;
  problems: string[];
}

export interface DrillReport {
  runs: DrillRun[];
  errors: string[];
  /** What /healthz answered anonymously once the last restored server had replicated again. */
  healthz: string | null;
  seconds: number;
}

const ROOT = path.resolve(__dirname, '../..');

/** Every process below `pid` (Linux /proc), deepest last. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** The machine is lost: every process of the server dies at once, none gets to flush anything. */
function killEverything(server: ChildProcess, pids = [server.pid!, ...descendants(server.pid!)]) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function startReplicated(opts: DrillOptions, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const server = spawn(process.execPath, [path.join(ROOT, 'lib/runtime/start.mjs'), '-p', String(opts.port)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  return server;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export async function runRestoreDrill(options: Partial<DrillOptions> = {}): Promise<DrillReport> {
  const opts: DrillOptions = { ...DEFAULT_DRILL, ...options };
  const log = opts.log ?? ((line: string) => console.log(line));
  const dist = path.resolve(ROOT, opts.dist);
  if (!fs.existsSync(path.join(dist, 'BUILD_ID')))
    throw new Error(`no production build in ${dist}: run npm run build first`);
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-restore-'));
  const dbFile = path.join(dir, 'data', 'relais.sqlite');
  const replicaUrl = `file://${path.join(dir, 'replica')}`;
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
    RELAIS_REPLICA_URL: replicaUrl,
    RELAIS_REPLICA_SYNC_INTERVAL: opts.syncInterval,
    NEXTAUTH_URL: `http://localhost:${opts.port}`,
    // As in production (docs/operations.md): the secret is not kept on the machine that is lost.
    NEXTAUTH_SECRET: randomBytes(48).toString('base64'),
    PORT: String(opts.port),
  };
  const report: DrillReport = { runs: [], errors: [], healthz: null, seconds: 0 };
  let server: ChildProcess | null = null;
  const killOnExit = () => server && killEverything(server);
  process.once('exit', killOnExit);
  try {
    const init = openDatabase(dbFile);
    migrate(drizzle(init), { migrationsFolder: path.join(ROOT, 'db/migrations') });
    init.close();
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['db/seed.ts', '--organisations'], {
      cwd: ROOT,
      env: { ...env, NODE_OPTIONS: '--conditions=react-server' },
      stdio: 'pipe',
    });
    // The session secret is kept beside the database: a lost machine loses it too.
    const clients = createClients(dbFile, opts.clients, await hashPassword('crash bench passphrase 2026'));
    server = startReplicated(opts, env, serverLog);
    await waitUntilReady(opts.port, server);

    for (let run = 1; run <= opts.runs; run++) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients * 2 });
      const acks: Ack[] = [];
      const ackedAt = new Map<Ack, number>();
      let killing = false;
      const ack = (a: Ack) => {
        acks.push(a);
        ackedAt.set(a, Date.now());
      };
      const error = (text: string) => {
        if (report.errors.length < 100) report.errors.push(`run ${run}: ${text}`);
      };
      for (const client of clients) {
        client.current = newCase(client);
        // Sessions are in the database: those replicated survive the restore; a lost one signs in again.
        for (const who of ['referrer', 'centre'] as const)
          if (!client[who].cookie) client[who].cookie = await signIn(agent, opts.port, client[who].email);
      }

      const call = async (
        client: Client,
        who: 'referrer' | 'centre',
        method: string,
        urlPath: string,
        json?: unknown,
        headers?: Record<string, string>,
      ): Promise<Answer | null> => {
        for (let attempt = 0; attempt < 2; attempt++) {
          try {
            const answer = await request(agent, opts.port, method, urlPath, {
              cookie: client[who].cookie,
              json,
              headers,
            });
            if (answer.status === 401 && attempt === 0) {
              client[who].cookie = await signIn(agent, opts.port, client[who].email);
              continue;
            }
            if (answer.status >= 500) error(`${method} ${urlPath} → ${answer.status} ${answer.body.slice(0, 200)}`);
            return answer;
          } catch (e) {
            if (!(e instanceof Cut)) throw e;
            if (!killing) error(`${method} ${urlPath} failed without a kill: ${e.message}`);
            return null;
          }
        }
        return null;
      };

      /** One request of the client's case (bench:crash's sequence); false when the client stops. */
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
            {
              'Idempotency-Key': c.key,
            },
          );
          if (!a || (a.status !== 201 && a.status !== 200)) return unexpected(a, 'create check-list');
          const body = JSON.parse(a.body) as { id: string };
          c.checklistId = body.id;
          c.completed = c.direct;
          ack({ kind: 'checklist.create', cycle: run, id: body.id, key: c.key, completed: c.direct });
          return true;
        }
        if (!c.completed && c.patchesDone < PATCHES.length) {
          const k = c.patchesDone;
          const patch = { ...PATCHES[k], 'ctx.reference': reference(client, c, k + 1) };
          const a = await call(client, 'referrer', 'PATCH', `/api/v1/checklists/${c.checklistId}`, { answers: patch });
          if (!a || a.status !== 200) return unexpected(a, 'save draft');
          const { revision } = JSON.parse(a.body) as { revision: number };
          c.patchesDone++;
          ack({
            kind: 'checklist.patch',
            cycle: run,
            id: c.checklistId,
            step: k + 1,
            revision,
            reference: reference(client, c, k + 1),
            answers: Object.assign({}, ...PATCHES.slice(0, k + 1)) as Record<string, unknown>,
          });
          return true;
        }
        if (!c.completed) {
          const a = await call(client, 'referrer', 'POST', `/api/v1/checklists/${c.checklistId}/complete`, {});
          if (!a || a.status !== 200) return unexpected(a, 'complete');
          const { version } = JSON.parse(a.body) as { version: number };
          c.completed = true;
          ack({ kind: 'checklist.complete', cycle: run, id: c.checklistId, version });
          return true;
        }
        if (!c.referralId) {
          const a = await call(
            client,
            'referrer',
            'POST',
            '/api/v1/referrals',
            { checklistId: c.checklistId },
            {
              'Idempotency-Key': c.referralKey,
            },
          );
          if (!a || (a.status !== 201 && a.status !== 200)) return unexpected(a, 'refer');
          c.referralId = (JSON.parse(a.body) as { id: string }).id;
          c.referralVersion = 1;
          ack({
            kind: 'referral.create',
            cycle: run,
            id: c.referralId,
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
          if (!a || a.status !== 200) return unexpected(a, `transition to ${s.to}`);
          const body = JSON.parse(a.body) as { status: string; version: number };
          c.referralVersion = body.version;
          c.centreStepsDone++;
          ack({
            kind: 'referral.transition',
            cycle: run,
            id: c.referralId,
            status: body.status,
            version: body.version,
          });
          return true;
        }
        client.current = newCase(client);
        return true;
      };
      const unexpected = (a: Answer | null, what: string): false => {
        if (a && !killing) error(`${what} → ${a.status} ${a.body.slice(0, 200)}`);
        return false;
      };

      const writingFrom = Date.now();
      const workers = clients.map(async (client) => {
        while (!killing && (await step(client)));
      });
      await Promise.race([
        sleep(opts.minDelayMs + Math.random() * (opts.maxDelayMs - opts.minDelayMs)),
        Promise.all(workers),
      ]);
      // The machine is lost: processes killed, database files gone (the replica is elsewhere).
      // The processes are listed first (reading /proc takes a while on a loaded machine), so that
      // the kill follows the recorded moment at once and no answer lands between them.
      const pids = [server.pid!, ...descendants(server.pid!)];
      killing = true;
      const killAt = Date.now();
      killEverything(server, pids);
      // The whole data folder: the database, its -wal and -shm, Litestream's shadow WAL, the status.
      fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
      await exited(server);
      server = null;
      await Promise.all(workers);
      agent.destroy();

      // Restore (the operator's command, checks included), then start again.
      const restoreStart = Date.now();
      const restore = spawnSync(
        path.join(ROOT, 'node_modules/.bin/tsx'),
        ['db/scripts/restore.ts', `--from=${replicaUrl}`, `--to=${dbFile}`],
        { cwd: ROOT, env, encoding: 'utf8' },
      );
      const restoreMs = Date.now() - restoreStart;
      const restoreChecks =
        restore.status === 0 ? 'ok' : (`${restore.stderr}${restore.stdout}`.trim().split('\n').pop() ?? 'failed');
      if (restore.status !== 0) {
        error(`db:restore: ${restoreChecks}`);
        break;
      }
      server = startReplicated(opts, env, serverLog);
      await waitUntilReady(opts.port, server);
      const rtoMs = Date.now() - killAt;

      const check = checkDatabase(dbFile, acks);
      const lost = acks.filter((a) => !check.foundAcks.has(a));
      const oldestLost = Math.min(...lost.map((a) => ackedAt.get(a)!));
      const lastAck = Math.max(...acks.map((a) => ackedAt.get(a)!));
      const result: DrillRun = {
        run,
        writingMs: killAt - writingFrom,
        acknowledged: acks.length,
        lost: lost.length,
        rpoSeconds: lost.length > 0 ? (killAt - oldestLost) / 1000 : 0,
        lastAckBeforeKillSeconds: acks.length > 0 ? (killAt - lastAck) / 1000 : null,
        restoreMs,
        rtoMs,
        restoreChecks,
        problems: check.integrity,
      };
      report.runs.push(result);
      for (const p of check.integrity) error(p);
      log(
        `run ${String(run).padStart(2)}/${opts.runs}: killed after ${(result.writingMs / 1000).toFixed(1)} s, ` +
          `${result.acknowledged} writes acknowledged, ${result.lost} lost (RPO ${result.rpoSeconds.toFixed(2)} s), ` +
          `restore ${(restoreMs / 1000).toFixed(1)} s, RTO ${(rtoMs / 1000).toFixed(1)} s, checks ${restoreChecks}` +
          (check.integrity.length > 0 ? `, ${check.integrity.length} PROBLEMS` : ''),
      );
    }
    // The restored server replicates again: its monitoring answer says so once the replica caught up.
    if (server) report.healthz = await healthzOnceSynced(opts.port, `${dbFile}-replication.json`);
  } finally {
    process.removeListener('exit', killOnExit);
    if (server) {
      const s: ChildProcess = server;
      s.kill('SIGTERM');
      await Promise.race([exited(s), sleep(20_000)]);
      if (s.exitCode === null && s.signalCode === null) killEverything(s);
    }
    if (opts.keep) log(`kept: ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  return report;
}

/** Waits until the launcher's status shows a complete sync, then reads /healthz as monitoring does. */
async function healthzOnceSynced(port: number, statusFile: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((JSON.parse(fs.readFileSync(statusFile, 'utf8')) as { lastSyncAt: string | null }).lastSyncAt) break;
    } catch {
      // not written yet
    }
    await sleep(100);
  }
  const answer = await fetch(`http://127.0.0.1:${port}/healthz`);
  return `${answer.status} ${(await answer.text()).trim()}`;
}

/** Runs whose loss breaks the documented bound: a lost write acknowledged longer than that before the kill. */
export const beyondBound = (r: DrillReport, boundSeconds: number) => r.runs.filter((x) => x.rpoSeconds > boundSeconds);

export function formatDrill(r: DrillReport): string {
  const runs = r.runs;
  const lost = runs.map((x) => x.lost);
  const rpo = runs.map((x) => x.rpoSeconds);
  const rto = runs.map((x) => x.rtoMs / 1000);
  const restore = runs.map((x) => x.restoreMs / 1000);
  const f = (n: number) => n.toFixed(2);
  return [
    `runs                                   ${runs.length}`,
    `writes acknowledged                    ${runs.reduce((s, x) => s + x.acknowledged, 0)}`,
    `acknowledged writes lost               ${lost.reduce((s, x) => s + x, 0)} (runs with a loss: ${lost.filter((x) => x > 0).length}; per run median ${percentile(lost, 50)}, max ${Math.max(0, ...lost)})`,
    `RPO, seconds                           median ${f(percentile(rpo, 50))}, p95 ${f(percentile(rpo, 95))}, max ${f(Math.max(0, ...rpo))}`,
    `RTO (kill → serving), seconds          median ${f(percentile(rto, 50))}, p95 ${f(percentile(rto, 95))}, max ${f(Math.max(0, ...rto))}`,
    `  of which db:restore with its checks  median ${f(percentile(restore, 50))}, max ${f(Math.max(0, ...restore))}`,
    `restore checks passed                  ${runs.filter((x) => x.restoreChecks === 'ok').length}/${runs.length}`,
    `half-written / unaudited records       ${runs.reduce((s, x) => s + x.problems.length, 0)}`,
    `errors                                 ${r.errors.length}`,
    `/healthz after the last restore        ${r.healthz ?? '(not reached)'}`,
    `time                                   ${r.seconds} s`,
  ].join('\n');
}

function parseArgs(argv: string[]): Partial<DrillOptions> {
  const args = Object.fromEntries(argv.map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
  const out: Partial<DrillOptions> = {};
  const num = (name: string) => (args[name] !== undefined ? Number(args[name]) : undefined);
  if (num('runs') !== undefined) out.runs = num('runs');
  if (num('clients') !== undefined) out.clients = num('clients');
  if (num('port') !== undefined) out.port = num('port');
  if (num('min-delay') !== undefined) out.minDelayMs = num('min-delay');
  if (num('max-delay') !== undefined) out.maxDelayMs = num('max-delay');
  if (num('rpo-bound') !== undefined) out.rpoBoundSeconds = num('rpo-bound');
  if (args['sync-interval']) out.syncInterval = args['sync-interval'];
  if (args.dist) out.dist = args.dist;
  if ('keep' in args) out.keep = true;
  if ('quiet' in args) out.log = () => {};
  return out;
}

if (require.main === module) {
  const opts = { ...DEFAULT_DRILL, ...parseArgs(process.argv.slice(2)) };
  console.log(
    `bench:restore — ${opts.runs} runs, ${opts.clients} clients, port ${opts.port}, build ${opts.dist}, kill ${opts.minDelayMs}–${opts.maxDelayMs} ms into the writes, Litestream sync every ${opts.syncInterval}, ${os.availableParallelism()} cores`,
  );
  runRestoreDrill(opts).then(
    (report) => {
      console.log(formatDrill(report));
      for (const e of report.errors.slice(0, 30)) console.log(`  ✗ ${e}`);
      const beyond = beyondBound(report, opts.rpoBoundSeconds);
      const failed =
        report.errors.length > 0 ||
        beyond.length > 0 ||
        report.runs.some((x) => x.restoreChecks !== 'ok') ||
        report.healthz !== '200 ok';
      if (beyond.length > 0)
        console.log(
          `  ✗ ${beyond.length} run(s) lost a write acknowledged more than ${opts.rpoBoundSeconds} s before the kill`,
        );
      console.log(
        failed
          ? 'FAILED'
          : `OK: every write acknowledged more than ${opts.rpoBoundSeconds} s before a kill was restored`,
      );
      process.exitCode = failed ? 1 : 0;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
