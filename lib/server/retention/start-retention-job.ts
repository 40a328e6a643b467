import 'server-only';
import { runRetention } from './run-retention';

const HOUR_MS = 60 * 60 * 1000;
const globalForJob = globalThis as unknown as { relaisRetentionJob?: NodeJS.Timeout };

/**
 * The retention job inside the server (instrumentation.ts): once a minute after start, then
 * every hour. Set RELAIS_RETENTION_JOB=off to run `npm run retention` from cron instead.
 * A failure is logged without personal data and retried at the next tick.
 */
export function startRetentionJob(): void {
  if (globalForJob.relaisRetentionJob) return;
  const tick = () => {
    try {
      const report = runRetention();
      if (Object.values(report).some((n) => n > 0)) console.log('[retention]', JSON.stringify(report));
    } catch (e) {
      console.error('[retention] run failed:', e instanceof Error ? e.name : typeof e);
    }
  };
  setTimeout(tick, 60_000).unref();
  globalForJob.relaisRetentionJob = setInterval(tick, HOUR_MS);
  globalForJob.relaisRetentionJob.unref();
}
