import 'server-only';

/**
 * The e-mail settings, read from the environment (README, docs/operations.md). Without
 * RELAIS_SMTP_URL and RELAIS_MAIL_FROM e-mail is off: nothing is enqueued and Relais works as
 * without it; the administrators' screen says so.
 */
export interface MailConfig {
  smtpUrl: string;
  from: string;
  /** Public address of the server, for the links in the messages. */
  baseUrl: string;
  /** How often the worker looks for messages due (ms). */
  pollMs: number;
  /** How often the worker looks for overdue referrals, drafts to warn about and digests (ms). */
  scanMs: number;
  /** How long a claimed message belongs to the worker that claimed it (ms). */
  leaseMs: number;
  /** First retry delay (ms); it doubles with each failure, up to an hour. */
  retryBaseMs: number;
  maxAttempts: number;
}

function positive(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function mailConfig(): MailConfig | null {
  const smtpUrl = process.env.RELAIS_SMTP_URL?.trim();
  const from = process.env.RELAIS_MAIL_FROM?.trim();
  if (!smtpUrl || !from) return null;
  return {
    smtpUrl,
    from,
    baseUrl: (process.env.RELAIS_PUBLIC_URL ?? process.env.NEXTAUTH_URL ?? 'http://localhost:3000').trim(),
    pollMs: positive('RELAIS_MAIL_POLL_MS', 500),
    scanMs: positive('RELAIS_MAIL_SCAN_SECONDS', 60) * 1000,
    leaseMs: positive('RELAIS_MAIL_LEASE_SECONDS', 120) * 1000,
    retryBaseMs: positive('RELAIS_MAIL_RETRY_BASE_SECONDS', 30) * 1000,
    maxAttempts: Math.round(positive('RELAIS_MAIL_MAX_ATTEMPTS', 10)),
  };
}

export function mailEnabled(): boolean {
  return mailConfig() !== null;
}

/** The SMTP server as an administrator may see it: scheme, host and port, never the credentials. */
export function smtpServerLabel(smtpUrl: string): string {
  try {
    const u = new URL(smtpUrl);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return '?';
  }
}

/** Outbox rows are kept this long after they were written (retention job). */
export const MAIL_RETENTION_DAYS = 30;
