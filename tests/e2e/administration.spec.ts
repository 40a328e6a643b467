import { randomUUID } from 'node:crypto';
import { makeUser } from '../support/factories';
import { expect, test } from './fixtures';
import { demo, formAlert, scalar, signIn, usersSnapshot } from './support';

test('an admin creates a user, who signs in with the one-time password and must choose a new one', async ({
  page,
  browser,
  signInAs,
}) => {
  await signInAs(demo('admin'));
  await page.goto('/admin/users');
  await page.getByRole('link', { name: 'Créer un utilisateur' }).click();
  const email = `agent-${randomUUID().slice(0, 8)}@test.relais.be`;
  await page.getByLabel('Nom').fill('Agent Nouveau');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Organisation').selectOption({ label: 'ONSS — Direction provinciale Limbourg' });
  await page.getByLabel('Rôle').selectOption({ label: 'Service référent' });
  await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
  await expect(page.getByRole('heading', { name: `Utilisateur ${email} créé` })).toBeVisible();
  const oneTimePassword = (await page.getByTestId('one-time-password').textContent())!.trim();
  expect(oneTimePassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);

  const newcomer = await (await browser.newContext()).newPage();
  await signIn(newcomer, email, oneTimePassword);
  await expect(newcomer).toHaveURL(/\/account$/);
  await expect(newcomer.getByText('Votre mot de passe a été choisi par un administrateur')).toBeVisible();
  // Other screens are closed until the password is changed.
  await newcomer.goto('/checklists');
  await expect(newcomer).toHaveURL(/\/account$/);
  await newcomer.getByLabel('Mot de passe actuel').fill(oneTimePassword);
  await newcomer.getByLabel('Nouveau mot de passe', { exact: false }).first().fill('une phrase de passe neuve');
  await newcomer.getByLabel('Confirmer le nouveau mot de passe').fill('une phrase de passe neuve');
  await newcomer.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await expect(newcomer.getByRole('status').filter({ hasText: 'Votre mot de passe a été changé' })).toBeVisible();
  await newcomer.getByRole('link', { name: 'Continuer' }).click();
  await expect(newcomer).toHaveURL(/\/checklists$/);
  await expect(newcomer.getByRole('heading', { level: 1 })).toHaveText('Check-lists COL 01/2015');
});

test('the create-user form names every bad field and writes nothing', async ({ page, signInAs }) => {
  await signInAs(demo('admin'));
  await page.goto('/admin/users/new');
  const before = usersSnapshot('payoke', 'police-bru-ixelles');
  await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
  await expect(formAlert(page)).toContainText('champs sont à corriger');
  await expect(page.locator('#field-name-errors')).toHaveText('Ce champ est obligatoire.');
  await expect(page.locator('#field-email-errors')).toHaveText('Ce champ est obligatoire.');
  await expect(page.locator('#field-role-errors')).toHaveText('Choisissez un rôle dans la liste.');
  await page.getByLabel('Nom').fill('x'.repeat(121));
  await page.getByLabel('Adresse e-mail').fill('police@demo.relais.be');
  await page.getByLabel('Organisation').selectOption({ label: 'Payoke (centre spécialisé)' });
  await page.getByLabel('Rôle').selectOption({ label: 'Personnel du centre' });
  // The field stops at the limit the server enforces (the server's own refusal of longer
  // input is tested in tests/unit/validation.test.ts).
  await expect(page.getByLabel('Nom')).toHaveValue('x'.repeat(120));
  await page.getByLabel('Nom').fill('Quelqu’un');
  await page.getByLabel('Adresse e-mail').fill('pas-une-adresse');
  await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
  await expect(page.locator('#field-email-errors')).toContainText('adresse e-mail valide');
  await expect(page.getByLabel('Adresse e-mail')).toBeFocused();
  // Valid in the browser, the server still refuses the e-mail already taken.
  await page.getByLabel('Adresse e-mail').fill('police@demo.relais.be');
  await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
  await expect(page.locator('#field-email-errors')).toHaveText('Un utilisateur utilise déjà cette adresse e-mail.');
  await expect(page.getByLabel('Nom')).toHaveValue('Quelqu’un');
  expect(usersSnapshot('payoke', 'police-bru-ixelles')).toBe(before);
});

test('a referrer opening the administration gets "not found", the refusal is audited, nothing changes', async ({
  page,
  signInAs,
}) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-nam_lux' });
  const before = usersSnapshot('onss-nam_lux');
  for (const path of ['/admin/users', '/admin/users/new', '/admin/audit', '/statistics', '/inbox']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  }
  expect(usersSnapshot('onss-nam_lux')).toBe(before);
  expect(
    scalar<number>("SELECT count(*) FROM audit_events WHERE actor_user_id = ? AND outcome = 'refused'", user.id),
  ).toBe(5);
});

test('an admin resets a password: shown once, the old one stops working', async ({ page, browser, signInAs }) => {
  const user = await makeUser({ role: 'referrer', organisation: 'onss-wvl' });
  await signInAs(demo('admin'));
  await page.goto('/admin/users');
  await page.getByRole('button', { name: `Réinitialiser le mot de passe de ${user.name}` }).click();
  // A dialog says what will happen before anything does (decision 0023).
  const dialog = page.getByRole('dialog', { name: `Réinitialiser le mot de passe de ${user.name} ?` });
  await expect(dialog).toContainText('cessera de fonctionner');
  await dialog.getByRole('button', { name: `Oui, réinitialiser le mot de passe de ${user.name}` }).click();
  const fresh = (await page.getByTestId('one-time-password').textContent())!.trim();
  await page.reload();
  await expect(page.getByTestId('one-time-password')).toHaveCount(0);

  const other = await (await browser.newContext()).newPage();
  await signIn(other, user.email, user.password);
  await expect(formAlert(other)).toContainText('incorrect');
  await signIn(other, user.email, fresh);
  await expect(other).toHaveURL(/\/account$/);
});

test('the admin reads and filters the audit log', async ({ page, signInAs }) => {
  const user = await makeUser({ role: 'referrer', organisation: 'onss-ovl' });
  // A refused sign-in through the form: the entry the administrator looks for.
  await signIn(page, user.email, 'a wrong one here');
  await expect(formAlert(page)).toBeVisible();
  await signInAs(demo('admin'));
  await page.goto('/admin/users');
  await page.getByRole('link', { name: 'Journal d’audit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journal d’audit');
  await page.getByLabel('Domaine').selectOption('auth');
  await page.getByLabel('Utilisateur (e-mail)').fill(user.email);
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/category=auth/);
  const row = page.getByRole('row', { name: new RegExp(user.email) }).first();
  await expect(row).toContainText('échoué');
  await expect(row).toContainText('mot de passe erroné');
});
