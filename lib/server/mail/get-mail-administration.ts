import 'server-only';
import { and, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { mailOutbox, organisationMail, users } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { MAIL_RETENTION_DAYS, mailConfig, smtpServerLabel } from './mail-config';

export interface MailAdministration {
  enabled: boolean;
  server: string | null;
  from: string | null;
  duty: { addresses: string[]; locale: string };
  counts: { pending: number; failed: number; sent: number };
  messages: {
    id: string;
    kind: string;
    recipient: string;
    status: string;
    attempts: number;
    lastError: string | null;
    createdAt: string;
    sentAt: string | null;
  }[];
}

const SHOWN = 200;

/**
 * The administrators' e-mail screen: whether e-mail is on, their organisation's duty addresses,
 * and the outbox — every message for the platform's administrators, the messages to their own
 * organisation and its people for the others. Failures first, then the newest.
 */
export function getMailAdministration({ actor }: { actor: Actor }): MailAdministration {
  authorize(actor, 'mail.admin');
  const db = getDb();
  const config = mailConfig();
  const duty = db
    .select()
    .from(organisationMail)
    .where(eq(organisationMail.organisationId, actor.organisationId))
    .get();
  const since = new Date(Date.now() - MAIL_RETENTION_DAYS * 86_400_000).toISOString();
  const members = db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.organisationId, actor.organisationId))
    .all()
    .map((u) => u.id);
  const scope = adminScopeIsPlatform(actor.organisationKind)
    ? sql`1 = 1`
    : or(
        eq(mailOutbox.organisationId, actor.organisationId),
        members.length > 0 ? inArray(mailOutbox.userId, members) : sql`0 = 1`,
      );
  const where = and(gte(mailOutbox.createdAt, since), scope);
  const counts = { pending: 0, failed: 0, sent: 0 };
  for (const c of db
    .select({ status: mailOutbox.status, n: sql<number>`count(*)` })
    .from(mailOutbox)
    .where(where)
    .groupBy(mailOutbox.status)
    .all()) {
    if (c.status === 'failed') counts.failed += c.n;
    else if (c.status === 'sent') counts.sent += c.n;
    else if (c.status === 'pending' || c.status === 'sending') counts.pending += c.n;
  }
  const messages = db
    .select({
      id: mailOutbox.id,
      kind: mailOutbox.kind,
      recipient: mailOutbox.recipient,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
    })
    .from(mailOutbox)
    .where(where)
    .orderBy(sql`${mailOutbox.status} = 'failed' desc`, desc(mailOutbox.createdAt))
    .limit(SHOWN)
    .all();
  return {
    enabled: config !== null,
    server: config ? smtpServerLabel(config.smtpUrl) : null,
    from: config?.from ?? null,
    duty: { addresses: duty ? duty.dutyAddresses.split('\n').filter(Boolean) : [], locale: duty?.locale ?? 'fr' },
    counts,
    messages,
  };
}
