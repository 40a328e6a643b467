/** Runs once when the server starts (Next.js instrumentation): the scheduled retention job. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.RELAIS_RETENTION_JOB !== 'off') {
    const { startRetentionJob } = await import('./lib/server/retention/start-retention-job');
    startRetentionJob();
  }
}
