import { and, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, mailOutbox, passkeys, secondFactorPolicies, webauthnChallenges } from '@/db/schema';
import { authenticate, SignInError } from '@/lib/server/auth/authenticate';
import { beginPasskeyRegistration } from '@/lib/server/auth/begin-passkey-registration';
import { beginPasskeySignIn } from '@/lib/server/auth/begin-passkey-sign-in';
import { beginTotpEnrolment } from '@/lib/server/auth/begin-totp-enrolment';
import { completeSecondFactor } from '@/lib/server/auth/complete-second-factor';
import { findSecondFactorStatus } from '@/lib/server/auth/find-second-factor-status';
import { finishPasskeyRegistration } from '@/lib/server/auth/finish-passkey-registration';
import { relyingParty } from '@/lib/server/auth/passkey-store';
import { removePasskey } from '@/lib/server/auth/remove-passkey';
import { resetSecondFactor } from '@/lib/server/auth/reset-second-factor';
import { resolveSession, type PendingSignIn } from '@/lib/server/auth/resolve-session';
import { TOTP_QR_OPTIONS } from '@/lib/server/auth/totp-rules';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { makeOrganisation, makeUser } from '../support/factories';
import { SoftAuthenticator } from '../support/soft-authenticator';

const IP = '192.0.2.45';

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SignInError) return e.reason;
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'ok';
}

/** A person signed in for real (the challenge is bound to an existing session). */
async function signedIn(organisation = makeOrganisation('onss')) {
  const u = await makeUser({ role: 'referrer', organisation });
  const { sessionId } = await authenticate({ email: u.email, password: u.password, ip: IP });
  const actor = resolveSession({ sessionId, ip: IP }).actor!;
  expect(actor.userId).toBe(u.id);
  return { ...u, actor };
}

function newAuthenticator() {
  const { origin, rpID } = relyingParty();
  return new SoftAuthenticator(origin, rpID);
}

/** A person with a passkey registered from the account page. */
async function withPasskey(name = 'YubiKey bureau') {
  const u = await signedIn();
  const key = newAuthenticator();
  const options = await beginPasskeyRegistration({ actor: u.actor });
  await finishPasskeyRegistration({
    actor: u.actor,
    input: { name, response: JSON.stringify(key.register(options.challenge)) },
  });
  return { ...u, key };
}

/** The password step, then the challenge the second-step page hands out. */
async function halfWay(u: { email: string; password: string }, now = new Date()) {
  const { sessionId } = await authenticate({ email: u.email, password: u.password, ip: IP, now });
  const resolved = resolveSession({ sessionId, ip: IP, now });
  expect(resolved.refusal).toBe('second_factor');
  const pending = resolved.pending as PendingSignIn;
  const begun = (await beginPasskeySignIn({ pending, now }))!;
  return { sessionId, pending, challenge: begun.options.challenge, begun };
}

function auditOf(userId: string, action: 'auth.passkey_use' | 'auth.passkey_refused' | 'account.passkey_register') {
  return getDb()
    .select({ outcome: auditEvents.outcome, detail: auditEvents.detail })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, action)))
    .all()
    .map((r) => `${r.outcome}:${(JSON.parse(r.detail ?? '{}') as { reason?: string }).reason ?? ''}`);
}

describe('passkeys', () => {
  it('registers a passkey (told by e-mail, audited), then it completes the second step of sign-in', async () => {
    // Mail on (nothing is sent: no worker runs here), so the notice is queued.
    process.env.RELAIS_SMTP_URL = 'smtp://127.0.0.1:2525';
    process.env.RELAIS_MAIL_FROM = 'relais@example.test';
    let u: Awaited<ReturnType<typeof withPasskey>>;
    try {
      u = await withPasskey();
    } finally {
      delete process.env.RELAIS_SMTP_URL;
      delete process.env.RELAIS_MAIL_FROM;
    }
    const [row] = getDb().select().from(passkeys).where(eq(passkeys.userId, u.id)).all();
    expect(row).toMatchObject({ name: 'YubiKey bureau', credentialId: u.key.credentialId, lastUsedAt: null });
    expect(JSON.parse(row!.transports)).toEqual(['usb']);
    expect(auditOf(u.id, 'account.passkey_register')).toEqual(['ok:']);
    const notices = getDb().select().from(mailOutbox).where(eq(mailOutbox.userId, u.id)).all();
    expect(notices.filter((n) => n.kind === 'security').map((n) => JSON.parse(n.params).event)).toContain(
      'second_factor_changed',
    );

    // With a passkey only, the password step asks for it; the app's code form is not offered.
    const half = await halfWay(u);
    expect(half.pending.step).toBe('verify');
    expect(half.begun.withApp).toBe(false);
    expect(half.begun.options.allowCredentials?.map((c) => c.id)).toEqual([u.key.credentialId]);
    const full = await completeSecondFactor({
      sessionId: half.sessionId,
      passkey: JSON.stringify(u.key.assert(half.challenge)),
      ip: IP,
    });
    expect(resolveSession({ sessionId: full.sessionId, ip: IP }).actor?.userId).toBe(u.id);
    expect(resolveSession({ sessionId: half.sessionId, ip: IP }).actor).toBeUndefined();
    const after = getDb().select().from(passkeys).where(eq(passkeys.userId, u.id)).get()!;
    expect(after.counter).toBe(1);
    expect(after.lastUsedAt).not.toBeNull();
    expect(auditOf(u.id, 'auth.passkey_use')).toEqual(['ok:']);
    expect(findSecondFactorStatus({ actor: u.actor }).passkeys.map((p) => p.name)).toEqual(['YubiKey bureau']);
  });

  it('uses a challenge once: the same answer, or another answer to it, is refused', async () => {
    const u = await withPasskey();
    const half = await halfWay(u);
    const answer = JSON.stringify(u.key.assert(half.challenge));
    await completeSecondFactor({ sessionId: half.sessionId, passkey: answer, ip: IP });
    // Replayed in a new half-way session (whose own challenge is another one).
    const again = await halfWay(u);
    expect(await refusal(completeSecondFactor({ sessionId: again.sessionId, passkey: answer, ip: IP }))).toBe(
      'invalid_code',
    );
    // A wrong answer uses the challenge up too: the right one after it is refused.
    const third = await halfWay(u);
    const wrong = u.key.assert(third.challenge);
    wrong.response.signature = Buffer.from('not a signature').toString('base64url');
    expect(
      await refusal(completeSecondFactor({ sessionId: third.sessionId, passkey: JSON.stringify(wrong), ip: IP })),
    ).toBe('invalid_code');
    const right = JSON.stringify(u.key.assert(third.challenge));
    expect(await refusal(completeSecondFactor({ sessionId: third.sessionId, passkey: right, ip: IP }))).toBe(
      'invalid_code',
    );
    expect(auditOf(u.id, 'auth.passkey_refused')).toEqual([
      'failed:passkey_challenge',
      'failed:passkey_wrong_signature',
      'failed:passkey_challenge',
    ]);
    // A registration challenge answered twice: the second is refused.
    const options = await beginPasskeyRegistration({ actor: u.actor });
    const other = newAuthenticator();
    const response = JSON.stringify(other.register(options.challenge));
    await finishPasskeyRegistration({ actor: u.actor, input: { name: 'Second', response } });
    expect(await refusal(finishPasskeyRegistration({ actor: u.actor, input: { name: 'Third', response } }))).toBe(
      'secondFactor.passkeys.errors.notRegistered',
    );
  }, 30_000);

  it('refuses a challenge answered after five minutes, and one given to another session', async () => {
    const u = await withPasskey();
    const t0 = new Date();
    const half = await halfWay(u, t0);
    const late = new Date(t0.getTime() + 5 * 60_000 + 1_000);
    const answer = JSON.stringify(u.key.assert(half.challenge));
    expect(await refusal(completeSecondFactor({ sessionId: half.sessionId, passkey: answer, ip: IP, now: late }))).toBe(
      'invalid_code',
    );
    const first = await halfWay(u);
    const second = await halfWay(u);
    const forFirst = JSON.stringify(u.key.assert(first.challenge));
    expect(await refusal(completeSecondFactor({ sessionId: second.sessionId, passkey: forFirst, ip: IP }))).toBe(
      'invalid_code',
    );
    expect(
      getDb().select().from(webauthnChallenges).where(eq(webauthnChallenges.challenge, half.challenge)).all(),
    ).toEqual([]);
  }, 30_000);

  it('refuses a signature counter that goes backwards (a cloned key), audited as refused', async () => {
    const u = await withPasskey();
    const first = await halfWay(u);
    await completeSecondFactor({
      sessionId: first.sessionId,
      passkey: JSON.stringify(u.key.assert(first.challenge, { counter: 7 })),
      ip: IP,
    });
    const second = await halfWay(u);
    const backwards = JSON.stringify(u.key.assert(second.challenge, { counter: 7 }));
    expect(await refusal(completeSecondFactor({ sessionId: second.sessionId, passkey: backwards, ip: IP }))).toBe(
      'invalid_code',
    );
    expect(getDb().select().from(passkeys).where(eq(passkeys.userId, u.id)).get()!.counter).toBe(7);
    expect(auditOf(u.id, 'auth.passkey_refused')).toEqual(['refused:passkey_counter']);
  });

  it("refuses another person's passkey, and counts refused answers towards the lock-out", async () => {
    const u = await withPasskey();
    const intruder = await withPasskey();
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const half = await halfWay(u);
      const theirs = JSON.stringify(intruder.key.assert(half.challenge));
      outcomes.push(await refusal(completeSecondFactor({ sessionId: half.sessionId, passkey: theirs, ip: IP })));
    }
    expect(outcomes).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'locked']);
    expect(auditOf(u.id, 'auth.passkey_refused')[0]).toBe('failed:passkey_unknown_credential');
  }, 60_000);

  it('removes a passkey of the person only, never the last factor the policy requires; a reset removes them all', async () => {
    const u = await withPasskey('Clé 1');
    const [first] = findSecondFactorStatus({ actor: u.actor }).passkeys;
    const stranger = await signedIn();
    expect(() => removePasskey({ actor: stranger.actor, input: { passkeyId: first!.id } })).toThrow(NotFoundError);

    const platform = await makeUser({ role: 'admin', organisation: makeOrganisation('coordination') });
    getDb()
      .insert(secondFactorPolicies)
      .values({
        organisationId: u.actor.organisationId,
        role: 'referrer',
        required: true,
        updatedAt: new Date().toISOString(),
      })
      .run();
    expect(findSecondFactorStatus({ actor: u.actor }).passkeyRemovable).toBe(false);
    expect(() => removePasskey({ actor: u.actor, input: { passkeyId: first!.id } })).toThrow(
      'secondFactor.passkeys.errors.lastFactor',
    );
    // With the app set up too, the passkey may go.
    const sheet = (await beginTotpEnrolment({ actor: u.actor }))!;
    expect(sheet.qrSvg).toContain('<svg');
    const { confirmTotpEnrolment } = await import('@/lib/server/auth/confirm-totp-enrolment');
    const { totpCode } = await import('@/lib/server/auth/totp-rules');
    confirmTotpEnrolment({ actor: u.actor, input: { code: totpCode(sheet.secret) } });
    removePasskey({ actor: u.actor, input: { passkeyId: first!.id } });
    expect(findSecondFactorStatus({ actor: u.actor }).passkeys).toEqual([]);

    const v = await withPasskey();
    resetSecondFactor({ actor: platform.actor, input: { userId: v.id } });
    expect(getDb().select().from(passkeys).where(eq(passkeys.userId, v.id)).all()).toEqual([]);
  });
});

describe('the QR code of TOTP enrolment', () => {
  it('is the SVG drawing of exactly the otpauth URI shown with it', async () => {
    const u = await signedIn();
    const sheet = (await beginTotpEnrolment({ actor: u.actor }))!;
    expect(sheet.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(sheet.uri).toContain(`secret=${sheet.secret}`);
    expect(sheet.qrSvg).toBe(await QRCode.toString(sheet.uri, TOTP_QR_OPTIONS));
    expect(sheet.qrSvg).not.toBe(
      await QRCode.toString(sheet.uri.replace(sheet.secret, 'A'.repeat(32)), TOTP_QR_OPTIONS),
    );
    expect(sheet.qrSvg).toMatch(/^<svg [^>]*viewBox/);
    expect(sheet.qrSvg).not.toMatch(/<script|href=|data:/);
  });
});
