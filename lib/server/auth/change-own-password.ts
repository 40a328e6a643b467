import 'server-only';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { sessions, users } from '../../../db/schema';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import type { ChangePasswordInput } from '../../validation/auth';
import type { Actor } from './actor';
import { auditAct, writeAudit } from '../audit/write-audit';
import { authorize } from './authorize';
import { DomainError } from '../errors';
import {
  delayAfterFailure,
  findAccountLock,
  isLocked,
  normaliseEmail,
  recordPasswordFailure,
  recordPasswordSuccess,
} from './lockout';
import { passwordPolicyErrors } from './password-policy';
import { enqueueSecurityNotice } from '../mail/enqueue-mail';

/**
 * A user changes their own password; their other sessions end, this one goes on.
 *
 * The current password is a guess like one at sign-in, and someone at an unattended session
 * could otherwise try passwords without limit here: a wrong one counts towards the sign-in
 * lock-out of the account (same records, same limit, same delay), and a locked account cannot
 * change its password either. Every attempt verifies one argon2 hash (a dummy one while
 * locked), so a locked account's answer costs as much as any other.
 */
export async function changeOwnPassword({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: ChangePasswordInput;
  now?: Date;
}): Promise<void> {
  authorize(actor, 'account.change_password');
  const db = getDb();
  const emailKey = normaliseEmail(actor.email);
  const attemptIp = actor.ip ?? 'unknown';
  const lock = findAccountLock(db, emailKey);
  const locked = isLocked(lock, now);
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).get();
  const currentOk = await verifyPassword(
    locked || !user ? await dummyPasswordHash() : user.passwordHash,
    input.currentPassword,
  );
  const weak = passwordPolicyErrors(input.newPassword, { email: actor.email, name: actor.name });

  if (locked || !user || !currentOk) {
    const audit = {
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      targetType: 'user',
      targetId: actor.userId,
      ip: actor.ip,
    };
    const { failures, lockedNow } = db.transaction(
      (tx) => {
        writeAudit(tx, {
          ...audit,
          action: 'account.change_password',
          outcome: 'failed',
          detail: { reason: locked ? 'locked' : 'wrong_current_password' },
          at: now,
        });
        return recordPasswordFailure(tx, { emailKey, ip: attemptIp, now, lock, mayLock: !locked, audit });
      },
      { behavior: 'immediate' },
    );
    await delayAfterFailure(failures);
    if (locked || lockedNow) throw new DomainError('errors.accountLocked');
    throw new DomainError('errors.validation', {
      currentPassword: ['errors.wrongCurrentPassword'],
      ...(weak.length ? { newPassword: weak } : {}),
    });
  }
  if (weak.length) throw new DomainError('errors.validation', { newPassword: weak });

  const passwordHash = await hashPassword(input.newPassword);
  const nowIso = now.toISOString();
  db.transaction(
    (tx) => {
      tx.update(users)
        .set({ passwordHash, mustChangePassword: false, updatedAt: nowIso })
        .where(eq(users.id, actor.userId))
        .run();
      tx.update(sessions)
        .set({ endedAt: nowIso, endReason: 'ended' })
        .where(and(eq(sessions.userId, actor.userId), ne(sessions.id, actor.sessionId), isNull(sessions.endedAt)))
        .run();
      // Failures before the change guessed a password that no longer exists.
      recordPasswordSuccess(tx, { emailKey, ip: attemptIp, now });
      auditAct(tx, actor, 'account.change_password', { type: 'user', id: actor.userId }, { at: now });
      enqueueSecurityNotice(tx, { userId: actor.userId, event: 'password_changed', at: now });
    },
    { behavior: 'immediate' },
  );
}
