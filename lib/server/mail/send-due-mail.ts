import 'server-only';
import type { Transporter } from 'nodemailer';
import { getSqlite } from '../../../db/client';
import { renderMail, type MailKind, type MailParams } from '../../mail/templates';
import type { MailConfig } from './mail-config';

interface ClaimedRow {
  id: string;
  kind: MailKind;
  recipient: string;
  locale: string;
  params: string;
  urgent: number;
  attempts: number;
}

/** Messages claimed per round: a round never holds many leases at once. */
const BATCH = 50;
const HOUR_MS = 3_600_000;

/** The Message-ID of an outbox row: the same on every attempt, so a resend is recognisably the same message. */
export function messageIdOf(id: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'relais.invalid';
  return `<${id}@${domain}>`;
}

/** Delay before the next attempt after `attempts` failures: doubling from the base, at most an hour, ±20 %. */
export function retryDelayMs(attempts: number, baseMs: number, random = Math.random()): number {
  const delay = Math.min(baseMs * 2 ** Math.max(attempts - 1, 0), HOUR_MS);
  return Math.round(delay * (0.8 + 0.4 * random));
}

/**
 * One round of the worker: claims the messages due (pending and due, or `sending` whose lease
 * ran out — the worker that claimed them died), sends them, and records each outcome.
 *
 * Claiming sets `sending` with a lease in one UPDATE … RETURNING, committed before anything is
 * sent: two workers never hold the same message. The row becomes `sent` only after the SMTP
 * server accepted it. A failure is retried later (the delay doubles), a permanent refusal (5xx)
 * or too many attempts mark it `failed`, for an administrator to see and send again.
 */
export async function sendDueMail({
  config,
  transport,
  now = () => new Date(),
}: {
  config: MailConfig;
  transport: Pick<Transporter, 'sendMail'>;
  now?: () => Date;
}): Promise<{ claimed: number; sent: number; failed: number }> {
  const sqlite = getSqlite();
  const at = now();
  const nowIso = at.toISOString();
  const claimed = sqlite
    .prepare(
      `UPDATE mail_outbox SET status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ?
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?)
         ORDER BY urgent DESC, next_attempt_at LIMIT ${BATCH})
       RETURNING id, kind, recipient, locale, params, urgent, attempts`,
    )
    .all(new Date(at.getTime() + config.leaseMs).toISOString(), nowIso, nowIso, nowIso) as ClaimedRow[];
  if (claimed.length === 0) return { claimed: 0, sent: 0, failed: 0 };

  const markSent = sqlite.prepare(
    `UPDATE mail_outbox SET status = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL, updated_at = ?
     WHERE id = ? AND status = 'sending'`,
  );
  const markRetry = sqlite.prepare(
    `UPDATE mail_outbox SET status = ?, next_attempt_at = ?, lease_until = NULL, last_error = ?, updated_at = ?
     WHERE id = ? AND status = 'sending'`,
  );
  // Outcomes settled in the same turn of the event loop are written in one transaction (one
  // fsync instead of one per message), right after: the window between the SMTP server's
  // acceptance and the row's `sent` stays that short. A busy database (another process writing)
  // delays the write, never drops it: a dropped `sent` would send the message again.
  const outcomes: (() => void)[] = [];
  let flushing: NodeJS.Immediate | null = null;
  let written: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = null;
    const batch = outcomes.splice(0);
    if (batch.length > 0) written = written.then(() => writeOutcomes(batch));
  };
  const writeOutcomes = async (batch: (() => void)[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        sqlite.transaction(() => batch.forEach((write) => write())).immediate();
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 60) throw e;
        await new Promise((r) => setTimeout(r, 50 * Math.min(attempt, 10)));
      }
    }
  };
  const record = (write: () => void) => {
    outcomes.push(write);
    flushing ??= setImmediate(flush);
  };
  let sent = 0;
  let failed = 0;
  await Promise.all(
    claimed.map(async (row) => {
      const content = renderMail(
        { kind: row.kind, locale: row.locale, params: JSON.parse(row.params) as MailParams, urgent: row.urgent === 1 },
        { baseUrl: config.baseUrl },
      );
      try {
        await transport.sendMail({
          from: config.from,
          to: row.recipient,
          subject: content.subject,
          text: content.text,
          html: content.html,
          messageId: messageIdOf(row.id, config.from),
          priority: row.urgent === 1 ? 'high' : 'normal',
          headers: { 'X-Relais-Kind': row.kind, 'Auto-Submitted': 'auto-generated' },
        });
        const done = new Date().toISOString();
        record(() => markSent.run(done, done, row.id));
        sent++;
      } catch (e) {
        const code = (e as { responseCode?: number }).responseCode;
        const permanent = typeof code === 'number' && code >= 500 && code < 600;
        const giveUp = permanent || row.attempts >= config.maxAttempts;
        const when = new Date(Date.now() + retryDelayMs(row.attempts, config.retryBaseMs)).toISOString();
        const error = describeError(e);
        const at = new Date().toISOString();
        record(() => markRetry.run(giveUp ? 'failed' : 'pending', when, error, at, row.id));
        if (giveUp) failed++;
      }
    }),
  );
  if (flushing) clearImmediate(flushing);
  flush();
  await written;
  return { claimed: claimed.length, sent, failed };
}

/** What an administrator sees of a failure: the error codes and the SMTP answer, no message text. */
function describeError(e: unknown): string {
  const err = e as { code?: string; responseCode?: number; response?: string; name?: string; message?: string };
  // A socket error's cause ("connect ECONNREFUSED …") is only in the message: keep its code.
  const cause = /\bE[A-Z]{3,}\b/.exec(err.message ?? '')?.[0];
  const parts = [err.code, cause, err.responseCode ? String(err.responseCode) : null, err.response?.slice(0, 120)];
  const text = [...new Set(parts.filter(Boolean))].join(' ');
  return (text || err.name || 'Error').slice(0, 200);
}
