import 'server-only';
import { and, count, eq, gt } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { signInAttempts, users } from '../../../db/schema';
import {
  ADDRESS_WINDOW_MS,
  addressFailureLimit,
  delayAfterFailure,
  findAccountLock,
  isLocked,
  normaliseEmail,
  recordPasswordFailure,
  recordPasswordSuccess,
} from './lockout';
import { dummyPasswordHash, verifyPassword } from './password';
import { writeAudit } from '../audit/write-audit';
import { isDemoMode } from './demo-mode';
import { pendingStepFor } from './second-factor-store';
import { openSessionInTx } from './open-session';

export type SignInRefusal = 'invalid' | 'locked' | 'address_limited' | 'awaiting_confirmation' | 'invalid_code';

export class SignInError extends Error {
  constructor(public readonly reason: SignInRefusal) {
    super(reason);
    this.name = 'SignInError';
  }
}

/**
 * Checks an e-mail and password and opens a server-side session.
 *
 * Every path verifies one argon2 hash (a dummy one for unknown or locked accounts) and every
 * failure is slowed the same way, so an unknown account, a wrong password, a disabled account
 * and a locked account cannot be told apart by their answer or its time — except that a lock,
 * which is keyed by the e-mail typed and not by the account, says so. An account awaiting a
 * second administrator's confirmation says so too, but only to someone who gave its password.
 */
export async function authenticate({
  email,
  password,
  ip,
  now = new Date(),
}: {
  email: string;
  password: string;
  ip: string;
  now?: Date;
}): Promise<{ userId: string; sessionId: string }> {
  const db = getDb();
  const emailKey = normaliseEmail(email);

  const addressFailures =
    db
      .select({ n: count() })
      .from(signInAttempts)
      .where(
        and(
          eq(signInAttempts.ip, ip),
          eq(signInAttempts.succeeded, false),
          gt(signInAttempts.at, new Date(now.getTime() - ADDRESS_WINDOW_MS).toISOString()),
        ),
      )
      .get()?.n ?? 0;

  const lock = findAccountLock(db, emailKey);
  const locked = isLocked(lock, now);

  const user = db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      active: users.active,
      isDemo: users.isDemo,
      role: users.role,
      organisationId: users.organisationId,
      mustChangePassword: users.mustChangePassword,
      passwordSetBy: users.passwordSetBy,
      pendingConfirmation: users.pendingConfirmation,
      confirmedAt: users.confirmedAt,
      ssoOnly: users.ssoOnly,
    })
    .from(users)
    .where(eq(users.email, emailKey))
    .get();

  const refusedBefore = addressFailures >= addressFailureLimit() ? 'address_limited' : locked ? 'locked' : null;
  // Always one verification, so every answer costs about the same.
  const passwordOk = await verifyPassword(
    refusedBefore || !user ? await dummyPasswordHash() : user.passwordHash,
    password,
  );

  let refusal: SignInRefusal | null = refusedBefore;
  let auditReason: string | null = refusedBefore;
  if (!refusal) {
    if (!user) auditReason = 'unknown_account';
    // An account that signs in only through its organisation's provider (decision 0032): the same
    // answer as a wrong password, whatever is typed (its hash is of a password nobody knows).
    else if (user.ssoOnly) auditReason = 'sso_only';
    else if (!passwordOk) auditReason = 'wrong_password';
    else if (!user.active) auditReason = 'user_disabled';
    else if (user.isDemo && !isDemoMode()) auditReason = 'demo_account_outside_demo_mode';
    if (auditReason) refusal = 'invalid';
  }

  if (refusal) {
    const failuresInWindow = db.transaction(
      (tx) => {
        const audit = {
          actorUserId: user?.id ?? null,
          actorOrganisationId: user?.organisationId ?? null,
          targetType: 'user',
          targetId: user?.id ?? null,
          ip,
        };
        writeAudit(tx, {
          ...audit,
          action: 'auth.sign_in',
          outcome: 'failed',
          detail: { reason: auditReason },
          at: now,
        });
        const { failures, lockedNow } = recordPasswordFailure(tx, {
          emailKey,
          ip,
          now,
          lock,
          mayLock: refusal === 'invalid',
          audit,
        });
        if (lockedNow) refusal = 'locked';
        return failures;
      },
      { behavior: 'immediate' },
    );
    await delayAfterFailure(failuresInWindow);
    throw new SignInError(refusal);
  }

  const u = user!;
  // The administrator who chose this password, while it is theirs or no second administrator
  // has vouched for the account: an auditor sees who could be behind the sign-in (decision 0018).
  const setBy = u.passwordSetBy && (u.mustChangePassword || !u.confirmedAt) ? { setBy: u.passwordSetBy } : undefined;

  // The right password, but the account waits for a second administrator (decision 0018). Only
  // someone holding the password learns this, so it is said plainly; it is not a guess, so it
  // does not count towards a lock.
  if (u.pendingConfirmation) {
    db.transaction(
      (tx) =>
        writeAudit(tx, {
          action: 'auth.sign_in',
          outcome: 'failed',
          actorUserId: u.id,
          actorOrganisationId: u.organisationId,
          targetType: 'user',
          targetId: u.id,
          ip,
          at: now,
          detail: { reason: 'awaiting_confirmation', ...setBy },
        }),
      { behavior: 'immediate' },
    );
    throw new SignInError('awaiting_confirmation');
  }

  const sessionId = db.transaction(
    (tx) => {
      // With a second factor to give, the session opened here reaches nothing but that step, and
      // the password's success does not yet clear earlier failures: otherwise typing the right
      // password again would reset the count of wrong codes (decision 0025).
      const secondFactorPending = pendingStepFor(tx, u);
      if (!secondFactorPending) recordPasswordSuccess(tx, { emailKey, ip, now });
      return openSessionInTx(tx, u, { ip, now, secondFactorPending, detail: setBy });
    },
    { behavior: 'immediate' },
  );
  return { userId: u.id, sessionId };
}
