/**
 * Continuous replication of the database with Litestream (decision 0028).
 *
 * With RELAIS_REPLICA_URL set (file:///…, s3://bucket/path, sftp://user@host/path), `npm start`
 * runs `litestream replicate -exec "node lib/runtime/serve.mjs …"` with a configuration written
 * here: Litestream is the parent, copies every commit of the WAL to the replica about once a
 * second, owns the checkpoints (the application's connections disable their automatic
 * checkpoint, db/client.ts), and stops the server with itself. This process stays above it to
 * forward SIGTERM / SIGINT, to stop the server if Litestream dies (the server never runs
 * unreplicated when replication is configured), and to record the replication's position
 * every second in a small status file that the server reads for /healthz and the
 * administrators' page.
 *
 * Settings (all optional except the URL): RELAIS_REPLICA_SYNC_INTERVAL (1s),
 * RELAIS_REPLICA_RETENTION (720h: how far back a point-in-time restore can go),
 * RELAIS_REPLICA_SNAPSHOTS (24h), RELAIS_REPLICA_ENDPOINT and RELAIS_REPLICA_REGION (an
 * S3-compatible store other than AWS), RELAIS_REPLICA_SFTP_KEY (private key file). S3
 * credentials come from LITESTREAM_ACCESS_KEY_ID / LITESTREAM_SECRET_ACCESS_KEY (or AWS_*),
 * which Litestream reads itself; they are never written to the configuration file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

/** The database file, as db/client.ts resolves it. */
export function databasePath(env = process.env) {
  return path.resolve(env.RELAIS_DB_PATH ?? './data/relais.sqlite');
}

/** The Litestream binary of the npm package @flydotio/litestream-<platform>-<arch> (only linux-x64 is a dependency, optional: the registry this project installs from has no other; RELAIS_LITESTREAM_BIN to use another). */
export function litestreamBinary(env = process.env) {
  if (env.RELAIS_LITESTREAM_BIN) return env.RELAIS_LITESTREAM_BIN;
  const bin = path.join(ROOT, 'node_modules/@flydotio', `litestream-${process.platform}-${process.arch}`, 'litestream');
  if (!fs.existsSync(bin)) throw new Error(`no Litestream binary for ${process.platform}-${process.arch} at ${bin}`);
  return bin;
}

/** Checks a replica URL and says what kind it is; the error names what is wrong. */
export function parseReplicaUrl(raw) {
  let url;
  try {
    url = new URL(String(raw ?? ''));
  } catch {
    throw new Error('RELAIS_REPLICA_URL is not a URL (file:///…, s3://bucket/path, sftp://user@host/path)');
  }
  const type = url.protocol.replace(/:$/, '');
  if (!['file', 's3', 'sftp'].includes(type))
    throw new Error(`RELAIS_REPLICA_URL: ${type}:// is not supported (file, s3 or sftp)`);
  if (type === 'file' && (url.host !== '' || url.pathname.length < 2))
    throw new Error('RELAIS_REPLICA_URL: a file replica is file:///absolute/path');
  if (type !== 'file' && !url.host) throw new Error(`RELAIS_REPLICA_URL: ${type}:// needs a bucket or host`);
  return { type, url };
}

/** The URL without a password, for logs and the administrators' page. */
export function describeReplicaUrl(raw) {
  try {
    const url = new URL(String(raw));
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(invalid)';
  }
}

const DURATION = /^\d+(ms|s|m|h)$/;
function duration(env, name, fallback) {
  const value = env[name] ?? fallback;
  if (!DURATION.test(value)) throw new Error(`${name}: ${value} is not a duration such as 1s, 10m, 24h`);
  return value;
}

/** A YAML scalar: JSON strings are valid YAML double-quoted strings. */
const y = (value) => JSON.stringify(String(value));

/** The Litestream configuration for this database and replica (metrics on 127.0.0.1 when a port is given). */
export function litestreamConfig({ env = process.env, dbPath = databasePath(env), metricsPort = null } = {}) {
  const { type } = parseReplicaUrl(env.RELAIS_REPLICA_URL);
  const lines = [];
  if (metricsPort) lines.push(`addr: ${y(`127.0.0.1:${metricsPort}`)}`);
  lines.push(
    'dbs:',
    `  - path: ${y(dbPath)}`,
    '    monitor-interval: "1s"',
    // Litestream checkpoints (PASSIVE) once the WAL reaches 1,000 pages or every minute, and forces
    // one (TRUNCATE) past 10,000 pages; the application never checkpoints itself (decision 0028).
    '    checkpoint-interval: "1m"',
    '    min-checkpoint-page-count: 1000',
    '    max-checkpoint-page-count: 10000',
    '    replicas:',
    `      - url: ${y(env.RELAIS_REPLICA_URL)}`,
    `        sync-interval: ${y(duration(env, 'RELAIS_REPLICA_SYNC_INTERVAL', '1s'))}`,
    `        retention: ${y(duration(env, 'RELAIS_REPLICA_RETENTION', '720h'))}`,
    `        snapshot-interval: ${y(duration(env, 'RELAIS_REPLICA_SNAPSHOTS', '24h'))}`,
  );
  if (type === 's3' && env.RELAIS_REPLICA_ENDPOINT)
    lines.push(`        endpoint: ${y(env.RELAIS_REPLICA_ENDPOINT)}`, '        force-path-style: true');
  if (type === 's3' && env.RELAIS_REPLICA_REGION) lines.push(`        region: ${y(env.RELAIS_REPLICA_REGION)}`);
  if (type === 'sftp' && env.RELAIS_REPLICA_SFTP_KEY) lines.push(`        key-path: ${y(env.RELAIS_REPLICA_SFTP_KEY)}`);
  return `${lines.join('\n')}\n`;
}

/** Writes the configuration in a private temporary folder (an sftp URL may carry a password). */
export function writeLitestreamConfig(options) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-litestream-'));
  const file = path.join(dir, 'litestream.yml');
  fs.writeFileSync(file, litestreamConfig(options), { mode: 0o600 });
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Quotes one word for Litestream's -exec, which splits its argument like a shell. */
const shellWord = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Prometheus text → { name: value } for the series of one database (the only one configured). */
export function parseMetrics(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^(litestream_[a-z_]+)(\{[^}]*\})?\s+(\S+)$/.exec(line.trim());
    if (!m) continue;
    if (m[2] && /status="/.test(m[2])) continue;
    out[m[1]] = Number(m[3]);
  }
  return out;
}

/**
 * The next status from the previous one and a metrics reading: the replica is caught up when its
 * WAL position (index, offset) has reached the position Litestream has read from the database.
 * lastSyncAt is the last moment that was true: everything committed a monitor interval before it
 * is in the replica.
 */
export function nextStatus(previous, metrics, now) {
  if (!metrics) return { ...previous, updatedAt: now, metricsOk: false };
  const dbIndex = metrics.litestream_shadow_wal_index;
  const dbOffset = metrics.litestream_shadow_wal_size;
  const replicaIndex = metrics.litestream_replica_wal_index;
  const replicaOffset = metrics.litestream_replica_wal_offset;
  const known = [dbIndex, dbOffset, replicaIndex, replicaOffset].every((n) => Number.isFinite(n));
  const caughtUp = known && (replicaIndex > dbIndex || (replicaIndex === dbIndex && replicaOffset >= dbOffset));
  return {
    ...previous,
    updatedAt: now,
    metricsOk: true,
    caughtUp,
    lastSyncAt: caughtUp ? now : previous.lastSyncAt,
    bytesBehind: !known ? null : caughtUp ? 0 : replicaIndex === dbIndex ? dbOffset - replicaOffset : null,
    syncErrors: metrics.litestream_sync_error_count ?? 0,
    syncs: metrics.litestream_sync_count ?? 0,
  };
}

function writeStatus(file, status) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(status));
  fs.renameSync(tmp, file);
}

/**
 * Runs the server under `litestream replicate -exec` and returns when it ends (with its exit code).
 * `serverArgs` are the launcher's arguments (e.g. -p 3000).
 */
export async function runUnderLitestream(serverArgs, env = process.env) {
  const { type } = parseReplicaUrl(env.RELAIS_REPLICA_URL);
  const dbPath = databasePath(env);
  const metricsPort = Number(env.RELAIS_REPLICATION_METRICS_PORT) || (await freePort());
  const config = writeLitestreamConfig({ env, dbPath, metricsPort });
  const statusFile = `${dbPath}-replication.json`;
  const exec = [process.execPath, path.join(HERE, 'serve.mjs'), ...serverArgs].map(shellWord).join(' ');
  const startedAt = new Date().toISOString();
  let status = {
    url: describeReplicaUrl(env.RELAIS_REPLICA_URL),
    type,
    startedAt,
    updatedAt: startedAt,
    metricsOk: false,
    caughtUp: false,
    lastSyncAt: null,
    bytesBehind: null,
    syncErrors: 0,
    syncs: 0,
  };
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  writeStatus(statusFile, status);
  console.log(`[replication] Litestream ${describeReplicaUrl(env.RELAIS_REPLICA_URL)} (RELAIS_REPLICA_URL)`);

  // Its own process group: if Litestream dies, the server it started is stopped with the group.
  const litestream = spawn(
    litestreamBinary(env),
    ['replicate', '-config', config.file, '-no-expand-env', '-exec', exec],
    { env: { ...env, RELAIS_REPLICATION_STATUS: statusFile }, stdio: 'inherit', detached: true },
  );
  let stopping = false;
  const forward = (signal) => {
    stopping = true;
    litestream.kill(signal);
  };
  process.on('SIGTERM', () => forward('SIGTERM'));
  process.on('SIGINT', () => forward('SIGINT'));

  const poll = setInterval(async () => {
    let metrics = null;
    try {
      const answer = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(900) });
      if (answer.ok) metrics = parseMetrics(await answer.text());
    } catch {
      // Litestream not listening yet, or busy: the status says the reading is missing.
    }
    status = nextStatus(status, metrics, new Date().toISOString());
    try {
      writeStatus(statusFile, status);
    } catch (e) {
      console.error(`[replication] cannot write ${statusFile}: ${e.message}`);
    }
  }, 1000);

  const code = await new Promise((resolve) => {
    litestream.on('exit', (c, signal) => {
      if (!stopping && signal) {
        console.error(`[replication] Litestream ended (${signal}): stopping the server it ran`);
        try {
          process.kill(-litestream.pid, 'SIGTERM');
        } catch {
          // the group is already gone
        }
      }
      resolve(c ?? 1);
    });
    litestream.on('error', (e) => {
      console.error(`[replication] cannot start Litestream: ${e.message}`);
      resolve(1);
    });
  });
  clearInterval(poll);
  config.remove();
  fs.rmSync(statusFile, { force: true });
  return code;
}
