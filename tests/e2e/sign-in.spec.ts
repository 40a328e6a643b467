import { makeUser } from '../support/factories';
import { expect, test } from './fixtures';
import { DEMO_PASSWORD, db, demo, formAlert, scalar, signIn, signInAndLand } from './support';

const LANDINGS: [string, RegExp, string][] = [
  ['police@demo.relais.be', /\/checklists$/, 'Check-lists COL 01/2015'],
  ['onss@demo.relais.be', /\/checklists$/, 'Check-lists COL 01/2015'],
  ['cls@demo.relais.be', /\/checklists$/, 'Check-lists COL 01/2015'],
  ['tutelles@demo.relais.be', /\/checklists$/, 'Check-lists COL 01/2015'],
  ['pagasa@demo.relais.be', /\/inbox$/, 'Boîte de réception'],
  ['payoke@demo.relais.be', /\/inbox$/, 'Boîte de réception'],
  ['surya@demo.relais.be', /\/inbox$/, 'Boîte de réception'],
  ['esperanto@demo.relais.be', /\/inbox$/, 'Boîte de réception'],
  ['coordination@demo.relais.be', /\/dashboard$/, 'Tableau de bord'],
  ['admin@demo.relais.be', /\/admin\/users$/, 'Utilisateurs'],
];

test.describe('each demo role lands on its own screen', () => {
  for (const [email, path, heading] of LANDINGS) {
    test(email, async ({ page }) => {
      await signInAndLand(page, email, DEMO_PASSWORD, path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      // Navigation offers only what the role may do.
      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      if (email.startsWith('coordination')) {
        await expect(nav.getByRole('link')).toHaveText(['Tableau de bord', 'Statistiques', 'Import', 'Mon compte']);
      }
      if (email.startsWith('admin')) {
        await expect(nav.getByRole('link')).toHaveText([
          'Import',
          'Utilisateurs',
          'Journal d’audit',
          'Paramètres',
          'Jetons d’API',
          'Deuxième facteur',
          'Connexion unique',
          'E-mails',
          'Réplication',
          'Mon compte',
        ]);
      }
      if (email.startsWith('police')) {
        await expect(nav.getByRole('link')).toHaveText([
          /^Check-lists$/,
          /^Orientations$/,
          /^Notifications/,
          /^Mon compte$/,
        ]);
      }
    });
  }
});

test('a wrong password gets a clear message and no session', async ({ page }) => {
  await signIn(page, 'cls@demo.relais.be', 'not-the-password');
  await expect(formAlert(page)).toContainText('Adresse e-mail ou mot de passe incorrect');
  await page.goto('/checklists');
  await expect(page).toHaveURL(/\/signin/);
});

test('empty and malformed sign-in input is refused field by field, before anything is sent', async ({ page }) => {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page.getByLabel('Adresse e-mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-email-errors')).toHaveText('Ce champ est obligatoire.');
  await expect(page.locator('#field-password-errors')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByLabel('Adresse e-mail')).toBeFocused();
  await page.getByLabel('Adresse e-mail').fill('pas une adresse');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page.locator('#field-email-errors')).toContainText('adresse e-mail valide');
});

test('the sixth wrong attempt finds the account locked, and the right password is then refused', async ({ page }) => {
  const user = await makeUser({ role: 'referrer', organisation: 'police-gent' });
  for (let i = 1; i <= 6; i++) {
    await signIn(page, user.email, `wrong password ${i}`);
    await expect(formAlert(page)).toBeVisible();
  }
  await expect(formAlert(page)).toContainText('Ce compte est bloqué pendant 15 minutes');
  await signIn(page, user.email, user.password);
  await expect(formAlert(page)).toContainText('Ce compte est bloqué');
  await page.goto('/checklists');
  await expect(page).toHaveURL(/\/signin/);
  expect(
    scalar<number>("SELECT count(*) FROM audit_events WHERE action = 'auth.lock' AND actor_user_id = ?", user.id),
  ).toBe(1);
});

test('sign-out ends the session on the server', async ({ page, signInAs }) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-lie' });
  await page.goto('/checklists');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
  await expect(page.getByRole('status')).toHaveText('Vous êtes déconnecté.');
  await page.goto('/checklists');
  await expect(page).toHaveURL(/\/signin/);
  expect(scalar<number>("SELECT count(*) FROM sessions WHERE user_id = ? AND end_reason = 'signed_out'", user.id)).toBe(
    1,
  );
});

test('a session idle for 30 minutes is refused at the next request, with the reason', async ({ page, signInAs }) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  await page.goto('/checklists');
  const sqlite = db();
  sqlite
    .prepare('UPDATE sessions SET last_seen_at = ? WHERE user_id = ?')
    .run(new Date(Date.now() - 31 * 60_000).toISOString(), user.id);
  sqlite.close();
  await page.reload();
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByRole('status')).toContainText('30 minutes d’inactivité');
});

test('a disabled user is signed out at their next request', async ({ person }) => {
  const { user, page: officer } = await person({ role: 'referrer', organisation: 'onss-hai' });
  await officer.goto('/checklists');

  const { page: admin } = await person(demo('admin'));
  await admin.goto('/admin/users');
  await admin.getByRole('button', { name: `Désactiver ${user.name}` }).click();
  await admin
    .getByRole('dialog', { name: `Désactiver ${user.name} ?` })
    .getByRole('button', { name: `Oui, désactiver ${user.name}` })
    .click();
  await expect(admin.getByRole('row', { name: new RegExp(user.name) })).toContainText('désactivé');

  await officer.reload();
  await expect(officer).toHaveURL(/\/signin\?/);
  await expect(officer.getByRole('status')).toContainText('Votre compte a été désactivé');
  await signIn(officer, user.email, user.password);
  await expect(formAlert(officer)).toContainText('incorrect');
});
