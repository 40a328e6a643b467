import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { db, formAlert, signIn } from './support';

/**
 * Passkeys as a second factor (decision 0025) in the real browser, with Chromium's virtual
 * authenticator standing for a security key: registered on the account page, used at the second
 * step of sign-in, refused once removed, and an answer replayed from another sign-in refused.
 */

interface Authenticator {
  cdp: CDPSession;
  authenticatorId: string;
}

async function virtualAuthenticator(page: Page): Promise<Authenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { cdp, authenticatorId };
}

/** The same key in a second browser: the credential (private key included) copied over. */
async function copyKey(from: Authenticator, to: Authenticator) {
  const { credentials } = await from.cdp.send('WebAuthn.getCredentials', { authenticatorId: from.authenticatorId });
  expect(credentials).toHaveLength(1);
  await to.cdp.send('WebAuthn.addCredential', { authenticatorId: to.authenticatorId, credential: credentials[0]! });
}

async function registerPasskey(page: Page, name: string) {
  await page.goto('/account/second-factor');
  await expect(page.getByTestId('passkeys-empty')).toBeVisible();
  await page.getByLabel('Nom de la clé').fill(name);
  await page.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
  await expect(page.getByText('La clé d’accès est enregistrée', { exact: false })).toBeVisible();
  await expect(page.getByTestId('passkeys').getByRole('rowheader', { name })).toBeVisible();
}

const passkeyRow = (userId: string) =>
  db().prepare('SELECT counter, last_used_at AS lastUsedAt FROM passkeys WHERE user_id = ?').get(userId) as
    { counter: number; lastUsedAt: string | null } | undefined;

const auditTrail = (userId: string) =>
  db()
    .prepare(
      "SELECT action, outcome, detail FROM audit_events WHERE actor_user_id = ? AND action LIKE '%passkey%' ORDER BY id",
    )
    .all(userId)
    .map((r) => {
      const row = r as { action: string; outcome: string; detail: string | null };
      const reason = (JSON.parse(row.detail ?? '{}') as { reason?: string }).reason;
      return `${row.action}:${row.outcome}${reason ? `:${reason}` : ''}`;
    });

test('register a passkey on the account page, sign out, sign in with the password then the passkey', async ({
  page,
  signInAs,
}) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  await virtualAuthenticator(page);
  await registerPasskey(page, 'YubiKey bureau');
  // Registering again with the same key is not possible (the browser is told which keys exist).
  expect(passkeyRow(user.id)?.lastUsedAt).toBeNull();

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/signin\/second-factor/);
  // The passkey is the first choice; without the app there is no code to type.
  await expect(page.getByText('Confirmez la connexion avec votre clé d’accès.')).toBeVisible();
  await expect(page.getByLabel('Code à 6 chiffres')).toHaveCount(0);
  await page.getByRole('button', { name: 'Utiliser ma clé d’accès' }).click();
  await expect(page).toHaveURL(/\/checklists$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  const row = passkeyRow(user.id)!;
  expect(row.lastUsedAt).not.toBeNull();
  expect(row.counter).toBeGreaterThan(0);
  expect(auditTrail(user.id)).toEqual(['account.passkey_register:ok', 'auth.passkey_use:ok']);
  await page.goto('/account/second-factor');
  await expect(page.getByTestId('passkeys').getByRole('row', { name: /YubiKey bureau/ })).not.toContainText('Jamais');
});

test('a passkey removed cannot be used, and an answer replayed from another sign-in is refused', async ({
  page,
  signInAs,
  browser,
}) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  const key = await virtualAuthenticator(page);
  await registerPasskey(page, 'Clé de secours');
  // The app too, so that the second step is still asked once the passkey is gone.
  const now = new Date().toISOString();
  db()
    .prepare(
      `INSERT INTO second_factors (user_id, totp_secret, enrolled_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET totp_secret = excluded.totp_secret, enrolled_at = excluded.enrolled_at,
         pending_secret = NULL`,
    )
    .run(user.id, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', now, now);

  // A first sign-in with the passkey, in another browser holding the same key; its answer is kept.
  const first = await browser.newContext();
  const firstPage = await first.newPage();
  await copyKey(key, await virtualAuthenticator(firstPage));
  let answer = '';
  await firstPage.route('**/api/auth/callback/second-factor', async (route) => {
    answer = new URLSearchParams(route.request().postData() ?? '').get('passkey') ?? '';
    await route.continue();
  });
  await signIn(firstPage, user.email, user.password);
  await expect(firstPage.getByText('Ou saisissez un code :')).toBeVisible();
  await firstPage.getByRole('button', { name: 'Utiliser ma clé d’accès' }).click();
  await expect(firstPage).toHaveURL(/\/checklists$/);
  expect(answer).toContain('"authenticatorData"');
  await first.close();

  // The same answer sent again at another half-way sign-in: its challenge was used and was not this one's.
  const replay = await browser.newContext();
  const replayPage = await replay.newPage();
  await signIn(replayPage, user.email, user.password);
  await expect(replayPage).toHaveURL(/\/signin\/second-factor/);
  const { csrfToken } = (await (await replayPage.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const replayed = await replayPage.request.post('/api/auth/callback/second-factor', {
    form: { passkey: answer, csrfToken, json: 'true' },
  });
  expect(((await replayed.json()) as { url: string }).url).toContain('error=invalid_code');
  await replayPage.goto('/checklists');
  await expect(replayPage).toHaveURL(/\/signin\/second-factor/);
  await replay.close();

  // A second browser reaches the second step with the key offered; meanwhile the key is removed.
  const second = await browser.newContext();
  const secondPage = await second.newPage();
  await copyKey(key, await virtualAuthenticator(secondPage));
  await signIn(secondPage, user.email, user.password);
  await expect(secondPage.getByRole('button', { name: 'Utiliser ma clé d’accès' })).toBeVisible();

  await page.goto('/account/second-factor');
  await page.getByRole('button', { name: 'Retirer la clé d’accès Clé de secours' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retirer la clé d’accès « Clé de secours » ?' });
  await dialog.getByRole('button', { name: 'Retirer la clé' }).click();
  await expect(page.getByTestId('passkeys-empty')).toBeVisible();

  await secondPage.getByRole('button', { name: 'Utiliser ma clé d’accès' }).click();
  await expect(formAlert(secondPage)).toHaveText(
    'La clé d’accès n’a pas été acceptée. Réessayez ou utilisez un autre moyen.',
  );
  await expect(secondPage).toHaveURL(/\/signin\/second-factor/);
  // Once the page is shown again, the passkey is no longer offered; the code still is.
  await secondPage.reload();
  await expect(secondPage.getByRole('button', { name: 'Utiliser ma clé d’accès' })).toHaveCount(0);
  await expect(secondPage.getByLabel('Code à 6 chiffres')).toBeVisible();
  await second.close();

  expect(auditTrail(user.id)).toEqual([
    'account.passkey_register:ok',
    'auth.passkey_use:ok',
    'auth.passkey_refused:failed:passkey_challenge',
    'account.passkey_remove:ok',
    'auth.passkey_refused:failed:passkey_unknown_credential',
  ]);
});

test('TOTP enrolment shows the otpauth link as a QR code, with the key as text', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  await page.goto('/account/second-factor');
  const qr = page.getByRole('img', { name: 'Code QR de votre clé secrète', exact: false });
  await expect(qr).toBeVisible();
  await expect(qr.locator('svg path')).not.toHaveCount(0);
  const box = (await qr.locator('svg').boundingBox())!;
  expect(box.width).toBeGreaterThan(150);
  await expect(page.getByTestId('totp-secret')).toBeVisible();
});
