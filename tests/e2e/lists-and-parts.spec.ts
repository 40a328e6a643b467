import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test } from './fixtures';
import { completedChecklist } from './support';

/**
 * Pages stay light under load (decision 0016): lists show 25 rows and a link for 25 more that
 * keeps the filters; the statistics come one part of the report at a time, with the charts
 * drawn by the browser.
 */
const YEAR = new Date().getFullYear();
const ANSWERS = { ...VALID_ADULT_ANSWERS, 'ctx.control_date': `${YEAR}-02-03`, 'ctx.region': 'ant' };

async function completeChecklists(
  page: Page,
  n: number,
  answers: Record<string, unknown> = ANSWERS,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await completedChecklist(page, { ...answers, 'ctx.reference': `PV-LIST-${i}` }));
  return ids;
}

const bodyRows = (page: Page) => page.locator('main table tbody tr');

test('the check-list list shows 25 rows, then 25 more on request, keeping the filters', async ({ page, signInAs }) => {
  // An organisation no other test writes to.
  await signInAs({ role: 'referrer', organisation: 'police-antwerpen' });
  await completeChecklists(page, 27);
  await page.goto('/checklists');
  await page.getByLabel('Statut').selectOption('completed');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/status=completed/);
  await expect(bodyRows(page)).toHaveCount(25);
  await expect(page.getByTestId('list-window')).toHaveText(/Les 25 premières lignes sont affichées\./);

  await page.getByRole('link', { name: 'Afficher 25 de plus' }).click();
  await expect(page).toHaveURL(/status=completed/);
  await expect(page).toHaveURL(/show=50/);
  await expect(bodyRows(page)).toHaveCount(27);
  await expect(page.getByTestId('list-window')).toHaveText('27 lignes affichées.');
  await expect(page.getByRole('link', { name: 'Afficher 25 de plus' })).toHaveCount(0);
});

test('the inbox shows 25 referrals, overdue first, and the next ones on request', async ({
  page,
  signInAs,
  person,
}) => {
  const { page: inspector, context: inspectorContext } = await person({ role: 'referrer', organisation: 'onss-bwa' });
  // Brussels → Pag-Asa, whose inbox no other test reads for a row of its own: 26 referrals, more than a page.
  const ids = await completeChecklists(inspector, 26, { ...ANSWERS, 'ctx.region': 'bru' });
  for (const checklistId of ids) {
    const r = await inspector.request.post('/api/v1/referrals', {
      headers: { 'Idempotency-Key': randomUUID() },
      data: { checklistId },
    });
    expect(r.status()).toBe(201);
  }
  await inspectorContext.close();

  await signInAs({ role: 'centre_staff', organisation: 'pag-asa' });
  await page.goto('/inbox');
  await expect(bodyRows(page)).toHaveCount(25);
  await page.getByRole('link', { name: 'Afficher 25 de plus' }).click();
  await expect(page).toHaveURL(/show=50/);
  expect(await bodyRows(page).count()).toBeGreaterThan(25);
});

test('the statistics come one part of the report at a time, charts drawn by the browser', async ({
  page,
  signInAs,
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-bwa' });
  await completeChecklists(inspector.page, 1);
  await inspector.context.close();

  await signInAs({ role: 'coordinator', organisation: 'cic' });
  await page.goto('/statistics');
  const parts = page.getByRole('navigation', { name: 'Parties du rapport' });
  await expect(parts.getByRole('link', { name: 'Check-lists' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('table', { name: 'Check-lists par direction provinciale' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Check-lists par direction provinciale' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Demandes par centre et par issue' })).toHaveCount(0);

  await parts.getByRole('link', { name: 'Centres spécialisés' }).click();
  await expect(page).toHaveURL(/group=centres/);
  await expect(page.getByRole('table', { name: 'Demandes par centre et par issue' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Check-lists par direction provinciale' })).toHaveCount(0);

  // The filters keep the part; "all" has every table.
  await page.getByRole('combobox', { name: 'Service détectant' }).selectOption('onss');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/service=onss.*group=centres|group=centres.*service=onss/);
  await parts.getByRole('link', { name: 'Tous les tableaux' }).click();
  await expect(page.getByRole('table', { name: 'Check-lists par direction provinciale' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Demandes par centre et par issue' })).toBeVisible();
});
