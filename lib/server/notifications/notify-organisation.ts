import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { notifications, users } from '../../../db/schema';
import { enqueueNotificationMail } from '../mail/enqueue-mail';

type Tx = Pick<Db, 'select' | 'insert'>;

/**
 * Notifies every active user of an organisation (except the actor) in the caller's transaction,
 * and writes the e-mails of the same event to the outbox (one source for both, decision 0027).
 */
export function notifyOrganisation(
  tx: Tx,
  {
    organisationId,
    exceptUserId,
    referralId,
    kind,
    status,
    at,
  }: { organisationId: string; exceptUserId: string; referralId: string; kind: string; status: string; at: string },
): void {
  const recipients = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.active, true), ne(users.id, exceptUserId)))
    .all();
  enqueueNotificationMail(tx, { organisationId, exceptUserId, referralId, kind, status, at });
  if (recipients.length === 0) return;
  tx.insert(notifications)
    .values(recipients.map((u) => ({ id: randomUUID(), userId: u.id, referralId, kind, status, at })))
    .run();
}
