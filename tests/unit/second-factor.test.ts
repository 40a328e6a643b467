import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, secondFactorPolicies } from '@/db/schema';
import { authenticate, SignInError } from '@/lib/server/auth/authenticate';
import { beginPendingEnrolment } from '@/lib/server/auth/begin-pending-enrolment';
import { beginTotpEnrolment } from '@/lib/server/auth/begin-totp-enrolment';
import { completeSecondFactor } from '@/lib/server/auth/complete-second-factor';
import { confirmTotpEnrolment } from '@/lib/server/auth/confirm-totp-enrolment';
import { resetSecondFactor } from '@/lib/server/auth/reset-second-factor';
import { resolveSession } from '@/lib/server/auth/resolve-session';
import { setSecondFactorPolicy } from '@/lib/server/auth/set-second-factor-policy';
import { checkTotp, normaliseRecoveryCode, totpCode, totpStep } from '@/lib/server/auth/totp-rules';
import { NotFoundError } from '@/lib/server/errors';
import { makeOrganisation, makeUser } from '../support/factories';

const IP = '192.0.2.44';
const SECRET = 'KRSXG5CJNZSGK3TUNF2HSIDEMVWW6ICS';

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SignInError) return e.reason;
    throw e;
  }
  return 'ok';
}

/** A user with TOTP set up through the account page, and the recovery codes shown then. */
async function enrolled(at: Date) {
  const u = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  const sheet = (await beginTotpEnrolment({ actor: u.actor, now: at }))!;
  confirmTotpEnrolment({ actor: u.actor, input: { code: totpCode(sheet.secret, at) }, now: at });
  return { ...u, sheet };
}

describe('TOTP rules', () => {
  const now = new Date('2026-06-01T10:00:10Z');

  it('accepts the current code and those of the step before and after, and no other', () => {
    expect(checkTotp(SECRET, totpCode(SECRET, now), null, now)).toEqual({ ok: true, step: totpStep(now) });
    expect(checkTotp(SECRET, totpCode(SECRET, new Date(now.getTime() - 30_000)), null, now).ok).toBe(true);
    expect(checkTotp(SECRET, totpCode(SECRET, new Date(now.getTime() + 30_000)), null, now).ok).toBe(true);
    expect(checkTotp(SECRET, totpCode(SECRET, new Date(now.getTime() - 90_000)), null, now).ok).toBe(false);
    expect(checkTotp(SECRET, '12345', null, now)).toEqual({ ok: false, reason: 'wrong' });
    expect(checkTotp(SECRET, 'abcdef', null, now)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a right code of the step last used or an earlier one (a replay)', () => {
    const code = totpCode(SECRET, now);
    expect(checkTotp(SECRET, code, totpStep(now), now)).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(SECRET, code, totpStep(now) - 1, now).ok).toBe(true);
    const previous = totpCode(SECRET, new Date(now.getTime() - 30_000));
    expect(checkTotp(SECRET, previous, totpStep(now) - 1, now)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('reads a recovery code as typed: case, spaces and a missing dash', () => {
    expect(normaliseRecoveryCode(' ABCDE fghjk ')).toBe('abcde-fghjk');
    expect(normaliseRecoveryCode('abcdefghjk')).toBe('abcde-fghjk');
  });
});

describe('the second step of sign-in', () => {
  it('opens a half-way session that reaches nothing, then a full one for the right code; the same code again is refused', async () => {
    const t0 = new Date();
    const u = await enrolled(new Date(t0.getTime() - 120_000));
    const half = await authenticate({ email: u.email, password: u.password, ip: IP, now: t0 });
    const resolved = resolveSession({ sessionId: half.sessionId, ip: IP, now: t0 });
    expect(resolved.actor).toBeUndefined();
    expect(resolved.refusal).toBe('second_factor');

    const code = totpCode(u.sheet.secret, t0);
    const full = await completeSecondFactor({ sessionId: half.sessionId, code, ip: IP, now: t0 });
    expect(resolveSession({ sessionId: full.sessionId, ip: IP, now: t0 }).actor?.userId).toBe(u.id);
    // The half-way session is gone, and the code cannot be used again, even from a new password step.
    expect(resolveSession({ sessionId: half.sessionId, ip: IP, now: t0 }).actor).toBeUndefined();
    const again = await authenticate({ email: u.email, password: u.password, ip: IP, now: t0 });
    expect(await refusal(completeSecondFactor({ sessionId: again.sessionId, code, ip: IP, now: t0 }))).toBe(
      'invalid_code',
    );
    const reasons = getDb()
      .select({ outcome: auditEvents.outcome, detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, u.id), eq(auditEvents.action, 'auth.second_factor')))
      .all();
    expect(reasons).toEqual([
      { outcome: 'ok', detail: JSON.stringify({ method: 'totp' }) },
      { outcome: 'failed', detail: JSON.stringify({ reason: 'replayed_code' }) },
    ]);
  });

  it('takes a recovery code once, and not twice', async () => {
    const t0 = new Date();
    const u = await enrolled(new Date(t0.getTime() - 120_000));
    const recoveryCode = u.sheet.recoveryCodes[3]!.toUpperCase();
    const first = await authenticate({ email: u.email, password: u.password, ip: IP, now: t0 });
    await completeSecondFactor({ sessionId: first.sessionId, recoveryCode, ip: IP, now: t0 });
    const second = await authenticate({ email: u.email, password: u.password, ip: IP, now: t0 });
    expect(await refusal(completeSecondFactor({ sessionId: second.sessionId, recoveryCode, ip: IP, now: t0 }))).toBe(
      'invalid_code',
    );
    // Another unused code still works.
    await completeSecondFactor({
      sessionId: second.sessionId,
      recoveryCode: u.sheet.recoveryCodes[4]!,
      ip: IP,
      now: t0,
    });
  });

  it('counts wrong codes towards the lock-out, and the right password does not reset the count', async () => {
    const t0 = new Date();
    const u = await enrolled(new Date(t0.getTime() - 120_000));
    let half = await authenticate({ email: u.email, password: u.password, ip: IP, now: t0 });
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      if (i === 2) half = await authenticate({ email: u.email, password: u.password, ip: IP, now: t0 });
      outcomes.push(
        await refusal(completeSecondFactor({ sessionId: half.sessionId, code: '000000', ip: IP, now: t0 })),
      );
    }
    expect(outcomes).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'locked']);
    // Locked: the password is refused, and a right code would not help either.
    expect(await refusal(authenticate({ email: u.email, password: u.password, ip: IP, now: t0 }))).toBe('locked');
    const locks = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, u.id), eq(auditEvents.action, 'auth.lock')))
      .all();
    expect(locks).toHaveLength(1);
  }, 30_000);

  it('makes a person whom the policy requires enrol at sign-in; the administrator sets the policy and resets the factor', async () => {
    const organisation = makeOrganisation('onss');
    const platform = await makeUser({ role: 'admin', organisation: makeOrganisation('coordination') });
    const u = await makeUser({ role: 'referrer', organisation });
    // No rule (the tests' default is "optional"): no second step.
    const plain = await authenticate({ email: u.email, password: u.password, ip: IP });
    expect(resolveSession({ sessionId: plain.sessionId, ip: IP }).actor?.userId).toBe(u.id);

    setSecondFactorPolicy({
      actor: platform.actor,
      input: { organisationId: organisation.id, role: 'referrer', rule: 'required' },
    });
    const half = await authenticate({ email: u.email, password: u.password, ip: IP });
    const pending = resolveSession({ sessionId: half.sessionId, ip: IP });
    expect(pending.refusal === 'second_factor' && pending.pending.step).toBe('enrol');
    const sheet = (await beginPendingEnrolment({ pending: pending.pending! }))!;
    const full = await completeSecondFactor({ sessionId: half.sessionId, code: totpCode(sheet.secret), ip: IP });
    expect(resolveSession({ sessionId: full.sessionId, ip: IP }).actor?.userId).toBe(u.id);

    // An administrator of another organisation cannot reset it; the platform's can, and the
    // person's sessions end and enrolment is asked again even once the policy is lifted.
    const other = await makeUser({ role: 'admin', organisation: makeOrganisation('onss') });
    expect(() => resetSecondFactor({ actor: other.actor, input: { userId: u.id } })).toThrow(NotFoundError);
    resetSecondFactor({ actor: platform.actor, input: { userId: u.id } });
    expect(resolveSession({ sessionId: full.sessionId, ip: IP }).actor).toBeUndefined();
    setSecondFactorPolicy({
      actor: platform.actor,
      input: { organisationId: organisation.id, role: 'referrer', rule: 'default' },
    });
    expect(
      getDb().select().from(secondFactorPolicies).where(eq(secondFactorPolicies.organisationId, organisation.id)).all(),
    ).toEqual([]);
    const next = await authenticate({ email: u.email, password: u.password, ip: IP });
    const after = resolveSession({ sessionId: next.sessionId, ip: IP });
    expect(after.refusal === 'second_factor' && after.pending.step).toBe('enrol');
  });

  it('lets only the platform administrators set the policy', async () => {
    const organisation = makeOrganisation('onss');
    const admin = await makeUser({ role: 'admin', organisation });
    expect(() =>
      setSecondFactorPolicy({
        actor: admin.actor,
        input: { organisationId: organisation.id, role: 'referrer', rule: 'optional' },
      }),
    ).toThrow(NotFoundError);
  });
});
