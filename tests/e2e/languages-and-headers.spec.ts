import type { Page } from '@playwright/test';
import fr from '../../lib/i18n/messages/fr.json';
import nl from '../../lib/i18n/messages/nl.json';
import { expect, test } from './fixtures';
import { DEMO_PASSWORD, demo, signInAndLand } from './support';

/** Each page, and the demo account that opens it. */
const PAGES: [string, string, (m: typeof fr) => string][] = [
  ['onss', '/checklists', (m) => m.checklists.title],
  ['onss', '/referrals', (m) => m.referrals.title],
  ['onss', '/account', (m) => m.account.title],
  ['surya', '/inbox', (m) => m.inbox.title],
  ['coordination', '/statistics', (m) => m.statistics.title],
  ['admin', '/admin/users', (m) => m.admin.users.title],
  ['admin', '/admin/users/new', (m) => m.admin.users.createTitle],
  ['admin', '/admin/audit', (m) => m.admin.audit.title],
];

async function switchTo(page: Page, code: 'NL' | 'FR') {
  await page
    .getByRole('form', { name: /Langue|Taal/ })
    .getByRole('button', { name: code === 'NL' ? 'Nederlands' : 'Français' })
    .click();
}

test('every page reads in French and in Dutch, and the choice is remembered', async ({ page, signInAs }) => {
  let current = '';
  for (const [account, path, title] of PAGES) {
    if (account !== current) {
      await page.context().clearCookies();
      await signInAs(demo(account));
      current = account;
    }
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title(fr));
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-BE');
    await switchTo(page, 'NL');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title(nl));
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl-BE');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title(nl));
    await switchTo(page, 'FR');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title(fr));
  }
});

test('the sign-in page and the 404 page read in Dutch too', async ({ page }) => {
  await page.goto('/signin');
  await switchTo(page, 'NL');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(nl.signin.title);
  await expect(page.getByLabel(nl.signin.email)).toBeVisible();
  const response = await page.goto('/nergens-te-vinden');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(nl.notFound.title);
});

test('dates follow the language (fr-BE, nl-BE)', async ({ page, signInAs }) => {
  await signInAs(demo('admin'));
  await page.goto('/admin/users');
  const created = () =>
    page
      .getByRole('row', { name: /police@demo\.relais\.be/ })
      .getByRole('cell')
      .nth(3);
  const year = String(new Date().getFullYear());
  const frText = (await created().textContent()) ?? '';
  expect(frText).toMatch(/\b(janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.)\s/);
  await switchTo(page, 'NL');
  // Wait for the Dutch page before reading the date again.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(nl.admin.users.title);
  const nlText = (await created().textContent()) ?? '';
  expect(nlText).toMatch(/\b(jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.?\s/);
  expect(nlText).toContain(year);
  expect(nlText).not.toBe(frText);
});

test('every response carries the security headers and no framework banner', async ({ request }) => {
  for (const path of ['/signin', '/checklists', '/does-not-exist', '/api/auth/csrf']) {
    const response = await request.get(path, { maxRedirects: 0 });
    const h = response.headers();
    expect(h['x-powered-by'], path).toBeUndefined();
    expect(h['x-content-type-options'], path).toBe('nosniff');
    // Nothing to other sites; same-origin form posts keep their Origin (see the next test).
    expect(h['referrer-policy'], path).toBe('same-origin');
    const csp = h['content-security-policy'] ?? '';
    expect(csp, path).toContain("frame-ancestors 'none'");
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc, path).not.toContain("'unsafe-inline'");
  }
});

test('forms work before any script runs: with JavaScript off, "Nouvelle check-list" opens the new form', async ({
  person,
}) => {
  // A form posted before the page's scripts have loaded (a slow line, or scripts off) is a plain
  // HTML form post. With "Referrer-Policy: no-referrer" the browser sent "Origin: null" and the
  // server refused the action with a 500; "same-origin" keeps the origin for our own posts.
  const { page } = await person({ role: 'referrer', organisation: 'police-liege' }, { javaScriptEnabled: false });
  await page.goto('/checklists');
  // A plain GET form: the empty check-list opens; the draft is stored at its first answer (decision 0023).
  await page.getByRole('button', { name: 'Nouvelle check-list' }).click();
  await expect(page).toHaveURL(/\/checklists\/new\?key=[\w-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

// Through the sign-in form: the sign-in page's own scripts are under the CSP too.
test('pages work under the CSP: no violation while signing in and navigating', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/.test(msg.text())) violations.push(msg.text());
  });
  await signInAndLand(page, 'payoke@demo.relais.be', DEMO_PASSWORD, /\/inbox$/);
  await page.getByRole('link', { name: 'Mon compte' }).click();
  await expect(page).toHaveURL(/\/account$/);
  expect(violations).toEqual([]);
});
