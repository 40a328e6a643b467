import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { accountLocks, users } from '../../../db/schema';
import { generatePassword, hashPassword } from '../auth/password';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { DomainError, NotFoundError } from '../errors';
import { getManagedUserInTx } from './get-managed-user-in-tx';
import { endSessionsOfUserInTx } from '../auth/resolve-session';
import { confirmationOnSetInTx, type ConfirmationOnSet } from './confirmation';
import { enqueueSecurityNotice } from '../mail/enqueue-mail';

/**
 * Gives a user a new one-time password (shown once to the administrator), ends their
 * sessions, lifts a lock on their account, and makes them choose a new password at sign-in.
 * Like a creation, the reset records who set the password, drops an earlier confirmation and,
 * for a role that needs one, waits for another administrator of the user's organisation
 * (decision 0018).
 */
export async function resetUserPassword({
  actor,
  userId,
}: {
  actor: Actor;
  userId: string;
}): Promise<{ oneTimePassword: string; confirmation: ConfirmationOnSet }> {
  authorize(actor, 'user.reset_password', { type: 'user', id: userId });
  const oneTimePassword = generatePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const now = new Date();
  const confirmation = getDb().transaction(
    (tx) => {
      const user = getManagedUserInTx(tx, actor, userId);
      if (!user) return null;
      // An account without a password keeps none (decision 0032): a reset would give it one.
      if (user.ssoOnly) return 'sso_only' as const;
      const confirmation = confirmationOnSetInTx(tx, user, actor.userId);
      const updated = tx
        .update(users)
        .set({
          passwordHash,
          mustChangePassword: true,
          passwordSetBy: actor.userId,
          passwordSetAt: now.toISOString(),
          pendingConfirmation: confirmation === 'pending',
          confirmedBy: null,
          confirmedAt: null,
          updatedAt: now.toISOString(),
        })
        .where(eq(users.id, userId))
        .returning({ email: users.email })
        .get();
      if (updated) tx.delete(accountLocks).where(eq(accountLocks.emailKey, updated.email)).run();
      endSessionsOfUserInTx(tx, userId, 'ended', now);
      auditAct(tx, actor, 'user.reset_password', { type: 'user', id: userId }, { detail: { confirmation }, at: now });
      enqueueSecurityNotice(tx, { userId, event: 'password_changed', at: now });
      return confirmation;
    },
    { behavior: 'immediate' },
  );
  if (!confirmation) {
    auditRefusal(actor, 'user.reset_password', { type: 'user', id: userId }, 'scope');
    throw new NotFoundError();
  }
  if (confirmation === 'sso_only') {
    auditRefusal(actor, 'user.reset_password', { type: 'user', id: userId }, 'sso_only');
    throw new DomainError('singleSignOn.errors.noPassword');
  }
  return { oneTimePassword, confirmation };
}
