import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import JSZip from 'jszip';
import type { Page } from '@playwright/test';
import fr from '../../lib/i18n/messages/fr.json';
import nl from '../../lib/i18n/messages/nl.json';
import { expect, test } from './fixtures';

/**
 * The two-year view and the chapter document (decision 0022). Two years no other test writes in:
 * a centre registers its requests of those years, so both years' centre tables are known.
 */
const EARLY = 2007;
const LATE = 2008;

type Catalogue = typeof fr;
const titleOf = (messages: Catalogue, id: string) =>
  (messages.statistics.tables as Record<string, { title: string }>)[id.replace(/_(accepted|contacted)$/, '')]!.title;

/** Every row of a table on screen: its header, then its cells' text, by the row's label. */
async function rowsOf(page: Page, title: string): Promise<Map<string, string[]>> {
  const table = page.getByRole('table', { name: title, exact: true });
  await expect(table).toBeVisible();
  const rows = await table
    .locator('tbody tr, tfoot tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
  return new Map(rows.map(([label, ...cells]) => [label!, cells]));
}

/** The text of a DOCX's body (word/document.xml's runs). */
async function docxText(body: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(body);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1]!)
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

test('a coordinator sets two years side by side, reads both on screen and downloads the chapter in French and Dutch', async ({
  page,
  signInAs,
  person,
}) => {
  const { page: centre } = await person({ role: 'centre_staff', organisation: 'payoke' });
  const register = async (receivedOn: string, outcome: 'accepted' | 'not_a_victim' | null, nationality: string) => {
    const answer = await centre.request.post('/api/v1/centre-requests', {
      headers: { 'Idempotency-Key': randomUUID() },
      data: {
        source: 'ngo',
        receivedOn,
        sex: 'f',
        age: 30,
        nationality,
        forms: ['economic'],
        caseType: 'thb',
        lateReason: 'Registered from the centre’s paper files',
        ...(outcome ? { outcome, outcomeOn: receivedOn } : {}),
        ...(outcome === 'not_a_victim' ? { outcomeReason: 'no_indicators' } : {}),
      },
    });
    expect(answer.status(), await answer.text()).toBe(201);
  };
  // 2007: three requests, two accompaniments (RO), one not a victim; 2008: one accompaniment (NG), one pending.
  await register(`${EARLY}-03-02`, 'accepted', 'RO');
  await register(`${EARLY}-04-02`, 'accepted', 'RO');
  await register(`${EARLY}-05-02`, 'not_a_victim', 'RO');
  await register(`${LATE}-03-02`, 'accepted', 'NG');
  await register(`${LATE}-06-02`, null, 'NG');

  await signInAs({ role: 'coordinator', organisation: 'cic' });
  // Each year's own tables, as its own view shows them.
  const own = new Map<number, Map<string, Map<string, string[]>>>();
  let titles: string[] = [];
  for (const year of [EARLY, LATE]) {
    await page.goto(`/statistics?year=${year}&group=centres`);
    titles = await page.locator('section.stat-table h2').allTextContents();
    const tables = new Map<string, Map<string, string[]>>();
    for (const title of titles) tables.set(title, await rowsOf(page, title));
    own.set(year, tables);
  }
  expect(titles.length).toBeGreaterThan(3);

  // The coordinator chooses the second year in the form (no script needed: a GET form).
  await page.goto(`/statistics?year=${LATE}&group=centres`);
  await page.getByLabel('Comparer avec l’année').selectOption(String(EARLY));
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(new RegExp(`compare=${EARLY}`));
  await expect(page).toHaveURL(/group=centres/);
  await expect(page.getByText(`${EARLY} et ${LATE} côte à côte`)).toBeVisible();

  // Every table: the years head their columns, and each row is the early year's row then the late year's.
  for (const title of titles) {
    const table = page.getByRole('table', { name: title, exact: true });
    await expect(table.locator('thead tr').first()).toContainText(String(EARLY));
    await expect(table.locator('thead tr').first()).toContainText(String(LATE));
    const both = await rowsOf(page, title);
    for (const [label, early] of own.get(EARLY)!.get(title)!) {
      const late = own.get(LATE)!.get(title)!.get(label);
      if (late) expect(both.get(label), `${title} / ${label}`).toEqual([...early, ...late]);
    }
  }
  // The numbers are the centre's: Payoke's requests of both years, side by side.
  const requestsTitle = titleOf(fr, 'centre_requests_by_outcome');
  const payoke = (await rowsOf(page, requestsTitle)).get('Payoke')!;
  expect(payoke.map(Number).filter((n) => n > 0).length).toBeGreaterThan(1);
  // A table of one count column: one column per year, headed by the year.
  const byNationality = page.getByRole('table', { name: titleOf(fr, 'accompaniments_by_nationality'), exact: true });
  await expect(byNationality.getByRole('columnheader')).toHaveText([/.+/, String(EARLY), String(LATE)]);
  await expect(byNationality.getByRole('row', { name: /Roumanie/ }).getByRole('cell')).toHaveText(['2', '0']);
  await expect(byNationality.getByRole('row', { name: /Nigeria/ }).getByRole('cell')).toHaveText(['0', '1']);

  // The part links keep the second year.
  await page
    .getByRole('navigation', { name: 'Parties du rapport' })
    .getByRole('link', { name: 'Check-lists', exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`compare=${EARLY}.*group=checklists|group=checklists.*compare=${EARLY}`));

  // Every table of the year, from the API, with its number and title.
  const api = await page.request.get(`/api/v1/statistics/${LATE}?compare=${EARLY}`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as {
    years: number[];
    tables: Record<string, { report: string[]; groups: { years: number[] }[] }>;
  };
  expect(body.years).toEqual([EARLY, LATE]);
  expect(body.tables.centre_requests_by_outcome!.groups.map((g) => g.years)).toEqual([[EARLY], [LATE]]);
  const numbersOf = (report: string[]) => report.filter((r) => /^T\d+$/.test(r)).join(', ');

  // The chapter in French, from its link on the page.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Chapitre en français (DOCX)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`relais-chapter-${EARLY}-${LATE}-fr.docx`);
  const frText = await docxText(fs.readFileSync(await file.path()));
  expect(frText).toContain(`Chapitre statistique — ${EARLY} et ${LATE}`);
  for (const [id, table] of Object.entries(body.tables)) {
    const numbers = numbersOf(table.report);
    expect(frText, id).toContain(numbers ? `Tableau ${numbers} : ${titleOf(fr, id)}` : titleOf(fr, id));
  }
  expect(frText).toContain('Source : Relais');

  // In Dutch, whatever the interface's language.
  const dutch = await page.request.get(`/api/v1/statistics/${LATE}/chapter?locale=nl&compare=${EARLY}`);
  expect(dutch.status()).toBe(200);
  expect(dutch.headers()['content-type']).toContain('wordprocessingml');
  const nlText = await docxText(await dutch.body());
  expect(nlText).toContain(`Statistisch hoofdstuk — ${EARLY} en ${LATE}`);
  for (const [id, table] of Object.entries(body.tables)) {
    const numbers = numbersOf(table.report);
    expect(nlText, id).toContain(numbers ? `Tabel ${numbers}: ${titleOf(nl, id)}` : titleOf(nl, id));
  }
  expect(nlText).toContain('Bron: Relais');
  // One year, in publication mode: the state says so.
  const published = await page.request.get(`/api/v1/statistics/${LATE}/chapter?locale=fr&publication=true`);
  expect(await docxText(await published.body())).toContain('Version pour publication');
  expect((await page.request.get(`/api/v1/statistics/${LATE}/chapter?locale=de`)).status()).toBe(400);
});

test('referrers and centre staff get "not found" for the chapter and the two-year view', async ({ person }) => {
  const { page: referrer } = await person({ role: 'referrer', organisation: 'onss-lie' });
  expect((await referrer.request.get(`/api/v1/statistics/${LATE}/chapter?locale=fr`)).status()).toBe(404);
  expect((await referrer.request.get(`/api/v1/statistics/${LATE}?compare=${EARLY}`)).status()).toBe(404);
  const { page: centre } = await person({ role: 'centre_staff', organisation: 'esperanto' });
  expect((await centre.request.get(`/api/v1/statistics/${LATE}/chapter?locale=nl&compare=${EARLY}`)).status()).toBe(
    404,
  );
  expect((await centre.goto(`/statistics?year=${LATE}&compare=${EARLY}`))?.status()).toBe(404);
});
