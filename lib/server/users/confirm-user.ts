import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { users } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { DomainError, NotFoundError } from '../errors';
import { confirmersCondition } from './confirmation';

type Refusal = 'own_account' | 'password_set_by_actor' | 'not_independent';

/**
 * Confirms an account whose password an administrator set (decision 0018): a second person of
 * the account's own organisation vouches that the account is its holder's, and it may sign in.
 *
 * Only within the actor's own organisation, platform administrators included: confirming is the
 * organisation's own act, so a user of another organisation is "not found". The administrator
 * who set the password cannot confirm it, nor can the account's holder, nor an administrator
 * still holding a password that same administrator chose; those refusals are audited and
 * answered with a message, since the account is in the actor's own list anyway.
 */
export function confirmUser({ actor, userId }: { actor: Actor; userId: string }): void {
  authorize(actor, 'user.confirm', { type: 'user', id: userId });
  const now = new Date();
  const outcome = getDb().transaction(
    (tx): 'not_found' | 'unchanged' | 'ok' | Refusal => {
      const user = tx
        .select({
          id: users.id,
          passwordSetBy: users.passwordSetBy,
          pendingConfirmation: users.pendingConfirmation,
          confirmedAt: users.confirmedAt,
          organisationId: users.organisationId,
        })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)))
        .get();
      if (!user) return 'not_found';
      // Never set by an administrator (the shell, the seed), or already confirmed.
      if (!user.passwordSetBy || user.confirmedAt) return 'unchanged';
      if (user.id === actor.userId) return 'own_account';
      if (user.passwordSetBy === actor.userId) return 'password_set_by_actor';
      const independent = tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.id, actor.userId),
            confirmersCondition({
              organisationId: user.organisationId,
              setterId: user.passwordSetBy,
              accountId: user.id,
            }),
          ),
        )
        .get();
      if (!independent) return 'not_independent';
      tx.update(users)
        .set({
          pendingConfirmation: false,
          confirmedBy: actor.userId,
          confirmedAt: now.toISOString(),
          updatedAt: now.toISOString(),
        })
        .where(eq(users.id, userId))
        .run();
      auditAct(
        tx,
        actor,
        'user.confirm',
        { type: 'user', id: userId },
        { detail: { setBy: user.passwordSetBy, wasPending: user.pendingConfirmation }, at: now },
      );
      return 'ok';
    },
    { behavior: 'immediate' },
  );
  if (outcome === 'not_found') {
    auditRefusal(actor, 'user.confirm', { type: 'user', id: userId }, 'scope');
    throw new NotFoundError();
  }
  if (outcome !== 'ok' && outcome !== 'unchanged') {
    auditRefusal(actor, 'user.confirm', { type: 'user', id: userId }, outcome);
    throw new DomainError('errors.cannotConfirm');
  }
}
