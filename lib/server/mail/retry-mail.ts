import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { mailOutbox, users } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';

/**
 * Sends a failed (or waiting) message again now, with a fresh count of attempts. Administrators
 * of the platform may retry any message; the others, those of their organisation and its people.
 */
export function retryMail({ actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }): void {
  authorize(actor, 'mail.admin', { type: 'mail', id });
  const done = getDb().transaction(
    (tx) => {
      const row = tx.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
      if (!row || !['failed', 'pending'].includes(row.status)) return false;
      if (!adminScopeIsPlatform(actor.organisationKind) && row.organisationId !== actor.organisationId) {
        const own = row.userId
          ? tx
              .select({ id: users.id })
              .from(users)
              .where(and(eq(users.id, row.userId), eq(users.organisationId, actor.organisationId)))
              .get()
          : undefined;
        if (!own) return false;
      }
      tx.update(mailOutbox)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now.toISOString(), updatedAt: now.toISOString() })
        .where(and(eq(mailOutbox.id, id), inArray(mailOutbox.status, ['failed', 'pending'])))
        .run();
      auditAct(tx, actor, 'mail.retry', { type: 'mail', id }, { detail: { kind: row.kind, was: row.status }, at: now });
      return true;
    },
    { behavior: 'immediate' },
  );
  if (!done) {
    auditRefusal(actor, 'mail.retry', { type: 'mail', id }, 'scope');
    throw new NotFoundError();
  }
}
