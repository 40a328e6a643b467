import type { Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { randomUUID } from 'node:crypto';
import { DEMO_MFA_EMAIL, DEMO_TOTP_SECRET } from '../../db/demo-identity';
import { makeOrganisation, makeUser, type TestUser } from '../support/factories';
import { expect, test } from './fixtures';
import { db, DEMO_PASSWORD, formAlert, scalar, signIn } from './support';

/**
 * The second factor (decision 0025) in the browser: enrolment from the account page, the second
 * step of sign-in with an app's code or a recovery code, replays and wrong codes refused and
 * counted towards the lock-out, a half-way session that reaches nothing, and enrolment forced by
 * the platform administrator's policy.
 */

/** The code an authenticator app shows `offsetSeconds` from now. */
const codeOf = (secret: string, offsetSeconds = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

async function giveCode(page: Page, code: string) {
  await page.getByLabel('Code à 6 chiffres').fill(code);
  await page.getByRole('button', { name: 'Vérifier' }).click();
}

/** A user with TOTP set up (as the account page leaves it), and its recovery codes' plain text unknown. */
function enrolDirectly(user: TestUser, secret: string) {
  const sqlite = db();
  try {
    const now = new Date().toISOString();
    sqlite
      .prepare('INSERT INTO second_factors (user_id, totp_secret, enrolled_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(user.id, secret, now, now);
  } finally {
    sqlite.close();
  }
}

test('enrol TOTP on the account page, sign in with it; a replayed code and a used recovery code are refused', async ({
  page,
  signInAs,
  browser,
}) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  await page.goto('/account');
  await page.getByRole('link', { name: 'Configurer ou consulter votre deuxième facteur' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
  expect(await page.getByTestId('totp-uri').getAttribute('href')).toContain(`secret=${secret}`);
  const recoveryCodes = (await page.getByTestId('recovery-codes').locator('code').allTextContents()).map((c) =>
    c.trim(),
  );
  expect(recoveryCodes).toHaveLength(10);
  // A wrong first code does not turn it on.
  await page.getByLabel('Code de l’application').fill('000000');
  await page.getByRole('button', { name: 'Activer' }).click();
  await expect(page.getByText('Ce code ne correspond pas', { exact: false })).toBeVisible();
  await page.getByLabel('Code de l’application').fill(codeOf(secret));
  await page.getByRole('button', { name: 'Activer' }).click();
  await expect(page.getByText('Le deuxième facteur est actif', { exact: false })).toBeVisible();
  // Stored hashed, never in clear.
  const hashes = db().prepare('SELECT code_hash FROM recovery_codes WHERE user_id = ? AND pending = 0').all(user.id);
  expect(hashes).toHaveLength(10);
  expect(JSON.stringify(hashes)).not.toContain(recoveryCodes[0]);

  // Signing in now takes the password, then the code; the sign-in page is one screen before it.
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, user.email, user.password);
  await expect(other).toHaveURL(/\/signin\/second-factor/);
  // Half-way: no page and no API.
  expect((await other.request.get('/api/v1/checklists')).status()).toBe(401);
  await other.goto('/checklists');
  await expect(other).toHaveURL(/\/signin\/second-factor\?callbackUrl=%2Fchecklists/);
  // The code of the next step: the enrolment used this one.
  const code = codeOf(secret, 30);
  await giveCode(other, code);
  await expect(other).toHaveURL(/\/checklists$/);
  await context.close();

  // The same code again, from another browser: refused.
  const replay = await browser.newContext();
  const third = await replay.newPage();
  await signIn(third, user.email, user.password);
  await expect(third).toHaveURL(/\/signin\/second-factor/);
  await giveCode(third, code);
  await expect(formAlert(third)).toHaveText('Ce code est incorrect ou a déjà servi.');
  await expect(third).toHaveURL(/\/signin\/second-factor/);

  // A recovery code works once…
  await third.getByRole('button', { name: 'Utiliser un code de récupération' }).click();
  await third.getByLabel('Code de récupération').fill(recoveryCodes[0]!);
  await third.getByRole('button', { name: 'Vérifier' }).click();
  await expect(third).toHaveURL(/\/checklists$/);
  await replay.close();
  // …and not twice.
  const fourth = await browser.newContext();
  const again = await fourth.newPage();
  await signIn(again, user.email, user.password);
  await expect(again).toHaveURL(/\/signin\/second-factor/);
  await again.getByRole('button', { name: 'Utiliser un code de récupération' }).click();
  await again.getByLabel('Code de récupération').fill(recoveryCodes[0]!);
  await again.getByRole('button', { name: 'Vérifier' }).click();
  await expect(formAlert(again)).toHaveText('Ce code est incorrect ou a déjà servi.');
  await fourth.close();

  const audit = db()
    .prepare(
      "SELECT outcome, detail FROM audit_events WHERE action = 'auth.second_factor' AND actor_user_id = ? ORDER BY id",
    )
    .all(user.id)
    .map((r) => {
      const row = r as { outcome: string; detail: string };
      const d = JSON.parse(row.detail) as { method?: string; reason?: string };
      return `${row.outcome}:${d.method ?? d.reason}`;
    });
  expect(audit).toEqual(['ok:totp', 'failed:replayed_code', 'ok:recovery_code', 'failed:wrong_recovery_code']);
});

test('wrong codes lock the account like wrong passwords', async ({ page }) => {
  const user = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  enrolDirectly(user, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  await signIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/signin\/second-factor/);
  for (let i = 0; i < 4; i++) {
    await giveCode(page, '000000');
    await expect(formAlert(page)).toHaveText('Ce code est incorrect ou a déjà servi.');
  }
  await giveCode(page, '000000');
  await expect(formAlert(page)).toHaveText(
    /^Trop de tentatives : le compte est (bloqué|verrouillé) pendant 15 minutes\.$/,
  );
  // The right password is refused now, as after five wrong passwords.
  await signIn(page, user.email, user.password);
  await expect(formAlert(page)).toContainText('bloqué');
  expect(
    scalar<number>("SELECT count(*) FROM audit_events WHERE action = 'auth.lock' AND actor_user_id = ?", user.id),
  ).toBe(1);
});

test('a policy set by the platform administrator makes a person enrol at the next sign-in', async ({
  page,
  browser,
  signInAs,
}) => {
  const organisation = makeOrganisation('onss');
  const user = await makeUser({ role: 'referrer', organisation });
  const platform = `coordination-${randomUUID().slice(0, 8)}`;
  makeOrganisation('coordination', platform, platform);
  await signInAs({ role: 'admin', organisation: platform });
  await page.goto('/admin/second-factor');
  const row = page.getByRole('row', { name: new RegExp(organisation.name) }).filter({ hasText: 'Service référent' });
  await row.getByRole('combobox').selectOption('required');
  await row.getByRole('button').click();
  await expect(row.getByText('Enregistré.')).toBeVisible();

  const context = await browser.newContext();
  const person = await context.newPage();
  await signIn(person, user.email, user.password);
  await expect(person).toHaveURL(/\/signin\/second-factor/);
  await expect(person.getByText('Votre organisation exige un deuxième facteur', { exact: false })).toBeVisible();
  const secret = (await person.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
  await person.getByLabel('Code de l’application').fill(codeOf(secret));
  await person.getByRole('button', { name: 'Vérifier' }).click();
  await expect(person).toHaveURL(/\/checklists$/);
  expect(scalar<string>('SELECT totp_secret FROM second_factors WHERE user_id = ?', user.id)).toBe(secret);
  expect(
    scalar<number>(
      "SELECT count(*) FROM audit_events WHERE action = 'settings.second_factor_policy' AND target_id = ?",
      organisation.id,
    ),
  ).toBe(1);
  await context.close();
});

test('a person half-way through sign-in can give up: the half-way session ends', async ({ page }) => {
  const user = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  enrolDirectly(user, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  await signIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/signin\/second-factor/);
  // The button works once the page's script runs (it is not a form).
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Annuler et revenir à la connexion' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByLabel('Adresse e-mail')).toBeVisible();
  expect(scalar<number>('SELECT count(*) FROM sessions WHERE user_id = ? AND ended_at IS NULL', user.id)).toBe(0);
});

test('the demo account with a second factor signs in with the code of the README’s secret', async ({ page }) => {
  await signIn(page, DEMO_MFA_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/signin\/second-factor/);
  await giveCode(page, codeOf(DEMO_TOTP_SECRET));
  await expect(page).toHaveURL(/\/checklists$/);
});
