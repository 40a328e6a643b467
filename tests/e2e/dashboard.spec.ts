import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { expect, test } from './fixtures';

// 2016 and 2017: no other test and no demo record uses these years, so their counts are this
// test's own (imported as earlier years, the way a coordinator rebuilds a past year).
const CHECKLISTS =
  'organisation,completed_on,ctx.reference,ctx.control_date,ctx.region,ctx.forms,ctx.sector,vic.sex,vic.birth_date,vic.nationality,out.sufficient,out.wish';
const CENTRES =
  'centre,received_on,source,sex,age,minor,nationality,forms,case_type,outcome,outcome_reason,outcome_on,note';

function checklists(run: string): string {
  const rows: string[] = [];
  const add = (year: number, org: string, region: string, n: number) => {
    for (let i = 0; i < n; i++)
      rows.push(
        `${org},${year}-06-12,DASH-${run}-${year}-${org}-${i},${year}-06-10,${region},economic,horeca,${i % 2 ? 'f' : 'm'},1985-02-01,RO,yes,accepts_referral`,
      );
  };
  // 2016: 5 in Hainaut (ONSS). 2017: 7 in Hainaut (ONSS), 2 in Liège (ONSS) and 1 in Liège (police).
  add(2016, 'onss-hai', 'hai', 5);
  add(2017, 'onss-hai', 'hai', 7);
  add(2017, 'onss-lie', 'lie', 2);
  add(2017, 'police-liege', 'lie', 1);
  return [CHECKLISTS, ...rows].join('\r\n') + '\r\n';
}

function requests(run: string): string {
  const note = `dash ${run}`;
  const rows: string[] = [];
  // 2017: PAG-ASA 6 accepted and 2 not a victim; Payoke 5 accepted.
  for (let i = 0; i < 6; i++)
    rows.push(`pag-asa,2017-03-0${i + 1},ngo,f,30,,RO,sexual,thb,accepted,,2017-03-2${i},${note}`);
  for (let i = 0; i < 2; i++)
    rows.push(`pag-asa,2017-04-0${i + 1},ngo,m,31,,RO,economic,thb,not_a_victim,no_indicators,2017-04-1${i},${note}`);
  for (let i = 0; i < 5; i++)
    rows.push(`payoke,2017-05-0${i + 1},ngo,m,40,,BG,economic,thb,accepted,,2017-05-2${i},${note}`);
  return [CENTRES, ...rows, ''].join('\n');
}

const figure = (page: import('@playwright/test').Page, id: string) => page.getByTestId(`figure-${id}`);

test('a coordinator lands on the dashboard, reads the year against the tables, switches year, service and publication, and downloads a picture', async ({
  page,
  signInAs,
}) => {
  const run = randomUUID().slice(0, 8);
  await signInAs({ role: 'coordinator', organisation: 'cic' });
  const imported = await page.request.post('/api/v1/checklists/import', {
    headers: { 'Content-Type': 'text/csv' },
    data: checklists(run),
  });
  expect(imported.status()).toBe(200);
  const centres = await page.request.post('/api/v1/centre-requests/import', {
    headers: { 'Content-Type': 'text/csv' },
    data: requests(run),
  });
  expect(centres.status()).toBe(200);

  // Coordinators land on the dashboard; the tables are one click away.
  await page.goto('/');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(nav.getByRole('link', { name: 'Tableau de bord' })).toHaveAttribute('aria-current', 'page');

  // Switch to 2017.
  await page.getByRole('combobox', { name: 'Année' }).selectOption('2017');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/year=2017/);
  await expect(page.getByRole('heading', { name: 'Chiffres clés 2017' })).toBeVisible();
  await expect(figure(page, 'checklists')).toHaveText('10');
  await expect(figure(page, 'checklists-previous')).toHaveText('2016 : 5');
  await expect(page.locator('[data-figure="checklists"]')).toContainText('Évolution : +5 (+100 %)');
  await expect(figure(page, 'requests')).toHaveText('13');
  await expect(figure(page, 'accompaniments')).toHaveText('11');
  await expect(figure(page, 'requests-previous')).toHaveText('2016 : 0');
  // The flow: PAG-ASA received 8, 11 accompaniments started.
  const flow = page.getByRole('table', { name: 'Parcours des orientations 2017' });
  await expect(flow.locator('[data-node="centre:pag-asa"] td.num')).toHaveText('8');
  await expect(flow.locator('[data-node="outcome:accompaniment"] td.num')).toHaveText('11');
  // The map's table and picture: Hainaut 7, Liège 3.
  const map = page.locator('#dashboard-map-table');
  await expect(map.getByRole('row', { name: /^Hainaut/ }).getByRole('cell')).toHaveText('7');
  const liegeTile = page.locator('svg[data-chart="dashboard-map"] [data-region="lie"]');
  await expect(liegeTile).toContainText('3');
  await expect(page.locator('svg[data-chart="dashboard-flow"]')).toBeVisible();
  await expect(page.locator('svg[data-chart="dashboard-trends"]')).toBeVisible();

  // The same figures as the tables of the same year.
  await page.getByRole('link', { name: 'Voir les tableaux de 2017' }).click();
  await expect(page).toHaveURL(/\/statistics\?year=2017/);
  const byRegion = page.getByRole('table', { name: 'Check-lists par direction provinciale' });
  await expect(byRegion.locator('tfoot td').first()).toHaveText('10');
  await page.goto('/statistics?year=2017&group=centres');
  const requestsTable = page.getByRole('table', { name: 'Demandes par centre et par issue' });
  await expect(requestsTable.locator('tfoot td').last()).toHaveText('13');

  // ONSS only: the check-list figures follow the filter, the centre figures cover every service.
  await page.goto('/dashboard?year=2017');
  await page.getByRole('combobox', { name: 'Service détectant' }).selectOption('onss');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/year=2017.*service=onss/);
  await expect(figure(page, 'checklists')).toHaveText('9');
  await expect(figure(page, 'requests')).toHaveText('13');
  await expect(liegeTile).toContainText('2');

  // Publication mode: small counts are hidden in the numbers and in the pictures alike.
  await page.getByLabel(/Pour publication/).check();
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/publication=true/);
  await expect(map.getByRole('row', { name: /^Liège/ }).getByRole('cell')).toHaveText('< 5');
  await expect(liegeTile).toContainText('< 5');
  await expect(liegeTile).not.toContainText(/(^|\D)2(\D|$)/);
  const tablesCell = async () => {
    await page.goto('/statistics?year=2017&service=onss&publication=true');
    return page
      .getByRole('table', { name: 'Check-lists par direction provinciale' })
      .getByRole('row', { name: /^Liège/ })
      .getByRole('cell')
      .first()
      .textContent();
  };
  expect(await tablesCell()).toBe('< 5');
  await page.goto('/dashboard?year=2017&service=all&publication=true');
  // The flow's picture prints PAG-ASA's 2 "not a victim" as the tables do, and draws no band for them.
  await expect(flow.locator('[data-node="outcome:not_a_victim"] td.num')).toHaveText('< 5');
  await expect(page.locator('svg[data-chart="dashboard-flow"]')).toContainText('< 5');

  // A picture downloads as an SVG with its title and source line.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .locator('div', { has: page.locator('svg[data-chart="dashboard-map"]') })
      .getByRole('button', { name: 'Télécharger l’image (SVG)' })
      .last()
      .click(),
  ]);
  expect(download.suggestedFilename()).toBe('relais-dashboard-map.svg');
  const svg = fs.readFileSync((await download.path())!, 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('Check-lists par direction provinciale 2017');
  expect(svg).toContain('Source : Relais, statistiques 2017');
  expect(svg).toContain('pour publication');
  expect(svg).toContain('&lt; 5');
});

test('the dashboard is accessible and reads at 1366 and 390 pixels', async ({ page, signInAs }) => {
  await signInAs({ role: 'coordinator', organisation: 'cic' });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/dashboard?year=2017');
  await expect(page.locator('svg[data-chart="dashboard-map"]')).toBeVisible();
  await expect(page.locator('svg[data-chart="dashboard-flow"]')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: 'test-results/dashboard-1366.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.locator('svg[data-chart="dashboard-map"]')).toBeVisible();
  // Nothing wider than the screen but the flow's own scrolling box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/dashboard-390.png', fullPage: true });
  // Each part on its own too, to be looked at on a phone's width.
  const sections = page.locator('main section');
  for (let i = 0; i < (await sections.count()); i++)
    await sections.nth(i).screenshot({ path: `test-results/dashboard-390-part${i + 1}.png` });
  const narrow = await new AxeBuilder({ page }).analyze();
  expect(narrow.violations.map((v) => v.id)).toEqual([]);
});

test('without scripts the dashboard still gives every number', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const { signInOverHttp } = await import('./support');
  const { makeUser } = await import('../support/factories');
  const user = await makeUser({ role: 'coordinator', organisation: 'cic' });
  await signInOverHttp(page.request, user.email, user.password);
  await page.goto('/dashboard?year=2017');
  await expect(page.getByRole('heading', { name: 'Chiffres clés 2017' })).toBeVisible();
  await expect(page.locator('#dashboard-map-table tbody tr')).toHaveCount(10);
  await expect(page.locator('svg[data-chart]')).toHaveCount(0);
  await context.close();
});

test('referrers and centres get "not found" for the dashboard', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-lie' });
  expect((await page.goto('/dashboard'))?.status()).toBe(404);
  await page.context().clearCookies();
  await signInAs({ role: 'centre_staff', organisation: 'payoke' });
  expect((await page.goto('/dashboard'))?.status()).toBe(404);
});
