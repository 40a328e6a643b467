/**
 * npm run db:restore -- --from=<replica URL> --to=<file> [--at=<time>] — a point-in-time restore
 * from the Litestream replica (decision 0028): the latest state, or the state at --at (ISO 8601,
 * e.g. 2026-12-06T09:30:00Z), as `litestream restore -timestamp` rebuilds it from the last
 * snapshot before that time and the WAL after it. The copy is written beside --to, checked as a
 * backup is (integrity, foreign keys, audit chain, statistics counters: db/scripts/backup.ts),
 * and only then renamed to --to. Refuses when --to (or its -wal / -shm) exists, or when a running
 * process still holds a file of that name (a server whose database was deleted under it).
 * For an S3-compatible store other than AWS, or an sftp key, the same RELAIS_REPLICA_* settings
 * as the server's apply. Exit code 1 on any refusal or failed check.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseReplicaUrl, litestreamBinary, writeLitestreamConfig } from '../../lib/runtime/replication.mjs';
import { checkDatabaseCopy } from './backup';

export interface RestoreResult {
  file: string;
  bytes: number;
  /** Litestream's restore alone. */
  restoreMs: number;
  /** The checks of the copy. */
  checkMs: number;
  checklists: number;
  auditEntries: number;
}

/** Processes (by pid) with a file of that path open, or its -wal / -shm, deleted or not (Linux: /proc). */
export function processesHolding(file: string): number[] {
  if (!fs.existsSync('/proc')) return [];
  // /proc shows resolved paths: resolve the folder's links the same way (the file may be gone).
  let real = file;
  try {
    real = path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
  } catch {
    // the folder is gone too: nothing resolves there
  }
  const names = new Set([real, `${real}-wal`, `${real}-shm`]);
  const holders = new Set<number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        const target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`).replace(/ \(deleted\)$/, '');
        if (names.has(target)) holders.add(Number(entry));
      } catch {
        // closed meanwhile
      }
    }
  }
  return [...holders];
}

/** Why --to cannot be written (null when it can). */
export function refusalToOverwrite(file: string): string | null {
  for (const f of [file, `${file}-wal`, `${file}-shm`])
    if (fs.existsSync(f)) return `${f} exists: restore to a new file, then move it in place with the server stopped`;
  const holders = processesHolding(file);
  if (holders.length > 0)
    return `a running process (pid ${holders.join(', ')}) still holds ${file}: stop the server first`;
  return null;
}

/** Reads --at: an ISO 8601 time with its zone, in the past. */
export function parseRestoreTime(raw: string): Date {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(raw))
    throw new Error(`--at=${raw}: expected an ISO 8601 time with its zone, e.g. 2026-12-06T09:30:00Z`);
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new Error(`--at=${raw}: not a time`);
  if (at.getTime() > Date.now()) throw new Error(`--at=${raw} is in the future`);
  return at;
}

export function restoreDatabase(options: {
  from: string;
  to: string;
  at?: Date;
  env?: NodeJS.ProcessEnv;
}): RestoreResult {
  const env = options.env ?? process.env;
  const to = path.resolve(options.to);
  parseReplicaUrl(options.from);
  const refusal = refusalToOverwrite(to);
  if (refusal) throw new Error(`refusing to restore: ${refusal}`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const staging = `${to}.restoring-${process.pid}`;
  // The configuration carries the store's settings (an S3 endpoint, an sftp key) that a URL cannot.
  const config = writeLitestreamConfig({ env: { ...env, RELAIS_REPLICA_URL: options.from }, dbPath: to });
  const started = performance.now();
  try {
    const args = ['restore', '-config', config.file, '-no-expand-env', '-o', staging];
    if (options.at) args.push('-timestamp', options.at.toISOString());
    args.push(to);
    const run = spawnSync(litestreamBinary(env), args, { env, encoding: 'utf8' });
    if (run.error) throw run.error;
    if (run.status !== 0) {
      const last = `${run.stderr}${run.stdout}`.trim().split('\n').pop() ?? '';
      throw new Error(`litestream restore failed (${run.status}): ${last.replace(/^.*error="?|"$/g, '') || last}`);
    }
  } finally {
    config.remove();
  }
  const restoreMs = performance.now() - started;
  const checking = performance.now();
  let checks: { checklists: number; auditEntries: number };
  try {
    checks = checkDatabaseCopy(staging);
  } catch (e) {
    const kept = `${to}.failed-checks`;
    fs.renameSync(staging, kept);
    throw new Error(`${e instanceof Error ? e.message : String(e)} (copy kept as ${kept}, not put in place)`);
  }
  const checkMs = performance.now() - checking;
  // Renamed only now, and only if still nothing is there: a server never starts on an unchecked copy.
  const late = refusalToOverwrite(to);
  if (late) throw new Error(`refusing to put the copy in place: ${late} (copy kept as ${staging})`);
  fs.renameSync(staging, to);
  return { file: to, bytes: fs.statSync(to).size, restoreMs, checkMs, ...checks };
}

function main() {
  const args = Object.fromEntries(
    process.argv
      .slice(2)
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const eq = a.indexOf('=');
        return eq < 0 ? [a.slice(2), ''] : [a.slice(2, eq), a.slice(eq + 1)];
      }),
  ) as Record<string, string | undefined>;
  const from = args.from ?? process.env.RELAIS_REPLICA_URL;
  if (!from || !args.to) throw new Error('usage: npm run db:restore -- --from=<replica URL> --to=<file> [--at=<time>]');
  const at = args.at ? parseRestoreTime(args.at) : undefined;
  const r = restoreDatabase({ from, to: args.to, at });
  console.log(`db:restore — ${from}${at ? ` at ${at.toISOString()}` : ' (latest)'}`);
  console.log(`  database        ${r.file}`);
  console.log(
    `  size            ${(r.bytes / 1024 / 1024).toFixed(1)} MB restored in ${(r.restoreMs / 1000).toFixed(1)} s, checked in ${(r.checkMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `  checked         integrity ok, foreign keys ok, audit chain whole (${r.auditEntries} entries), statistics counters agree, ${r.checklists} check-lists`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  try {
    main();
  } catch (e) {
    console.error(`db:restore failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
