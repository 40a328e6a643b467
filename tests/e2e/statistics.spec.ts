import { expect, test } from './fixtures';
import { completedChecklist } from './support';

const YEAR = new Date().getFullYear();
const ANSWERS = {
  'ctx.control_date': `${YEAR}-01-05`,
  'ctx.region': 'lim',
  'ctx.forms': ['economic'],
  'ctx.sector': 'horticulture',
  'vic.sex': 'm',
  'vic.birth_date': '1980-04-02',
  'vic.nationality': 'UA',
  'out.sufficient': 'yes',
  'out.wish': 'refuses',
  'out.refusal_reason': 'fear',
};

test('a coordinator reads the year’s tables, switches to publication and downloads a CSV that follows the switch', async ({
  page,
  signInAs,
  person,
}) => {
  // Two check-lists in Limbourg this year (no other test writes there): a small count.
  const { page: inspector } = await person({ role: 'referrer', organisation: 'onss-lim' });
  for (let i = 0; i < 2; i++) await completedChecklist(inspector, ANSWERS);
  await signInAs({ role: 'coordinator', organisation: 'cic' });
  await page.goto('/statistics');
  const byRegion = page.getByRole('table', { name: 'Check-lists par direction provinciale' });
  // One count column: no "Total" column repeating it; the total row stays.
  await expect(byRegion.getByRole('columnheader')).toHaveText(['Direction provinciale', 'Nombre']);
  await expect(byRegion.locator('tfoot').getByRole('rowheader')).toHaveText('Total');
  // The report's table numbers stand under the title.
  await expect(page.locator('section', { has: byRegion }).getByText('Rapport : T4, T11.')).toBeVisible();
  // Every provincial direction is a row, at zero too.
  await expect(byRegion.locator('tbody tr')).toHaveCount(10);
  const limbourg = byRegion.getByRole('row', { name: /^Limbourg/ });
  await expect(limbourg.getByRole('cell').first()).toHaveText(/^\d+$/);
  const count = Number(await limbourg.getByRole('cell').first().textContent());
  expect(count).toBeGreaterThanOrEqual(2);

  await page.getByLabel(/Pour publication/).check();
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/publication=true/);
  await expect(page.getByText(/Mode publication/)).toBeVisible();
  if (count < 5)
    await expect(
      page
        .getByRole('table', { name: 'Check-lists par direction provinciale' })
        .getByRole('row', { name: /^Limbourg/ })
        .getByRole('cell')
        .first(),
    ).toHaveText('< 5');

  const csv = await page.request.get(`/api/v1/statistics/${YEAR}/checklists_by_region.csv?publication=true`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const text = await csv.text();
  expect(text.split('\r\n')[0]).toBe('\uFEFFDirection provinciale,Nombre');
  if (count < 5) expect(text).toMatch(/Limbourg,< 5/);
  const plain = await (await page.request.get(`/api/v1/statistics/${YEAR}/checklists_by_region.csv`)).text();
  // The count once: no row total repeating it.
  expect(plain).toMatch(new RegExp(`Limbourg,${count}\r\n`));

  const json = await page.request.get(`/api/v1/statistics/${YEAR}?service=onss`);
  expect(json.status()).toBe(200);
  const body = (await json.json()) as {
    tables: Record<
      string,
      {
        columns: { code: string; label: string }[];
        rowTotals: boolean;
        rows: { code: string; label: string; cells: unknown[]; total: unknown }[];
      }
    >;
  };
  expect(Object.keys(body.tables)).toEqual(
    expect.arrayContaining([
      'checklists_by_region',
      'checklists_age_by_sex',
      'centre_requests_by_outcome',
      'referral_response_times',
    ]),
  );
  const regions = body.tables.checklists_by_region!;
  // Codes and labels, for the columns as for the rows.
  expect(regions.columns).toEqual([{ code: 'count', label: 'Nombre' }]);
  expect(regions.rowTotals).toBe(false);
  const lim = regions.rows.find((r) => r.code === 'lim')!;
  expect(lim.label).toBe('Limbourg');
  expect(lim.cells[0]).toBe(count);
  expect(lim.total).toBeNull();
  expect(body.tables.centre_requests_by_outcome!.columns.map((c) => c.code)).toEqual([
    'accepted',
    'not_a_victim',
    'other',
  ]);
  expect(body.tables.centre_requests_by_outcome!.rowTotals).toBe(true);
  expect((await page.request.get(`/api/v1/statistics/${YEAR}?service=nope`)).status()).toBe(400);
});

test('referrers and centre staff get "not found" for the dashboard, the API and the exports', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'centre_staff', organisation: 'esperanto' });
  expect((await page.goto('/statistics'))?.status()).toBe(404);
  expect((await page.request.get(`/api/v1/statistics/${YEAR}`)).status()).toBe(404);
  expect((await page.request.get(`/api/v1/statistics/${YEAR}/checklists_by_region.csv`)).status()).toBe(404);
});

test('with a detecting service chosen, each table says whether it follows the filter', async ({ page, signInAs }) => {
  await signInAs({ role: 'coordinator', organisation: 'cic' });
  await page.goto(`/statistics?year=${YEAR}&service=onss&group=all`);
  const checklistTable = page.getByRole('region', { name: 'Check-lists par direction provinciale' }).locator('..');
  await expect(page.locator('section').filter({ has: checklistTable }).first()).toContainText(
    'Service détectant : ONSS.',
  );
  await expect(
    page.getByText('Ce tableau couvre tous les services : le filtre « service » ne s’y applique pas.').first(),
  ).toBeVisible();
  // Without a service chosen, nothing to say.
  await page.goto(`/statistics?year=${YEAR}&group=all`);
  await expect(page.getByText('le filtre « service » ne s’y applique pas')).toHaveCount(0);
});

test('a coordinator reads a table as the report prints it: its definition note, the indicators’ shares, the nationality of the persons oriented', async ({
  page,
  signInAs,
  person,
}) => {
  // An Uzbek man in Hainaut, already in a centre's care (oriented), in deplorable housing: no
  // other test records an Uzbek national.
  const { page: inspector } = await person({ role: 'referrer', organisation: 'onss-hai' });
  await completedChecklist(inspector, {
    ...ANSWERS,
    'ctx.region': 'hai',
    'vic.nationality': 'UZ',
    'exp.housing': 'yes',
    'out.wish': 'already_in_care',
    'out.care_centre': 'payoke',
    'out.refusal_reason': undefined,
  });
  await signInAs({ role: 'coordinator', organisation: 'cic' });
  await page.goto(`/statistics?year=${YEAR}`);

  // Where Relais's definition differs from the report's, a note under the table says how.
  const age = page.getByRole('table', { name: 'Check-lists par âge et sexe' });
  await expect(page.locator('section', { has: age }).locator('.stat-table__definition')).toHaveText(
    /^Le rapport imprime des tranches qui se chevauchent/,
  );

  // The indicators: each count with its share of the year's check-lists, in French notation.
  const indicators = page.getByRole('table', { name: 'Indicateurs relevés (sections 2 à 5)' });
  await expect(indicators.getByRole('columnheader', { name: 'Part des check-lists de l’année' })).toBeVisible();
  const housing = indicators.getByRole('row', { name: /conditions déplorables/ });
  await expect(housing.getByRole('cell').nth(1)).toHaveText(/^\d{1,3}(,\d)?\s%$/u);

  // The nationality and sex of the persons oriented, direction by direction (the report's T8, T15).
  const detail = page.getByRole('table', {
    name: 'Personnes orientées vers un centre : nationalité et sexe par direction provinciale',
  });
  await expect(page.locator('section', { has: detail }).getByText('Rapport : T8, T15.')).toBeVisible();
  await expect(detail.getByRole('columnheader')).toHaveText([
    'Direction provinciale — nationalité',
    'Hommes',
    'Femmes',
    'Autre ou inconnu',
    'Total',
  ]);
  const uzbek = detail.getByRole('row', { name: /^Hainaut — Ouzbékistan/ });
  await expect(uzbek.getByRole('cell').first()).toHaveText(/^[1-9]\d*$/);
});
