import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { passkeys, recoveryCodes, secondFactors, sessions } from '../../../db/schema';
import { writeAudit } from '../audit/write-audit';
import {
  delayAfterFailure,
  findAccountLock,
  isLocked,
  normaliseEmail,
  recordPasswordFailure,
  recordPasswordSuccess,
} from './lockout';
import { verifyPassword } from './password';
import { resolveSession } from './resolve-session';
import { activateEnrolmentInTx, secondFactorOf, unusedRecoveryCodes } from './second-factor-store';
import { checkTotp, normaliseRecoveryCode } from './totp-rules';
import { checkPasskeyAssertion, counterMayFollow, type PasskeyAssertion } from './passkey-store';
import { SignInError } from './authenticate';

/**
 * The second step of sign-in (decision 0025): a session opened by a right password gives a code
 * of its authenticator app, or one of its recovery codes, or — when the policy requires a factor
 * the person has not set up — the first code of the app it is enrolling; or the answer of one of
 * its passkeys to the challenge this half-way session was given. A right answer ends the
 * half-way session and opens a full one under a new id; a wrong one counts towards the account's
 * lock-out like a wrong password (same records, same limit, same delay), and once the account is
 * locked the half-way session ends, so the password must be given again.
 */
export async function completeSecondFactor({
  sessionId,
  code,
  recoveryCode,
  passkey,
  ip,
  now = new Date(),
}: {
  sessionId: string | null;
  code?: string;
  recoveryCode?: string;
  /** A passkey's answer (the browser's AuthenticationResponseJSON, as JSON). */
  passkey?: string;
  ip: string;
  now?: Date;
}): Promise<{ userId: string; sessionId: string }> {
  const resolved = resolveSession({ sessionId, ip, now });
  if (resolved.refusal !== 'second_factor') throw new SignInError('invalid');
  const pending = resolved.pending;
  const db = getDb();
  const emailKey = normaliseEmail(pending.email);
  const lock = findAccountLock(db, emailKey);
  const audit = {
    actorUserId: pending.userId,
    actorOrganisationId: pending.organisationId,
    targetType: 'user',
    targetId: pending.userId,
    ip,
  };

  // A recovery code is checked against each unused hash before the transaction (argon2 is slow).
  let recoveryId: number | null = null;
  if (!isLocked(lock, now) && pending.step === 'verify' && recoveryCode && !code) {
    const typed = normaliseRecoveryCode(recoveryCode);
    for (const row of unusedRecoveryCodes(db, pending.userId)) {
      if (await verifyPassword(row.codeHash, typed)) {
        recoveryId = row.id;
        break;
      }
    }
  }

  // A passkey's signature is checked before the transaction too (the check is asynchronous).
  let assertion: PasskeyAssertion | null = null;
  if (!isLocked(lock, now) && pending.step === 'verify' && passkey && !code && !recoveryCode) {
    assertion = await checkPasskeyAssertion(db, {
      userId: pending.userId,
      sessionId: pending.sessionId,
      json: passkey,
      now,
    });
  }

  const outcome = db.transaction(
    (tx) => {
      const fail = (reason: string) => {
        // A passkey's refusals have their own action (a counter going backwards is a cloned key).
        if (passkey && !code && !recoveryCode)
          writeAudit(tx, {
            ...audit,
            action: 'auth.passkey_refused',
            outcome: reason === 'passkey_counter' ? 'refused' : 'failed',
            detail: { reason },
            at: now,
          });
        else writeAudit(tx, { ...audit, action: 'auth.second_factor', outcome: 'failed', detail: { reason }, at: now });
        const { failures, lockedNow } = recordPasswordFailure(tx, {
          emailKey,
          ip,
          now,
          lock,
          mayLock: !isLocked(lock, now),
          audit,
        });
        if (lockedNow || isLocked(lock, now))
          tx.update(sessions)
            .set({ endedAt: now.toISOString(), endReason: 'ended' })
            .where(eq(sessions.id, pending.sessionId))
            .run();
        return { ok: false as const, failures, refusal: lockedNow || isLocked(lock, now) ? 'locked' : 'invalid_code' };
      };
      if (isLocked(lock, now)) return fail('locked');

      const factor = secondFactorOf(tx, pending.userId);
      let method: 'totp' | 'recovery_code' | 'enrolment' | 'passkey';
      let passkeyId: string | null = null;
      if (pending.step === 'enrol') {
        if (!factor?.pendingSecret || !code) return fail('wrong_code');
        const check = checkTotp(factor.pendingSecret, code, null, now);
        if (!check.ok) return fail('wrong_code');
        activateEnrolmentInTx(tx, pending.userId, check.step, now);
        method = 'enrolment';
      } else if (code) {
        if (!factor?.totpSecret) return fail('wrong_code');
        const check = checkTotp(factor.totpSecret, code, factor.lastTimeStep, now);
        if (!check.ok) return fail(check.reason === 'replayed' ? 'replayed_code' : 'wrong_code');
        tx.update(secondFactors)
          .set({ lastTimeStep: check.step, updatedAt: now.toISOString() })
          .where(eq(secondFactors.userId, pending.userId))
          .run();
        method = 'totp';
      } else if (passkey && !recoveryCode) {
        if (!assertion) return fail('wrong_passkey');
        if (!assertion.ok) return fail(`passkey_${assertion.reason}`);
        const stored = tx.select().from(passkeys).where(eq(passkeys.id, assertion.passkeyId)).get();
        if (!stored) return fail('passkey_unknown_credential');
        if (!counterMayFollow(stored.counter, assertion.newCounter)) return fail('passkey_counter');
        // Guarded by the counter read above: of two answers at once, one only moves it.
        const moved = tx
          .update(passkeys)
          .set({ counter: assertion.newCounter, lastUsedAt: now.toISOString() })
          .where(and(eq(passkeys.id, stored.id), eq(passkeys.counter, stored.counter)))
          .run();
        if (moved.changes !== 1) return fail('passkey_counter');
        method = 'passkey';
        passkeyId = stored.id;
      } else {
        if (recoveryId === null) return fail('wrong_recovery_code');
        // Used once: a second request with the same code, even at the same moment, finds it used.
        const used = tx
          .update(recoveryCodes)
          .set({ usedAt: now.toISOString() })
          .where(and(eq(recoveryCodes.id, recoveryId), isNull(recoveryCodes.usedAt)))
          .run();
        if (used.changes !== 1) return fail('wrong_recovery_code');
        method = 'recovery_code';
      }

      recordPasswordSuccess(tx, { emailKey, ip, now });
      const session = tx.select().from(sessions).where(eq(sessions.id, pending.sessionId)).get()!;
      tx.update(sessions)
        .set({ endedAt: now.toISOString(), endReason: 'ended' })
        .where(eq(sessions.id, pending.sessionId))
        .run();
      const fullId = randomBytes(32).toString('base64url');
      tx.insert(sessions)
        .values({
          id: fullId,
          userId: session.userId,
          role: session.role,
          organisationId: session.organisationId,
          createdAt: now.toISOString(),
          lastSeenAt: now.toISOString(),
        })
        .run();
      if (method === 'passkey')
        writeAudit(tx, { ...audit, action: 'auth.passkey_use', outcome: 'ok', detail: { passkeyId }, at: now });
      else writeAudit(tx, { ...audit, action: 'auth.second_factor', outcome: 'ok', detail: { method }, at: now });
      return { ok: true as const, sessionId: fullId };
    },
    { behavior: 'immediate' },
  );
  if (!outcome.ok) {
    await delayAfterFailure(outcome.failures);
    throw new SignInError(outcome.refusal === 'locked' ? 'locked' : 'invalid_code');
  }
  return { userId: pending.userId, sessionId: outcome.sessionId };
}
