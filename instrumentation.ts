/** Runs once when the server starts (Next.js instrumentation): the scheduled retention job. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.RELAIS_RETENTION_JOB !== 'off') {
    const { startRetentionJob } = await import('./lib/server/retention/start-retention-job');
    startRetentionJob();
  }
  // The e-mail outbox's worker (decision 0027): off when e-mail is not configured.
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.RELAIS_MAIL_WORKER !== 'off') {
    const { startMailWorker } = await import('./lib/server/mail/start-mail-worker');
    startMailWorker();
  }
}
