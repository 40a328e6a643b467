/**
 * The two-year view (decision 0022): two years side by side equal each year's own table, cell for
 * cell, in every view (service filters, publication on and off); in publication mode each year's
 * cells are hidden exactly as in that year's own view, never shown where that view hides them;
 * the CSV, the workbook and the chapter document carry the same numbers.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { getSqlite } from '@/db/client';
import fr from '@/lib/i18n/messages/fr.json';
import nl from '@/lib/i18n/messages/nl.json';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { exportStatistics } from '@/lib/server/statistics/export-statistics';
import { presentedBiennialStatistics } from '@/lib/server/statistics/presented-biennial-statistics';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import {
  biennialCsvRows,
  biennialTable,
  mergeRowOrder,
  yearPart,
  type BiennialTable,
  type Cell,
} from '@/lib/statistics/biennial';
import { buildChapter } from '@/lib/statistics/chapter';
import { chapterContent, tableKey, type ChapterTranslator } from '@/lib/statistics/chapter-content';
import type { PresentedTable } from '@/lib/statistics/present';
import { reportNumbers } from '@/lib/statistics/present';
import type { ServiceFilter } from '@/lib/statistics/tables';
import { buildWorkbook } from '@/lib/statistics/workbook';
import { statisticsQuerySchema } from '@/lib/validation/statistics-query';
import { makeOrganisation, makeUser } from '../support/factories';

const EARLY = 2021;
const LATE = 2022;

function translator(messages: typeof fr | typeof nl, locale: string): ChapterTranslator {
  const t = createTranslator({ locale, messages });
  return Object.assign((key: string, values?: Record<string, string | number>) => t(key as never, values as never), {
    has: (key: string) => t.has(key as never),
  });
}

/** The text of a DOCX's body: every run's text, in order. */
async function docxText(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
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

/** What a year's own view shows at a row, or a row of zeros where that view lists no such row. */
function ownRow(table: PresentedTable, code: string): { cells: Cell[]; total: Cell } {
  const row = table.rows.find((r) => r.code === code);
  return row
    ? { cells: row.cells, total: row.total }
    : { cells: table.columns.map(() => 0), total: table.rowTotals ? 0 : null };
}

describe('two years side by side', async () => {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  makeOrganisation('guardianship', 'Tutelles', 'tutelles');
  const staff = Object.fromEntries(
    await Promise.all(
      Object.entries(centres).map(
        async ([code, org]) => [code, await makeUser({ role: 'centre_staff', organisation: org })] as const,
      ),
    ),
  );
  const onss = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  const police = await makeUser({ role: 'referrer', organisation: makeOrganisation('police') });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });

  // Different nationalities and sectors in each year (rows one year lacks), small counts for the
  // publication switch, some accepted referrals (accompaniments) in both years.
  let n = 0;
  const make = (by: typeof onss, year: number, over: Record<string, unknown>, accept: boolean) => {
    n++;
    const when = new Date(`${year}-0${3 + (n % 6)}-1${n % 9}T10:00:00Z`);
    const id = createChecklist({
      actor: by.actor,
      idempotencyKey: randomUUID(),
      answers: {
        'ctx.control_date': `${year}-02-10`,
        'ctx.region': 'bru',
        'ctx.forms': ['economic'],
        'ctx.sector': 'horeca',
        'vic.sex': n % 3 === 0 ? 'f' : 'm',
        'vic.birth_date': `${year - 25 - (n % 30)}-05-02`,
        'vic.nationality': 'RO',
        'doc.residence': 'irregular',
        'doc.identity': 'own',
        'exp.housing': 'yes',
        'out.sufficient': 'yes',
        'out.wish': 'accepts_referral',
        ...over,
      },
      complete: true,
      now: when,
    }).id;
    if (!accept) return;
    const referral = createReferral({
      actor: by.actor,
      input: { checklistId: id, caseType: 'thb', idempotencyKey: randomUUID() },
      now: when,
    });
    const centre = staff[referral.centre]!.actor;
    const v = transitionReferral({
      actor: centre,
      referralId: referral.id,
      to: 'acknowledged',
      expectedVersion: 1,
      now: when,
    }).version;
    transitionReferral({ actor: centre, referralId: referral.id, to: 'accepted', expectedVersion: v, now: when });
  };
  for (let i = 0; i < 9; i++) make(onss, EARLY, {}, i % 2 === 0);
  for (let i = 0; i < 2; i++) make(onss, EARLY, { 'vic.nationality': 'MA', 'ctx.region': 'lie' }, false);
  for (let i = 0; i < 7; i++) make(police, EARLY, { 'ctx.sector': 'construction', 'ctx.region': 'ant' }, i < 3);
  for (let i = 0; i < 6; i++) make(onss, LATE, { 'vic.nationality': 'BG', 'ctx.region': 'ant' }, i % 2 === 1);
  for (let i = 0; i < 3; i++) make(police, LATE, { 'vic.nationality': 'IN', 'ctx.sector': 'cleaning' }, i === 0);
  for (let i = 0; i < 8; i++) make(police, LATE, {}, i < 4);

  const t = (key: string) => key;
  const view = (year: number, service: ServiceFilter, publication: boolean) =>
    presentedStatistics({
      actor: coordinator.actor,
      year,
      service,
      publication,
      orientation: 'accepted',
      locale: 'fr',
      t,
      audit: false,
    });
  const both = (year: number, compare: number, service: ServiceFilter, publication: boolean) =>
    presentedBiennialStatistics({
      actor: coordinator.actor,
      year,
      compare,
      service,
      publication,
      orientation: 'accepted',
      locale: 'fr',
      t,
      audit: false,
    });

  for (const publication of [false, true])
    for (const service of ['all', 'onss', 'police'] as const)
      it(`equals each year's own table, cell for cell (service ${service}, publication ${publication})`, () => {
        const two = both(LATE, EARLY, service, publication);
        expect(two.years).toEqual([EARLY, LATE]);
        const early = view(EARLY, service, publication);
        const late = view(LATE, service, publication);
        expect(two.tables.map((x) => x.id)).toEqual(late.tables.map((x) => x.id));
        for (const table of two.tables) {
          for (const [year, own] of [
            [EARLY, early.tables.find((x) => x.id === table.id)!],
            [LATE, late.tables.find((x) => x.id === table.id)!],
          ] as const) {
            const part = yearPart(table, year);
            expect(part.columns, `${table.id} ${year}`).toEqual(own.columns);
            // Every row of the year's own view is there; in the page's year's order for that year
            // (one order for both years: the other year's rows ordered by count may come in another).
            const codes = part.rows.map((r) => r.code).filter((c) => own.rows.some((r) => r.code === c));
            if (year === LATE) expect(codes).toEqual(own.rows.map((r) => r.code));
            else expect([...codes].sort()).toEqual(own.rows.map((r) => r.code).sort());
            for (const row of part.rows) {
              expect({ cells: row.cells, total: row.total }, `${table.id} ${year} ${row.code}`).toEqual(
                ownRow(own, row.code),
              );
            }
            expect(part.totalRow, `${table.id} ${year} total`).toEqual(
              own.totalRow ? { cells: own.totalRow.cells, total: own.totalRow.total } : null,
            );
          }
        }
      });

  it('puts the years in calendar order whichever is asked first, and the rows of both years in one order', () => {
    const a = both(EARLY, LATE, 'all', false);
    const b = both(LATE, EARLY, 'all', false);
    expect(a.years).toEqual([EARLY, LATE]);
    const id = 'checklists_nationality_by_sex';
    const rowsA = a.tables.find((x) => x.id === id)!.rows.map((r) => r.code);
    const rowsB = b.tables.find((x) => x.id === id)!.rows.map((r) => r.code);
    expect(new Set(rowsA)).toEqual(new Set(['RO', 'MA', 'BG', 'IN']));
    // Both years list their nationalities by code: the union by code, whichever year leads.
    expect(rowsA).toEqual(['BG', 'IN', 'MA', 'RO']);
    expect(rowsB).toEqual(rowsA);
    // A row a year lacks counted nothing that year.
    const ma = b.tables.find((x) => x.id === id)!.rows.find((r) => r.code === 'MA')!;
    expect(ma.groups[1]!.cells).toEqual([0, 0, 0]);
    expect(ma.groups[0]!.total).toBe(2);
  });

  it('in publication mode, hides in each year exactly what that year’s view hides — never a number where it shows a sign', () => {
    const two = both(LATE, EARLY, 'all', true);
    let hidden = 0;
    for (const year of [EARLY, LATE]) {
      const own = view(year, 'all', true);
      for (const table of two.tables) {
        const part = yearPart(table, year);
        const mine = own.tables.find((x) => x.id === table.id)!;
        for (const row of part.rows) {
          const theirs = ownRow(mine, row.code);
          row.cells.forEach((v, j) => {
            if (typeof theirs.cells[j] === 'string') {
              hidden++;
              expect(v, `${table.id} ${year} ${row.code} ${j}`).toBe(theirs.cells[j]);
            }
          });
          if (typeof theirs.total === 'string') expect(row.total).toBe(theirs.total);
        }
      }
    }
    // The data has small counts in both years: the check is not empty.
    expect(hidden).toBeGreaterThan(0);
    // The MA count of 2021 (2) is small.
    const nat = two.tables.find((x) => x.id === 'checklists_nationality_by_sex')!;
    expect(nat.rows.find((r) => r.code === 'MA')!.groups[0]!.total).toBe('< 5');
  });

  it('prints a table over the years once, hiding a cell that either view hides', () => {
    const base: PresentedTable = {
      id: 'series',
      report: ['T9', 'T16'],
      group: 'checklists',
      chart: 'line',
      rowHeader: 'year',
      columns: [
        { code: 'checklists', label: 'Check-lists' },
        { code: 'oriented', label: 'Oriented' },
      ],
      rowTotals: false,
      rows: [
        { code: '2021', label: '2021', cells: [18, 3], total: null },
        { code: '2022', label: '2022', cells: [17, 9], total: null },
      ],
      totalRow: null,
      series: [],
      suppressedCount: 0,
    };
    const other: PresentedTable = {
      ...base,
      rows: [base.rows[0]!, { ...base.rows[1]!, cells: [17, '< 5'] }],
    };
    const once = biennialTable({ year: LATE, table: base }, { year: EARLY, table: other }, { overYears: true });
    expect(once.groups).toHaveLength(1);
    expect(once.groups[0]!.years).toEqual([EARLY, LATE]);
    expect(once.rows.map((r) => r.groups[0]!.cells)).toEqual([
      [18, 3],
      [17, '< 5'],
    ]);
    // Printed once: its own columns, no year header.
    expect(biennialCsvRows(once, 'Total')[0]).toEqual(['year', 'Check-lists', 'Oriented']);
  });

  it('merges two row orders: by code or by label when both years are, else the page year’s then the other’s; closing rows last', () => {
    const rows = (...codes: string[]) => codes.map((code) => ({ code, label: code === 'MA' ? 'Maroc' : code }));
    const labelled = (...pairs: [string, string][]) => pairs.map(([code, label]) => ({ code, label }));
    expect(mergeRowOrder(rows('MA', 'RO', 'unknown'), rows('BG', 'RO'))).toEqual(['BG', 'MA', 'RO', 'unknown']);
    // Alphabetical by label (the report's lists): Allemagne (DE) before Belgique (BE).
    expect(
      mergeRowOrder(
        labelled(['BE', 'Belgique'], ['MA', 'Maroc'], ['stateless', 'Apatride']),
        labelled(['DE', 'Allemagne'], ['RO', 'Roumanie'], ['unknown', 'Inconnue']),
      ),
    ).toEqual(['DE', 'BE', 'MA', 'RO', 'stateless', 'unknown']);
    // By count (no common order): the page year's, then the other's own rows, "unknown" last.
    expect(mergeRowOrder(rows('horeca', 'construction', 'unknown'), rows('cleaning', 'horeca', 'unknown'))).toEqual([
      'horeca',
      'construction',
      'cleaning',
      'unknown',
    ]);
    expect(mergeRowOrder(rows('RO', 'BG'), rows('IN', 'RO'))).toEqual(['RO', 'BG', 'IN']);
    // The same rows in both years keep their order, whatever it is.
    expect(mergeRowOrder(rows('wvl', 'ovl', 'ant'), rows('wvl', 'ovl', 'ant'))).toEqual(['wvl', 'ovl', 'ant']);
    expect(mergeRowOrder([], rows('x'))).toEqual(['x']);
  });

  it('writes the CSV with the years over their columns, and one column per year for one count', () => {
    const two = both(LATE, EARLY, 'all', false);
    const byRegion = two.tables.find((x) => x.id === 'checklists_by_region')!;
    const csv = biennialCsvRows(byRegion, 'Total');
    expect(csv[0]).toEqual([byRegion.rowHeader, String(EARLY), String(LATE)]);
    const bru = byRegion.rows.findIndex((r) => r.code === 'bru');
    // 2021: 9 + 2 (Liège) … Brussels 9; 2022: Brussels 3 + 8.
    expect(csv[1 + bru]).toEqual([byRegion.rows[bru]!.label, 9, 11]);
    expect(csv[csv.length - 1]).toEqual(['Total', 18, 17]);

    const byAge = two.tables.find((x) => x.id === 'checklists_age_by_sex')!;
    const rows = biennialCsvRows(byAge, 'Total');
    const width = byAge.groups[0]!.columns.length + 1;
    expect(rows[0]).toEqual([
      null,
      String(EARLY),
      ...Array.from({ length: width - 1 }, () => null),
      String(LATE),
      ...Array.from({ length: width - 1 }, () => null),
    ]);
    expect(rows[1]).toEqual([
      byAge.rowHeader,
      ...byAge.groups[0]!.columns.map((c) => c.label),
      'Total',
      ...byAge.groups[1]!.columns.map((c) => c.label),
      'Total',
    ]);
    expect(rows[rows.length - 1]![width]).toBe(18);
    expect(rows[rows.length - 1]![2 * width]).toBe(17);
  });

  it('writes one sheet per table named by its report number, the title and both years in it', async () => {
    const two = both(LATE, EARLY, 'all', true);
    const buffer = await buildWorkbook(
      two.tables.map((table) => ({ table, title: `title of ${table.id}` })),
      'Total',
      { year: LATE, publication: true, k: two.k },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(two.tables.length);
    const sheet = wb.getWorksheet('T4, T11')!;
    expect(sheet.getRow(1).getCell(1).value).toBe(`title of checklists_by_region — ${EARLY} | ${LATE}`);
    expect(sheet.getRow(3).getCell(2).value).toBe(String(EARLY));
    expect(sheet.getRow(3).getCell(3).value).toBe(String(LATE));
    const total = sheet.getRow(sheet.rowCount);
    expect([total.getCell(2).value, total.getCell(3).value]).toEqual([18, 17]);
    // Hidden cells travel as their signs, the same as the two-year table's.
    const age = wb.getWorksheet('T7, T14')!;
    const table = two.tables.find((x) => x.id === 'checklists_age_by_sex')!;
    expect(age.getRow(3).getCell(2).value).toBe(String(EARLY));
    expect(age.getRow(3).getCell(2).isMerged).toBe(true);
    const sheetRows: Cell[][] = [];
    age.eachRow({ includeEmpty: true }, (row, i) => {
      const values = row.values as unknown[];
      if (i >= 3) sheetRows.push(values.slice(1).map((v) => (v ?? null) as Cell));
    });
    // Below the two header rows (the years merged over their columns), the same rows as the CSV.
    const expected = biennialCsvRows(table, 'Total').slice(2);
    expect(sheetRows.slice(2, 2 + expected.length).map((row) => row.slice(0, expected[0]!.length))).toEqual(expected);
  });

  it('exports the chapter in French and in Dutch: every table with its number, title, note and source', async () => {
    for (const [messages, locale, language] of [
      [fr, 'fr', 'fr-BE'],
      [nl, 'nl', 'nl-BE'],
    ] as const) {
      const tr = translator(messages, language);
      for (const compare of [null, EARLY]) {
        const { k, tables, biennial } = exportStatistics({
          actor: coordinator.actor,
          query: { year: LATE, service: 'all', publication: true, orientation: 'accepted', compare },
          format: 'docx',
          locale,
          t: tr,
        });
        const list: (PresentedTable | BiennialTable)[] = biennial?.tables ?? tables;
        const buffer = await buildChapter(
          chapterContent({
            t: tr,
            language,
            years: biennial?.years ?? [LATE],
            service: 'all',
            orientation: 'accepted',
            publication: true,
            k,
            tables: list,
            producedOn: '6 décembre 2026',
          }),
        );
        const text = await docxText(buffer);
        const prefix = locale === 'fr' ? 'Tableau' : 'Tabel';
        for (const table of list) {
          const title = tr(`statistics.tables.${tableKey(table.id)}.title`);
          const numbers = reportNumbers(table.report);
          expect(text, `${locale} ${table.id}`).toContain(
            numbers ? `${prefix} ${numbers}${locale === 'fr' ? ' : ' : ': '}${title}` : title,
          );
          expect(text).toContain(tr(`statistics.tables.${tableKey(table.id)}.note`));
        }
        expect(text).toContain(locale === 'fr' ? 'Version pour publication' : 'Versie voor publicatie');
        expect(text).toContain(locale === 'fr' ? 'Source : Relais, check-lists' : 'Bron: Relais, checklists');
        expect(text).toContain(
          tr('statistics.chapter.title', {
            years: compare ? `${EARLY} ${locale === 'fr' ? 'et' : 'en'} ${LATE}` : String(LATE),
          }),
        );
        // The publication switch holds in the document too.
        expect(text).toContain('< 5');
      }
    }
    const audited = getSqlite()
      .prepare(`SELECT detail FROM audit_events WHERE action = 'statistics.export' ORDER BY rowid DESC LIMIT 1`)
      .get() as { detail: string };
    expect(JSON.parse(audited.detail)).toMatchObject({ year: LATE, compare: EARLY, format: 'docx', locale: 'nl' });
  });

  it('reads the second year from the query, the same year as none, a bad one named', () => {
    const ok = statisticsQuerySchema.safeParse({ year: '2022', compare: '2021' });
    expect(ok.success && ok.data.compare).toBe(2021);
    const same = statisticsQuerySchema.safeParse({ year: '2022', compare: '2022' });
    expect(same.success && same.data.compare).toBeNull();
    const empty = statisticsQuerySchema.safeParse({ year: '2022', compare: '' });
    expect(empty.success && empty.data.compare).toBeNull();
    const bad = statisticsQuerySchema.safeParse({ year: '2022', compare: '22' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['compare']);
  });
});
