import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { encryptClientSecret } from '../../lib/sso/client-secret';
import { makeOrganisation, makeUser, type TestOrganisation } from '../support/factories';
import { E2E_DB_PATH } from './db-path';
import { expect, test } from './fixtures';
import { startIdp, TEST_ACR_MFA, TEST_ACR_PASSWORD, type Idp } from './oidc-harness';
import { db, demo, formAlert, scalar, signIn } from './support';

/**
 * Single sign-on over OpenID Connect (decision 0032) in the browser, against a real OpenID
 * provider (oidc-provider, started in this worker): the platform administrator's page, a person
 * matched by a verified e-mail address signing in, the refusals (unknown, disabled, another
 * organisation's, unverified) said on the sign-in page and audited, the second-factor policy
 * honoured unless the provider asserts a factor the organisation counts, and accounts without
 * a password that no password opens.
 */

const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
/** Each worker its own provider port (E2E_PORT + 10…17), so parallel runs on other ports do not collide. */
const idpPort = (info: TestInfo) => E2E_PORT + 10 + (info.workerIndex % 8);
const providerIdOf = (organisationId: string) => `oidc-${organisationId}`;
const callbackOf = (organisationId: string) =>
  `http://localhost:${E2E_PORT}/api/auth/callback/${providerIdOf(organisationId)}`;

let idp: Idp | null = null;
let organisationInUse: string | null = null;

test.afterEach(async () => {
  // Turned off at the end: the sign-in page of the other tests shows no button of ours.
  if (organisationInUse) {
    const sqlite = db();
    try {
      sqlite
        .prepare('UPDATE single_sign_on_providers SET enabled = 0 WHERE organisation_id = ?')
        .run(organisationInUse);
    } finally {
      sqlite.close();
    }
  }
  await idp?.close();
  idp = null;
  organisationInUse = null;
});

/** The server's session secret (the client secret is stored encrypted under a key derived from it). */
async function serverSecret(page: Page): Promise<string> {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  // next-auth's options are built on the first request to its route: the secret exists after it.
  await page.request.get('/api/auth/csrf');
  return fs.readFileSync(path.join(path.dirname(E2E_DB_PATH), 'auth-secret'), 'utf8').trim();
}

/** A police organisation of this test, its provider started and stored as the administration page stores it. */
async function withProvider(
  page: Page,
  info: TestInfo,
  settings: { secondFactorAmr?: string; secondFactorAcr?: string; issuer?: string; clientSecret?: string } = {},
): Promise<{ organisation: TestOrganisation & { code: string }; label: string }> {
  const code = `sso-${randomUUID().slice(0, 8)}`;
  const organisation = { ...makeOrganisation('police', `Police SSO ${code}`, code), code };
  idp = await startIdp({ port: idpPort(info), redirectUri: callbackOf(organisation.id) });
  organisationInUse = organisation.id;
  const label = `IdP ${code}`;
  const secret = await serverSecret(page);
  const sqlite = db();
  try {
    sqlite
      .prepare(
        `INSERT INTO single_sign_on_providers (organisation_id, enabled, label, issuer, client_id, client_secret_encrypted,
           email_claim, second_factor_acr, second_factor_amr, updated_at) VALUES (?, 1, ?, ?, ?, ?, 'email', ?, ?, ?)`,
      )
      .run(
        organisation.id,
        label,
        settings.issuer ?? idp.issuer,
        idp.clientId,
        encryptClientSecret(settings.clientSecret ?? idp.clientSecret, secret, organisation.id),
        settings.secondFactorAcr ?? '',
        settings.secondFactorAmr ?? '',
        new Date().toISOString(),
      );
  } finally {
    sqlite.close();
  }
  return { organisation, label };
}

async function ssoSignIn(page: Page, label: string) {
  await page.goto('/signin');
  await page.getByRole('button', { name: `Se connecter avec ${label}` }).click();
}

const ssoFailures = (organisationId: string, reason: string) =>
  scalar<number>(
    `SELECT count(*) FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'failed'
       AND actor_organisation_id = ? AND detail LIKE '%"method":"oidc"%' AND detail LIKE ?`,
    organisationId,
    `%"reason":"${reason}"%`,
  );

test('the platform administrator sets up a provider; a person it vouches for signs in and lands in Relais', async ({
  page,
  person,
}, info) => {
  const code = `sso-${randomUUID().slice(0, 8)}`;
  const organisation = makeOrganisation('police', `Police SSO ${code}`, code);
  const officer = await makeUser({ role: 'referrer', organisation });
  idp = await startIdp({ port: idpPort(info), redirectUri: callbackOf(organisation.id) });
  organisationInUse = organisation.id;
  const label = `IdP ${code}`;

  // Nothing on the sign-in page before it is set up.
  await page.goto('/signin');
  await expect(page.getByRole('button', { name: `Se connecter avec ${label}` })).toHaveCount(0);

  const admin = await person(demo('admin'));
  await admin.page.goto(`/admin/single-sign-on?organisation=${organisation.id}`);
  await expect(admin.page.getByTestId('sso-redirect-uri')).toHaveText(callbackOf(organisation.id));
  // The form (not in the accessibility spec's list, which has no query strings): no axe violation.
  const axe = await new AxeBuilder({ page: admin.page })
    .options({ rules: { 'target-size': { enabled: true } } })
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await admin.page.getByLabel('Activer la connexion unique pour cette organisation').check();
  await admin.page.getByLabel('Libellé du bouton').fill(label);
  await admin.page.getByLabel('Adresse de l’émetteur (issuer)').fill(idp.issuer);
  await admin.page.getByLabel('Identifiant du client').fill(idp.clientId);
  await admin.page.getByLabel('Secret du client').fill(idp.clientSecret);
  await admin.page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(admin.page.getByText('Configuration enregistrée', { exact: false })).toBeVisible();
  // The secret is never shown back, and is not stored in clear.
  await admin.page.reload();
  expect(await admin.page.content()).not.toContain(idp.clientSecret);
  await expect(admin.page.getByLabel('Secret du client')).toHaveValue('');
  const stored = scalar<string>(
    'SELECT client_secret_encrypted FROM single_sign_on_providers WHERE organisation_id = ?',
    organisation.id,
  );
  expect(stored).not.toContain(idp.clientSecret);

  // The sign-in page with its button: still no axe violation.
  await page.goto('/signin');
  const signInAxe = await new AxeBuilder({ page }).options({ rules: { 'target-size': { enabled: true } } }).analyze();
  expect(signInAxe.violations.map((v) => v.id)).toEqual([]);
  idp.setNextLogin({ accountId: 'person-1', claims: { email: officer.email, email_verified: true } });
  await ssoSignIn(page, label);
  await expect(page).toHaveURL(/\/checklists$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A Relais session row, as after a password, and its audit entry.
  expect(scalar<number>('SELECT count(*) FROM sessions WHERE user_id = ? AND ended_at IS NULL', officer.id)).toBe(1);
  expect(
    scalar<number>(
      `SELECT count(*) FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'ok' AND actor_user_id = ?
         AND detail LIKE '%"method":"oidc"%'`,
      officer.id,
    ),
  ).toBe(1);
  // The API answers the session too.
  expect((await page.request.get('/api/v1/checklists')).status()).toBe(200);
});

test('refused with a clear message and audited: an unknown address, a disabled account, another organisation’s account, an unverified address', async ({
  page,
  browser,
}, info) => {
  const { organisation, label } = await withProvider(page, info);
  const disabled = await makeUser({ role: 'referrer', organisation, active: false });
  const stranger = await makeUser({ role: 'referrer', organisation: 'police-liege' });
  const member = await makeUser({ role: 'referrer', organisation });

  const attempts: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'unknown_account',
      { email: `nobody-${randomUUID()}@test.relais.be`, email_verified: true },
      'sso_refused',
      /aucun compte actif/,
    ],
    ['user_disabled', { email: disabled.email, email_verified: true }, 'sso_refused', /aucun compte actif/],
    ['other_organisation', { email: stranger.email, email_verified: true }, 'sso_refused', /aucun compte actif/],
    ['email_unverified', { email: member.email, email_verified: false }, 'sso_unverified', /n’a pas confirmé/],
  ];
  for (const [reason, claims, error, message] of attempts) {
    const context = await browser.newContext();
    const other = await context.newPage();
    idp!.setNextLogin({ accountId: `acc-${reason}`, claims });
    await ssoSignIn(other, label);
    await expect(other).toHaveURL(new RegExp(`/signin\\?error=${error}$`));
    await expect(formAlert(other)).toContainText(message);
    // The password form is still there, one screen.
    await expect(other.getByLabel('Adresse e-mail')).toBeVisible();
    expect(ssoFailures(organisation.id, reason), reason).toBe(1);
    expect(
      (await context.cookies()).some((c) => c.name === 'next-auth.session-token'),
      reason,
    ).toBe(false);
    await context.close();
  }
  for (const u of [disabled, stranger, member])
    expect(scalar<number>('SELECT count(*) FROM sessions WHERE user_id = ?', u.id)).toBe(0);
  // No e-mail address in the audit trail's details of these refusals.
  const details = scalar<string>(
    `SELECT group_concat(detail) FROM audit_events WHERE action = 'auth.sign_in' AND actor_organisation_id = ?`,
    organisation.id,
  );
  expect(details).not.toContain('@');
});

test('a provider that is not the one configured, or a client secret it refuses: refused and audited', async ({
  page,
  browser,
}, info) => {
  // Configured as 127.0.0.1 while the provider calls itself localhost: its tokens name another issuer.
  const elsewhere = await withProvider(page, info, { issuer: `http://127.0.0.1:${idpPort(info)}` });
  const officer = await makeUser({ role: 'referrer', organisation: elsewhere.organisation });
  idp!.setNextLogin({ accountId: 'p1', claims: { email: officer.email, email_verified: true } });
  await ssoSignIn(page, elsewhere.label);
  await expect(page).toHaveURL(/\/signin\?error=sso_refused$/);
  expect(ssoFailures(elsewhere.organisation.id, 'wrong_issuer')).toBe(1);
  expect(scalar<number>('SELECT count(*) FROM sessions WHERE user_id = ?', officer.id)).toBe(0);
  await idp!.close();
  idp = null;

  // The provider refuses the code exchange (a wrong client secret): next-auth's error, audited.
  const wrongSecret = await withProvider(page, info, { clientSecret: 'not-the-secret' });
  const member = await makeUser({ role: 'referrer', organisation: wrongSecret.organisation });
  const context = await browser.newContext();
  const other = await context.newPage();
  idp!.setNextLogin({ accountId: 'p2', claims: { email: member.email, email_verified: true } });
  await ssoSignIn(other, wrongSecret.label);
  await expect(other).toHaveURL(/\/signin\?.*error=OAuthCallback$/);
  await expect(formAlert(other)).toContainText('La connexion par votre fournisseur d’identité a échoué');
  expect(ssoFailures(wrongSecret.organisation.id, 'token_refused:client')).toBe(1);
  expect(scalar<number>('SELECT count(*) FROM sessions WHERE user_id = ?', member.id)).toBe(0);
  await context.close();
  // Both organisations' providers are turned off at the end.
  const sqlite = db();
  try {
    sqlite
      .prepare('UPDATE single_sign_on_providers SET enabled = 0 WHERE organisation_id = ?')
      .run(elsewhere.organisation.id);
  } finally {
    sqlite.close();
  }
});

test('with a second factor required: none asserted leads to Relais’s own step; a configured amr or acr goes straight in', async ({
  page,
  browser,
}, info) => {
  const { organisation, label } = await withProvider(page, info, {
    secondFactorAmr: 'mfa',
    secondFactorAcr: TEST_ACR_MFA,
  });
  const officer = await makeUser({ role: 'referrer', organisation });
  const sqlite = db();
  try {
    sqlite
      .prepare('INSERT INTO second_factor_policies (organisation_id, role, required, updated_at) VALUES (?, ?, 1, ?)')
      .run(organisation.id, 'referrer', new Date().toISOString());
  } finally {
    sqlite.close();
  }
  const claims = { email: officer.email, email_verified: true };

  // A password only at the provider: Relais asks for its own factor (here, to set one up).
  idp!.setNextLogin({ accountId: 'p1', claims, acr: TEST_ACR_PASSWORD, amr: ['pwd'] });
  await ssoSignIn(page, label);
  await expect(page).toHaveURL(/\/signin\/second-factor/);
  expect((await page.request.get('/api/v1/checklists')).status()).toBe(401);

  for (const login of [{ amr: ['pwd', 'mfa'] }, { acr: TEST_ACR_MFA, amr: ['pwd'] }]) {
    const context = await browser.newContext();
    const other = await context.newPage();
    idp!.setNextLogin({ accountId: 'p1', claims, ...login });
    await ssoSignIn(other, label);
    await expect(other, JSON.stringify(login)).toHaveURL(/\/checklists$/);
    await context.close();
  }
  expect(
    scalar<number>(
      `SELECT count(*) FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'ok' AND actor_user_id = ?
         AND detail LIKE '%"providerSecondFactor":true%'`,
      officer.id,
    ),
  ).toBe(2);
});

test('an account without a password: made by the users API, no password opens it, single sign-on does', async ({
  page,
  person,
}, info) => {
  const { organisation, label } = await withProvider(page, info);
  const admin = await person({ role: 'admin', organisation: organisation.code });
  const email = `sso-only-${randomUUID().slice(0, 8)}@test.relais.be`;
  const response = await admin.page.request.post('/api/v1/users', {
    data: { email, name: 'Sans Mot de Passe', role: 'referrer', signIn: 'sso' },
  });
  expect(response.status()).toBe(201);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).not.toHaveProperty('oneTimePassword');
  expect(scalar<number>('SELECT sso_only FROM users WHERE email = ?', email)).toBe(1);

  // The users page makes one too: no one-time password shown.
  const formEmail = `sso-form-${randomUUID().slice(0, 8)}@test.relais.be`;
  await admin.page.goto('/admin/users/new');
  await admin.page.getByLabel('Nom').fill('Par Le Formulaire');
  await admin.page.getByLabel('Adresse e-mail').fill(formEmail);
  await admin.page.getByLabel('Rôle').selectOption({ label: 'Service référent' });
  await admin.page.getByLabel('Sans mot de passe', { exact: false }).check();
  await admin.page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
  await expect(admin.page.getByRole('heading', { name: `Utilisateur ${formEmail} créé` })).toBeVisible();
  await expect(admin.page.getByText('Le compte n’a pas de mot de passe', { exact: false })).toBeVisible();
  await expect(admin.page.getByTestId('one-time-password')).toHaveCount(0);
  expect(scalar<number>('SELECT sso_only FROM users WHERE email = ?', formEmail)).toBe(1);

  // Whatever is typed, the same answer as a wrong password.
  await signIn(page, email, 'Relais-demo-2026');
  await expect(formAlert(page)).toContainText('Adresse e-mail ou mot de passe incorrect');

  // Even the password its hash was made from, had anyone known it: here an account whose
  // password is known, then made SSO-only.
  const known = await makeUser({ role: 'referrer', organisation });
  const sqlite = db();
  try {
    sqlite.prepare('UPDATE users SET sso_only = 1 WHERE id = ?').run(known.id);
  } finally {
    sqlite.close();
  }
  await signIn(page, known.email, known.password);
  await expect(formAlert(page)).toContainText('Adresse e-mail ou mot de passe incorrect');
  expect(
    scalar<number>(
      `SELECT count(*) FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'failed' AND actor_user_id = ?
         AND detail LIKE '%"reason":"sso_only"%'`,
      known.id,
    ),
  ).toBe(1);

  // Its organisation's provider signs it in; no password change is offered.
  idp!.setNextLogin({ accountId: 'only-sso', claims: { email, email_verified: true } });
  await ssoSignIn(page, label);
  await expect(page).toHaveURL(/\/checklists$/);
  await page.goto('/account');
  await expect(page.getByText('Votre compte n’a pas de mot de passe Relais', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Mot de passe actuel')).toHaveCount(0);
  // Nor a reset on the administrator's page.
  await admin.page.goto('/admin/users');
  const row = admin.page.getByRole('row', { name: /Sans Mot de Passe/ });
  await expect(row.getByText('Connexion unique uniquement')).toBeVisible();
  await expect(row.getByRole('button', { name: /Réinitialiser le mot de passe/ })).toHaveCount(0);
});
