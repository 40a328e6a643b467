import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, secondFactorPolicies, sessions, singleSignOnProviders, users } from '@/db/schema';
import { authenticate, SignInError } from '@/lib/server/auth/authenticate';
import { authSecret, getAuthOptions } from '@/lib/server/auth/auth-options';
import { withSingleSignOn } from '@/lib/server/auth/single-sign-on-options';
import { findSingleSignOnSettings } from '@/lib/server/auth/find-single-sign-on-settings';
import { setSingleSignOn } from '@/lib/server/auth/set-single-sign-on';
import { signInWithSso, SsoSignInError, type SsoRefusal } from '@/lib/server/auth/sign-in-with-sso';
import { enabledSingleSignOnConfigs, type SingleSignOnConfig } from '@/lib/server/auth/single-sign-on-store';
import { createUser } from '@/lib/server/users/create-user';
import { resetUserPassword } from '@/lib/server/users/reset-user-password';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { decryptClientSecret, encryptClientSecret } from '@/lib/sso/client-secret';
import { assertsSecondFactor, emailFromClaims, ssoProviderId } from '@/lib/sso/rules';
import { singleSignOnSchema } from '@/lib/validation/single-sign-on';
import { makeOrganisation, makeUser, userRow, type TestOrganisation } from '../support/factories';

/**
 * Single sign-on (decision 0032) below the browser: who an ID token's claims sign in, the
 * half-way session when the policy wants a factor the provider did not assert, the refusals and
 * their audit, the platform administrator's settings (the secret encrypted, never shown back),
 * and accounts without a password.
 */

const ISSUER = 'https://idp.example.test/realms/police';

function configFor(organisation: TestOrganisation, extra: Partial<SingleSignOnConfig> = {}): SingleSignOnConfig {
  return {
    providerId: ssoProviderId(organisation.id),
    organisationId: organisation.id,
    organisationName: organisation.name,
    label: 'Test',
    issuer: ISSUER,
    clientId: 'relais',
    clientSecret: 'secret',
    emailClaim: 'email',
    secondFactorAcr: '',
    secondFactorAmr: 'mfa',
    ...extra,
  };
}

const claimsOf = (email: string, extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: `sub-${email}`,
  email,
  email_verified: true,
  ...extra,
});

function refusalOf(run: () => unknown): SsoRefusal | 'none' {
  try {
    run();
    return 'none';
  } catch (e) {
    if (e instanceof SsoSignInError) return e.refusal;
    throw e;
  }
}

const failures = (organisationId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'auth.sign_in'),
        eq(auditEvents.outcome, 'failed'),
        eq(auditEvents.actorOrganisationId, organisationId),
      ),
    )
    .all()
    .map((r) => JSON.parse(r.detail ?? '{}') as Record<string, unknown>);

describe('single sign-on: who the claims sign in', () => {
  it('a verified address of an active account of that organisation opens a full session, like a password', async () => {
    const police = makeOrganisation('police');
    const officer = await makeUser({ role: 'referrer', organisation: police });
    const { userId, sessionId } = signInWithSso({
      config: configFor(police),
      claims: claimsOf(officer.email.toUpperCase()),
      ip: '192.0.2.7',
    });
    expect(userId).toBe(officer.id);
    const session = getDb().select().from(sessions).where(eq(sessions.id, sessionId)).get()!;
    expect(session).toMatchObject({ userId: officer.id, organisationId: police.id, secondFactorPending: null });
    const ok = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.sign_in'), eq(auditEvents.actorUserId, officer.id)))
      .all();
    expect(ok).toHaveLength(1);
    expect(ok[0]!.outcome).toBe('ok');
    expect(JSON.parse(ok[0]!.detail!)).toMatchObject({ method: 'oidc', provider: ssoProviderId(police.id) });
  });

  it('refuses an unknown address, another organisation’s account, a disabled one, an unverified address, a wrong issuer; each audited without the address', async () => {
    const police = makeOrganisation('police');
    const other = makeOrganisation('police');
    const stranger = await makeUser({ role: 'referrer', organisation: other });
    const disabled = await makeUser({ role: 'referrer', organisation: police, active: false });
    const member = await makeUser({ role: 'referrer', organisation: police });
    const config = configFor(police);
    const ip = '192.0.2.8';
    expect(refusalOf(() => signInWithSso({ config, claims: claimsOf('nobody@test.relais.be'), ip }))).toBe('refused');
    expect(refusalOf(() => signInWithSso({ config, claims: claimsOf(stranger.email), ip }))).toBe('refused');
    expect(refusalOf(() => signInWithSso({ config, claims: claimsOf(disabled.email), ip }))).toBe('refused');
    expect(
      refusalOf(() => signInWithSso({ config, claims: claimsOf(member.email, { email_verified: false }), ip })),
    ).toBe('unverified');
    expect(
      refusalOf(() => signInWithSso({ config, claims: claimsOf(member.email, { email_verified: undefined }), ip })),
    ).toBe('unverified');
    expect(
      refusalOf(() => signInWithSso({ config, claims: claimsOf(member.email, { iss: 'https://evil.test' }), ip })),
    ).toBe('refused');
    const rows = failures(police.id);
    expect(rows.map((r) => r.reason)).toEqual([
      'unknown_account',
      'other_organisation',
      'user_disabled',
      'email_unverified',
      'email_unverified',
      'wrong_issuer',
    ]);
    expect(JSON.stringify(rows)).not.toContain('@');
    // No session was opened for any of them.
    for (const u of [stranger, disabled, member])
      expect(getDb().select().from(sessions).where(eq(sessions.userId, u.id)).all()).toHaveLength(0);
  });

  it('reads the address from the configured claim', async () => {
    const police = makeOrganisation('police');
    const officer = await makeUser({ role: 'referrer', organisation: police });
    const config = configFor(police, { emailClaim: 'upn' });
    const claims = { ...claimsOf('someone-else@test.relais.be'), upn: officer.email };
    expect(signInWithSso({ config, claims, ip: '192.0.2.9' }).userId).toBe(officer.id);
  });

  it('with a factor required, a provider asserting none gives the half-way session; a configured amr or acr goes straight in', async () => {
    const police = makeOrganisation('police');
    const officer = await makeUser({ role: 'referrer', organisation: police });
    getDb()
      .insert(secondFactorPolicies)
      .values({ organisationId: police.id, role: 'referrer', required: true, updatedAt: new Date().toISOString() })
      .run();
    const config = configFor(police, { secondFactorAmr: 'mfa hwk', secondFactorAcr: 'urn:acr:mfa' });
    const pendingOf = (claims: Record<string, unknown>) => {
      const { sessionId } = signInWithSso({ config, claims, ip: '192.0.2.10' });
      return getDb().select().from(sessions).where(eq(sessions.id, sessionId)).get()!.secondFactorPending;
    };
    expect(pendingOf(claimsOf(officer.email))).toBe('enrol');
    expect(pendingOf(claimsOf(officer.email, { amr: ['pwd'], acr: 'urn:acr:pwd' }))).toBe('enrol');
    expect(pendingOf(claimsOf(officer.email, { amr: ['pwd', 'mfa'] }))).toBeNull();
    expect(pendingOf(claimsOf(officer.email, { acr: 'urn:acr:mfa' }))).toBeNull();
  });

  it('judges claims and factors by the rules', () => {
    const config = { issuer: `${ISSUER}/`, emailClaim: 'email' };
    expect(emailFromClaims(claimsOf(' A@B.be '), config)).toEqual({ email: 'a@b.be' });
    expect(emailFromClaims(claimsOf('a@b.be', { email_verified: 'true' }), config)).toEqual({ email: 'a@b.be' });
    expect(emailFromClaims(claimsOf('a@b.be', { email_verified: 'yes' }), config)).toEqual({
      refusal: 'email_unverified',
    });
    expect(emailFromClaims({ iss: ISSUER, email_verified: true }, config)).toEqual({ refusal: 'no_email' });
    expect(assertsSecondFactor({ amr: 'mfa' }, { secondFactorAcr: '', secondFactorAmr: 'mfa' })).toBe(false);
    expect(assertsSecondFactor({ amr: ['otp'] }, { secondFactorAcr: '', secondFactorAmr: '' })).toBe(false);
  });
});

describe('single sign-on: the platform administrator’s settings', () => {
  async function admins() {
    const platform = makeOrganisation('coordination');
    const police = makeOrganisation('police');
    return {
      platformAdmin: await makeUser({ role: 'admin', organisation: platform }),
      policeAdmin: await makeUser({ role: 'admin', organisation: police }),
      police,
    };
  }
  const input = (organisationId: string, extra: Record<string, unknown> = {}) =>
    singleSignOnSchema.parse({
      organisationId,
      enabled: true,
      label: 'Police IdP',
      issuer: `${ISSUER}/`,
      clientId: 'relais',
      clientSecret: 'the-client-secret',
      secondFactorAmr: 'mfa,  hwk mfa',
      ...extra,
    });

  it('stores the secret encrypted, never returns or audits it, keeps it when left empty', async () => {
    const { platformAdmin, police } = await admins();
    setSingleSignOn({ actor: platformAdmin.actor, input: input(police.id) });
    const row = getDb()
      .select()
      .from(singleSignOnProviders)
      .where(eq(singleSignOnProviders.organisationId, police.id))
      .get()!;
    expect(row.issuer).toBe(ISSUER);
    expect(row.secondFactorAmr).toBe('mfa hwk');
    expect(row.clientSecretEncrypted).not.toContain('the-client-secret');
    expect(decryptClientSecret(row.clientSecretEncrypted, authSecret(), police.id)).toBe('the-client-secret');
    // Copied to another organisation's row, or read under another session secret: unreadable.
    expect(decryptClientSecret(row.clientSecretEncrypted, authSecret(), platformAdmin.actor.organisationId)).toBeNull();
    expect(decryptClientSecret(row.clientSecretEncrypted, `${authSecret()}x`, police.id)).toBeNull();

    const shown = findSingleSignOnSettings({ actor: platformAdmin.actor }).find((r) => r.organisationId === police.id)!;
    expect(JSON.stringify(shown)).not.toContain('the-client-secret');
    expect(JSON.stringify(shown)).not.toContain(row.clientSecretEncrypted);
    expect(shown).toMatchObject({ enabled: true, configured: true, label: 'Police IdP' });

    setSingleSignOn({ actor: platformAdmin.actor, input: input(police.id, { clientSecret: '', label: 'Renamed' }) });
    const config = enabledSingleSignOnConfigs(getDb()).find((c) => c.organisationId === police.id)!;
    expect(config).toMatchObject({ label: 'Renamed', clientSecret: 'the-client-secret' });

    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'settings.single_sign_on'), eq(auditEvents.targetId, police.id)))
      .all();
    expect(audit.map((a) => JSON.parse(a.detail!).secretChanged)).toEqual([true, false]);
    expect(JSON.stringify(audit)).not.toContain('the-client-secret');

    // Turned off: no provider any more.
    setSingleSignOn({ actor: platformAdmin.actor, input: input(police.id, { enabled: false, clientSecret: '' }) });
    expect(enabledSingleSignOnConfigs(getDb()).some((c) => c.organisationId === police.id)).toBe(false);
  });

  it('a first configuration needs its secret; an organisation’s own administrator is refused and audited', async () => {
    const { platformAdmin, policeAdmin, police } = await admins();
    expect(() =>
      setSingleSignOn({ actor: platformAdmin.actor, input: input(police.id, { clientSecret: '' }) }),
    ).toThrow(DomainError);
    expect(() => setSingleSignOn({ actor: policeAdmin.actor, input: input(police.id) })).toThrow(NotFoundError);
    expect(() => findSingleSignOnSettings({ actor: policeAdmin.actor })).toThrow(NotFoundError);
    const refused = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'settings.single_sign_on'), eq(auditEvents.actorUserId, policeAdmin.id)))
      .all();
    expect(refused.map((r) => r.outcome)).toEqual(['refused', 'refused']);
  });

  it('refuses an issuer over plain http elsewhere than this machine', () => {
    expect(
      singleSignOnSchema.safeParse({ ...input(crypto.randomUUID()), issuer: 'http://idp.example.test' }).success,
    ).toBe(false);
    expect(
      singleSignOnSchema.safeParse({ ...input(crypto.randomUUID()), issuer: 'http://localhost:3412' }).success,
    ).toBe(true);
  });

  it('encrypts with a fresh nonce each time', () => {
    const a = encryptClientSecret('s', 'k'.repeat(40), 'org');
    expect(a).not.toBe(encryptClientSecret('s', 'k'.repeat(40), 'org'));
    expect(decryptClientSecret(a, 'k'.repeat(40), 'org')).toBe('s');
    expect(decryptClientSecret('garbage', 'k'.repeat(40), 'org')).toBeNull();
  });
});

describe('accounts without a password', () => {
  it('are created without a one-time password and refused at password sign-in, even with their hash’s password', async () => {
    const police = makeOrganisation('police');
    const admin = await makeUser({ role: 'admin', organisation: police });
    const created = await createUser({
      actor: admin.actor,
      input: {
        email: `sso-${crypto.randomUUID()}@test.relais.be`,
        name: 'Sans Mot',
        role: 'referrer',
        organisationId: police.id,
        signIn: 'sso',
      },
    });
    expect(created.oneTimePassword).toBeNull();
    expect(userRow(created.userId)).toMatchObject({ ssoOnly: true, mustChangePassword: false });

    // An account whose password is known, then made SSO-only: the right password is refused all the same.
    const known = await makeUser({ role: 'referrer', organisation: police });
    getDb().update(users).set({ ssoOnly: true }).where(eq(users.id, known.id)).run();
    await expect(authenticate({ email: known.email, password: known.password, ip: '192.0.2.20' })).rejects.toEqual(
      new SignInError('invalid'),
    );
    const last = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.sign_in'), eq(auditEvents.actorUserId, known.id)))
      .all()
      .at(-1)!;
    expect(JSON.parse(last.detail!)).toEqual({ reason: 'sso_only' });

    // An administrator cannot give it a password.
    await expect(resetUserPassword({ actor: admin.actor, userId: known.id })).rejects.toThrow(DomainError);
    expect(userRow(known.id)!.mustChangePassword).toBe(false);
  });
});

describe('single sign-on: next-auth’s options for a request', () => {
  it('add a provider per enabled organisation, sign in through the callback, audit a refused token', async () => {
    const platform = makeOrganisation('coordination');
    const platformAdmin = await makeUser({ role: 'admin', organisation: platform });
    const police = makeOrganisation('police');
    const officer = await makeUser({ role: 'referrer', organisation: police });
    const settings = singleSignOnSchema.parse({
      organisationId: police.id,
      enabled: true,
      label: 'Police IdP',
      issuer: ISSUER,
      clientId: 'relais',
      clientSecret: 'the-client-secret',
    });
    setSingleSignOn({ actor: platformAdmin.actor, input: settings });
    const id = ssoProviderId(police.id);
    const options = withSingleSignOn(getAuthOptions(), '192.0.2.30');
    const provider = options.providers.find((p) => p.id === id) as unknown as Record<string, unknown>;
    expect(provider).toMatchObject({ type: 'oauth', idToken: true, checks: ['pkce', 'state', 'nonce'] });
    // The fixed providers (password, second factor) are all still there.
    expect(options.providers.filter((p) => p.type === 'credentials')).toHaveLength(getAuthOptions().providers.length);

    const signInCallback = options.callbacks!.signIn!;
    const user: Record<string, unknown> = { id: 'sub-1' };
    const account = { type: 'oauth' as const, provider: id, providerAccountId: 'sub-1' };
    expect(await signInCallback({ user: user as never, account, profile: claimsOf(officer.email) as never })).toBe(
      true,
    );
    expect(user.id).toBe(officer.id);
    expect(typeof user.sid).toBe('string');
    const refused = await signInCallback({
      user: { id: 'sub-2' } as never,
      account,
      profile: claimsOf('nobody@test.relais.be') as never,
    });
    expect(refused).toMatch(/\/signin\?error=sso_refused$/);
    // The password provider is not judged here.
    expect(
      await signInCallback({
        user: { id: 'x' } as never,
        account: { type: 'credentials', provider: 'credentials', providerAccountId: 'x' },
      }),
    ).toBe(true);

    options.logger!.error!('OAUTH_CALLBACK_ERROR', {
      providerId: id,
      error: new Error('nonce mismatch, expected abc, got: def'),
    } as never);
    expect(failures(police.id).map((r) => r.reason)).toEqual(['unknown_account', 'token_refused:nonce']);

    setSingleSignOn({ actor: platformAdmin.actor, input: { ...settings, enabled: false, clientSecret: null } });
    expect(withSingleSignOn(getAuthOptions(), null as never).providers.some((p) => p.id === id)).toBe(false);
  });
});
