/**
 * The production server: `next start` in one worker process per core (node:cluster), sharing
 * one port. Next.js answers a request on one thread; a page costs 10–30 ms of CPU, so a single
 * process uses one core of the machine and the queue grows past it (decision 0016).
 *
 *   node lib/runtime/serve.mjs [next start options, e.g. -p 3000]
 *
 * RELAIS_WORKERS: number of workers (default: the cores, at most 4). Everything the workers
 * share lives in the database (sessions, lock-outs, idempotency, the statistics cache key) or
 * in files written once and atomically (the session secret), so any worker may answer any
 * request. Only the first worker runs the hourly retention job and the e-mail worker (decision
 * 0027). A worker that dies is replaced; SIGTERM / SIGINT stop the workers (Next.js finishes the
 * requests in flight) and then this process. If this process is killed outright, the workers
 * see their channel close and exit.
 *
 * Each worker first loads client-address-preload.mjs, which sets the client address of every
 * request from its socket (RELAIS_TRUSTED_PROXIES: how many reverse proxies to believe).
 */
import cluster from 'node:cluster';
import os from 'node:os';
import { createRequire } from 'node:module';
import { trustedProxyCount } from './client-address.mjs';

const require = createRequire(import.meta.url);
const requested = Number(process.env.RELAIS_WORKERS);
const count = Number.isInteger(requested) && requested > 0 ? requested : Math.min(os.availableParallelism(), 4);
/** A worker that dies this soon after starting, this many times in a row, means the build or the configuration is broken. */
const EARLY_MS = 10_000;
const EARLY_LIMIT = 3;

// Checked here too, so that a mistyped setting stops the server once, with its reason.
let trustedProxies;
try {
  trustedProxies = trustedProxyCount(process.env.RELAIS_TRUSTED_PROXIES);
} catch (e) {
  console.error(`[serve] ${e.message}`);
  process.exit(1);
}
const preload = new URL('./client-address-preload.mjs', import.meta.url).href;

cluster.setupPrimary({
  exec: require.resolve('next/dist/bin/next'),
  args: ['start', ...process.argv.slice(2)],
  execArgv: [...process.execArgv, '--import', preload],
  silent: false,
});

let stopping = false;
let earlyDeaths = 0;
/** Worker slot → its environment (the first slot keeps the retention job as configured). */
const slots = new Map();

function start(slot) {
  // The retention job and the e-mail worker (decision 0027) run in the first slot only.
  const env = slot === 0 ? {} : { RELAIS_RETENTION_JOB: 'off', RELAIS_MAIL_WORKER: 'off' };
  const worker = cluster.fork({ ...env, RELAIS_WORKER: String(slot) });
  slots.set(worker.id, { slot, startedAt: Date.now() });
}

cluster.on('exit', (worker, code, signal) => {
  const { slot, startedAt } = slots.get(worker.id) ?? { slot: 0, startedAt: 0 };
  slots.delete(worker.id);
  if (stopping) {
    if (slots.size === 0) process.exit(process.exitCode ?? 0);
    return;
  }
  console.error(
    `[serve] worker ${slot} (pid ${worker.process.pid}) ended (${signal ?? `code ${code}`}); starting another`,
  );
  earlyDeaths = Date.now() - startedAt < EARLY_MS ? earlyDeaths + 1 : 0;
  if (earlyDeaths >= EARLY_LIMIT) {
    console.error('[serve] workers keep ending at start: stopping (see the messages above)');
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    process.exitCode = 1;
    if (slots.size === 0) process.exit(1);
    return;
  }
  start(slot);
});

function stop(signal) {
  if (stopping) return;
  stopping = true;
  for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  // Next.js exits on its own after the requests in flight; do not wait for ever.
  setTimeout(() => process.exit(process.exitCode ?? 0), 15_000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

console.log(
  `[serve] ${count} worker${count === 1 ? '' : 's'} (RELAIS_WORKERS); client address from ${trustedProxies === 0 ? 'the socket' : `${trustedProxies} trusted prox${trustedProxies === 1 ? 'y' : 'ies'}`} (RELAIS_TRUSTED_PROXIES)`,
);
for (let slot = 0; slot < count; slot++) start(slot);
