import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { formAlert, scalar } from './support';

// 2015: no other test and no demo record uses this year, so its counts are this test's own.
const HEADER =
  'organisation,completed_on,ctx.reference,ctx.control_date,ctx.region,ctx.forms,ctx.sector,vic.sex,vic.birth_date,vic.nationality,out.sufficient,out.wish';
function file(run: string, badSex = false): Buffer {
  const rows = [
    ['onss-hai', 'horeca', 'm'],
    ['onss-hai', 'horeca', 'f'],
    ['onss-hai', 'construction', badSex ? 'homme' : 'm'],
    ['onss-lie', 'cleaning', 'f'],
    ['onss-lie', 'cleaning', 'm'],
    ['police-liege', 'horeca', 'f'],
  ].map(
    ([org, sector, sex], i) =>
      `${org},2015-06-12,E2E-${run}-${i},2015-06-10,${org === 'onss-lie' || org === 'police-liege' ? 'lie' : 'hai'},economic,${sector},${sex},1985-02-01,RO,yes,accepts_referral`,
  );
  return Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n');
}
const imported2015 = () => scalar<number>('SELECT count(*) FROM checklists WHERE imported = 1 AND year = 2015');

test('a coordinator imports an earlier year: a bad cell imports nothing and is named, the corrected file counts in that year’s tables and workbook', async ({
  page,
  signInAs,
}) => {
  const run = randomUUID().slice(0, 8);
  await signInAs({ role: 'coordinator', organisation: 'cic' });
  await page.goto('/statistics');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Importer des années antérieures');

  await page
    .getByLabel('Fichier CSV')
    .setInputFiles({ name: 'earlier.csv', mimeType: 'text/csv', buffer: file(run, true) });
  await page.getByRole('button', { name: 'Vérifier et importer' }).click();
  await expect(formAlert(page).filter({ hasText: '1 erreur' })).toContainText('le fichier n’a pas été importé');
  const errors = page.getByRole('table', { name: 'Erreurs du fichier' });
  await expect(errors.getByRole('row')).toHaveCount(2);
  await expect(errors.getByRole('row').nth(1).getByRole('cell')).toHaveText([
    '4',
    'vic.sex',
    'Valeur inconnue. Valeurs admises : m, f, x.',
  ]);
  expect(imported2015()).toBe(0);

  await page.getByLabel('Fichier CSV').setInputFiles({ name: 'earlier.csv', mimeType: 'text/csv', buffer: file(run) });
  await page.getByRole('button', { name: 'Vérifier et importer' }).click();
  await expect(formAlert(page).filter({ hasText: '6 check-lists importées.' })).toBeVisible();
  expect(imported2015()).toBe(6);

  // The dashboard: switch to 2015, ONSS only.
  await page.goto('/statistics');
  await page.getByRole('combobox', { name: 'Année', exact: true }).selectOption('2015');
  await page.getByRole('combobox', { name: 'Service détectant' }).selectOption('onss');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/year=2015.*service=onss/);
  const byRegion = page.getByRole('table', { name: 'Check-lists par direction provinciale' });
  await expect(
    byRegion
      .getByRole('row', { name: /^Hainaut/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('3');
  await expect(
    byRegion
      .getByRole('row', { name: /^Liège/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('2');
  await expect(byRegion.locator('tfoot').getByRole('cell').last()).toHaveText('5');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /XLSX/ }).click();
  const workbook = await download;
  expect(workbook.suggestedFilename()).toMatch(/2015.*\.xlsx$/);
  const bytes = await (await import('node:fs/promises')).readFile((await workbook.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  // One sheet per table, named by the report's table number, its full title in the first row.
  const xlsx = new ExcelJS.Workbook();
  await xlsx.xlsx.load(bytes as unknown as ArrayBuffer);
  const names = xlsx.worksheets.map((sheet) => sheet.name);
  expect(names).toEqual(expect.arrayContaining(['T4, T11', 'T26', 'referral_outcomes_by_service']));
  expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  const t4 = xlsx.getWorksheet('T4, T11')!;
  expect(t4.getRow(1).getCell(1).value).toBe('Check-lists par direction provinciale');
  expect(t4.getRow(3).values).toEqual([undefined, 'Direction provinciale', 'Nombre']);
  expect(t4.getRow(14).values).toEqual([undefined, 'Total', 5]);

  // Sending the same file again imports nothing.
  await page.goto('/import');
  await page.getByLabel('Fichier CSV').setInputFiles({ name: 'earlier.csv', mimeType: 'text/csv', buffer: file(run) });
  await page.getByRole('button', { name: 'Vérifier et importer' }).click();
  await expect(page.getByRole('table', { name: 'Erreurs du fichier' })).toContainText('déjà été importé');
  expect(imported2015()).toBe(6);
});

test('the platform administrator sets k, a wrong value is named and changes nothing; an organisation administrator gets not found', async ({
  page,
  signInAs,
  person,
}) => {
  const admin = await signInAs({ role: 'admin', organisation: 'myria' });
  await page.goto('/admin/users');
  await page.getByRole('link', { name: 'Paramètres' }).click();
  const k = page.getByLabel(/Seuil k/);
  await expect(k).toHaveValue('5');
  await k.fill('1');
  await page.getByRole('button', { name: 'Enregistrer le seuil' }).click();
  await expect(formAlert(page)).toContainText('Un champ est à corriger');
  await expect(k).toHaveAttribute('aria-invalid', 'true');
  expect(
    scalar<number>(
      "SELECT count(*) FROM audit_events WHERE action = 'settings.update' AND outcome = 'ok' AND actor_user_id = ?",
      admin.id,
    ),
  ).toBe(0);
  // The same value again (other tests run in parallel and rely on k = 5): saved and audited.
  await k.fill('5');
  await page.getByRole('button', { name: 'Enregistrer le seuil' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'k = 5' })).toBeVisible();
  expect(
    scalar<string>(
      "SELECT detail FROM audit_events WHERE action = 'settings.update' AND outcome = 'ok' AND actor_user_id = ?",
      admin.id,
    ),
  ).toBe('{"previous":5,"k":5}');

  const { page: other } = await person({ role: 'admin', organisation: 'onss-nam_lux' });
  await other.goto('/admin/users');
  await expect(other).toHaveURL(/\/admin\/users$/);
  await expect(other.getByRole('link', { name: 'Paramètres' })).toHaveCount(0);
  expect((await other.goto('/admin/settings'))?.status()).toBe(404);
});
