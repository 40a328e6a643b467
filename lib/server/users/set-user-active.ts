import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { users } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { DomainError, NotFoundError } from '../errors';
import { getManagedUserInTx } from './get-managed-user-in-tx';
import { endSessionsOfUserInTx } from '../auth/resolve-session';

/** Disables or re-enables a user. Disabling ends their sessions in the same transaction. */
export function setUserActive({ actor, userId, active }: { actor: Actor; userId: string; active: boolean }): void {
  authorize(actor, 'user.disable', { type: 'user', id: userId });
  if (userId === actor.userId && !active) throw new DomainError('errors.cannotDisableSelf');
  const now = new Date();
  const found = getDb().transaction(
    (tx) => {
      const user = getManagedUserInTx(tx, actor, userId);
      if (!user) return false;
      tx.update(users).set({ active, updatedAt: now.toISOString() }).where(eq(users.id, userId)).run();
      if (!active) endSessionsOfUserInTx(tx, userId, 'user_disabled', now);
      auditAct(tx, actor, active ? 'user.enable' : 'user.disable', { type: 'user', id: userId }, { at: now });
      return true;
    },
    { behavior: 'immediate' },
  );
  if (!found) {
    auditRefusal(actor, 'user.disable', { type: 'user', id: userId }, 'scope');
    throw new NotFoundError();
  }
}
