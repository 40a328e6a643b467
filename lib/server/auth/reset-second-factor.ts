import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { passkeys, recoveryCodes, secondFactors, users } from '../../../db/schema';
import type { Actor } from './actor';
import { auditRefusal, authorize } from './authorize';
import { auditAct } from '../audit/write-audit';
import { enqueueSecurityNotice } from '../mail/enqueue-mail';
import { NotFoundError } from '../errors';
import { managedUsersCondition } from '../users/managed-users-condition';
import { endSessionsOfUserInTx } from './resolve-session';

/**
 * An administrator resets a person's second factor (a lost phone or key): the secret, recovery
 * codes and passkeys are gone, the person's sessions end, and at the next sign-in they set up a new one,
 * whatever the policy says (decision 0025).
 */
export function resetSecondFactor({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: { userId: string };
  now?: Date;
}): void {
  authorize(actor, 'user.reset_second_factor');
  const done = getDb().transaction(
    (tx) => {
      const scope = managedUsersCondition(actor);
      const user = tx
        .select({ id: users.id })
        .from(users)
        .where(scope ? and(eq(users.id, input.userId), scope) : eq(users.id, input.userId))
        .get();
      if (!user) return false;
      const at = now.toISOString();
      tx.insert(secondFactors)
        .values({ userId: user.id, mustEnrol: true, updatedAt: at })
        .onConflictDoUpdate({
          target: secondFactors.userId,
          set: {
            totpSecret: null,
            enrolledAt: null,
            lastTimeStep: null,
            pendingSecret: null,
            pendingCreatedAt: null,
            mustEnrol: true,
            updatedAt: at,
          },
        })
        .run();
      tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)).run();
      const removed = tx.delete(passkeys).where(eq(passkeys.userId, user.id)).run().changes;
      endSessionsOfUserInTx(tx, user.id, 'ended', now);
      auditAct(
        tx,
        actor,
        'user.reset_second_factor',
        { type: 'user', id: user.id },
        { detail: { passkeysRemoved: removed }, at: now },
      );
      enqueueSecurityNotice(tx, { userId: user.id, event: 'second_factor_changed', at: now });
      return true;
    },
    { behavior: 'immediate' },
  );
  if (!done) {
    auditRefusal(actor, 'user.reset_second_factor', { type: 'user', id: input.userId }, 'scope');
    throw new NotFoundError();
  }
}
