import fs from 'node:fs';
import type { ReplicationStatusFile } from '../runtime/replication.mjs';

/**
 * The replication's state as the server sees it (decision 0028): read from the status file the
 * launcher above Litestream rewrites every second (lib/runtime/replication.mjs).
 *
 * - off: no RELAIS_REPLICA_URL — nothing is replicated, nothing to report;
 * - starting: Litestream has not caught up once yet (the first snapshot), for its first minute;
 * - ok: the replica held every commit a short while ago (lag within RELAIS_REPLICA_MAX_LAG);
 * - behind: the replica has not caught up for longer than that (the store unreachable, or slow);
 * - unknown: no fresh status (Litestream's metrics unanswered, or the launcher gone).
 */
export type ReplicationState = 'off' | 'starting' | 'ok' | 'behind' | 'unknown';

export interface ReplicationStatus {
  state: ReplicationState;
  /** The replica's URL without its password; null when off. */
  url: string | null;
  /** Seconds since the replica last held every commit; null when never or unknown. */
  lagSeconds: number | null;
  lastSyncAt: string | null;
  startedAt: string | null;
  /** Bytes of WAL not yet in the replica (0 when caught up; null when unknown). */
  bytesBehind: number | null;
  syncErrors: number;
  maxLagSeconds: number;
}

/** A status older than this means the launcher stopped rewriting it. */
const STALE_MS = 10_000;
const STARTING_MS = 60_000;
const DEFAULT_MAX_LAG_S = 30;

export function maxLagSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.RELAIS_REPLICA_MAX_LAG);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX_LAG_S;
}

/** The state from the status file's content (null: missing or unreadable), at `now`. */
export function evaluateReplication(
  file: ReplicationStatusFile | null,
  options: { configured: boolean; maxLag: number; now: Date },
): ReplicationStatus {
  const base = {
    url: file?.url ?? null,
    lastSyncAt: file?.lastSyncAt ?? null,
    startedAt: file?.startedAt ?? null,
    bytesBehind: file?.bytesBehind ?? null,
    syncErrors: file?.syncErrors ?? 0,
    maxLagSeconds: options.maxLag,
  };
  if (!options.configured) return { ...base, state: 'off', url: null, lagSeconds: null };
  const now = options.now.getTime();
  const lagSeconds = file?.lastSyncAt ? Math.max(0, (now - Date.parse(file.lastSyncAt)) / 1000) : null;
  if (!file || !(now - Date.parse(file.updatedAt) <= STALE_MS) || !file.metricsOk)
    return { ...base, state: 'unknown', lagSeconds };
  if (lagSeconds === null)
    return { ...base, state: now - Date.parse(file.startedAt) <= STARTING_MS ? 'starting' : 'behind', lagSeconds };
  return { ...base, state: lagSeconds <= options.maxLag ? 'ok' : 'behind', lagSeconds };
}

/** The state now, for this server process. */
export function readReplicationStatus(env: NodeJS.ProcessEnv = process.env, now = new Date()): ReplicationStatus {
  const configured = Boolean(env.RELAIS_REPLICA_URL);
  let file: ReplicationStatusFile | null = null;
  if (configured && env.RELAIS_REPLICATION_STATUS) {
    try {
      file = JSON.parse(fs.readFileSync(env.RELAIS_REPLICATION_STATUS, 'utf8')) as ReplicationStatusFile;
    } catch {
      file = null;
    }
  }
  return evaluateReplication(file, { configured, maxLag: maxLagSeconds(env), now });
}

/** Whether monitoring should be told the service is healthy (anonymous /healthz sees only this). */
export const replicationHealthy = (s: ReplicationStatus) => s.state !== 'behind' && s.state !== 'unknown';
