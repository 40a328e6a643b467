/**
 * Relais against the report: the ONSS check-lists of 2019 as the Belgian government's report
 * on trafficking 2019–2020 counts them (chapter 11.1.2.1.2.3), imported as a CSV file, must
 * give the report's tables back cell for cell.
 *
 * The fixture (tests/support/report-2019-onss.ts) is built from the tables that agree with
 * each other and with the text:
 * - Tableau 4 (check-lists by provincial direction),
 * - Tableau 5 (sector × direction), whose column totals equal T4 direction by direction,
 * - Tableau 7 (age band × sex), 103 men / 17 women, total 120 like T4 and T5,
 * - the per-nationality totals of Tableau 6 (men + women), which agree with the text
 *   (66/120 third-country nationals; 54 EU nationals, of whom 4 Belgians and 39 Romanians).
 *
 * Known contradictions in the report, and what was trusted:
 * - Tableau 6 splits the 120 into 99 men / 21 women; Tableau 7 and the text ("85% … sont des
 *   hommes (103/120)") say 103 / 17. T7 and the text are trusted; T6's split by sex is not
 *   used, so Relais's nationality × sex table is not compared with T6 (only its row totals).
 * - Tableau 14 is titled "2019" but stands in the 2020 section and the text under it is about
 *   2020 (119/134): it is not used.
 *
 * The report gives no joint distribution (which sector goes with which age or sex), so the
 * fixture pairs them in a fixed order; only the margins above are the report's.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { REFERENCE_ORGANISATIONS } from '@/db/reference-organisations';
import { REGIONS, SECTORS } from '@/lib/checklist/catalogue';
import { isEuNational } from '@/lib/checklist/countries';
import { validateForCompletion } from '@/lib/checklist/validation';
import { importChecklists } from '@/lib/server/checklists/import-checklists';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { AGE_BANDS, type StatisticsTable } from '@/lib/statistics/tables';
import { makeOrganisation, makeUser } from '../support/factories';
import {
  report2019OnssCsv,
  report2019OnssRows,
  T4_2019,
  T4_2019_TOTAL,
  T5_2019,
  T5_2019_COLUMNS,
  T5_2019_TOTAL,
  T5_2019_TOTALS,
  T6_2019_NATIONALITY_TOTALS,
  T7_2019,
  T7_2019_TOTALS,
  TEXT_2019_EU,
} from '../support/report-2019-onss';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const table = (ts: StatisticsTable[], id: string) => {
  const t = ts.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
};
const t4 = (region: string) => T4_2019.find((r) => r.region === region)!.count;
const t5 = (sector: string, region: string) =>
  T5_2019.find((r) => r.sector === sector)?.cells[T5_2019_COLUMNS.indexOf(region as (typeof REGIONS)[number])] ?? 0;

describe('the 2019 ONSS tables as transcribed', () => {
  it('T4, T5 and T7 count the same 120 check-lists, direction by direction', () => {
    expect(sum(T4_2019.map((r) => r.count))).toBe(T4_2019_TOTAL);
    for (const row of T5_2019) expect(sum(row.cells), row.label).toBe(row.total);
    const columnTotals = T5_2019_COLUMNS.map((_, j) => sum(T5_2019.map((r) => r.cells[j]!)));
    expect(columnTotals).toEqual(T5_2019_TOTALS);
    expect(sum(T5_2019_TOTALS)).toBe(T5_2019_TOTAL);
    expect(T5_2019_COLUMNS.map((r) => t4(r))).toEqual(T5_2019_TOTALS);
    expect(sum(T7_2019.map((r) => r.m))).toBe(T7_2019_TOTALS.m);
    expect(sum(T7_2019.map((r) => r.f))).toBe(T7_2019_TOTALS.f);
    expect(T7_2019_TOTALS.m + T7_2019_TOTALS.f).toBe(T4_2019_TOTAL);
  });

  it('T6’s nationality totals agree with the text (66 third-country, 54 EU nationals)', () => {
    expect(sum(T6_2019_NATIONALITY_TOTALS.map((n) => n.total))).toBe(T4_2019_TOTAL);
    const eu = sum(T6_2019_NATIONALITY_TOTALS.filter((n) => isEuNational(n.nationality)).map((n) => n.total));
    expect({ eu, non_eu: T4_2019_TOTAL - eu }).toEqual(TEXT_2019_EU);
  });

  it('every fixture row is a complete, valid ONSS check-list', () => {
    const rows = report2019OnssRows();
    expect(rows).toHaveLength(T4_2019_TOTAL);
    for (const [i, row] of rows.entries()) {
      expect(validateForCompletion({ ...row.answers, 'ctx.service': 'onss' }), `row ${i + 1}`).toEqual({});
      expect(row.organisation).toBe(`onss-${row.answers['ctx.region']}`);
      expect(row.completedOn.startsWith('2019-')).toBe(true);
    }
  });
});

describe('Relais reproduces the 2019 ONSS tables from the imported check-lists', () => {
  let imported: unknown;
  let onss: StatisticsTable[];
  let police: StatisticsTable[];

  beforeAll(async () => {
    // The ten ONSS provincial directions, with their real codes: the CSV names them.
    for (const org of REFERENCE_ORGANISATIONS.filter((o) => o.kind === 'onss'))
      makeOrganisation('onss', org.name, org.code);
    const { actor } = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
    imported = await importChecklists({ actor, body: report2019OnssCsv() });
    onss = computeYearStatistics({ actor, year: 2019, service: 'onss', audit: false });
    police = computeYearStatistics({ actor, year: 2019, service: 'police', audit: false });
  });

  it('imports the 120 check-lists', () => {
    // On failure the diff shows the importer's errors, row and column.
    expect(imported).toMatchObject({ ok: true, imported: T4_2019_TOTAL });
  });

  it('marks them imported, each in the organisation of its direction', () => {
    const rows = getDb().all<{ code: string; region: string; imported: number; n: number }>(
      sql`select o.code as code, c.region as region, c.imported as imported, count(*) as n from checklists c join organisations o on o.id = c.organisation_id group by 1, 2, 3 order by 1`,
    );
    expect(rows.every((r) => r.imported === 1)).toBe(true);
    expect(rows.every((r) => r.code === `onss-${r.region}`)).toBe(true);
    expect(Object.fromEntries(rows.map((r) => [r.code, r.n]))).toEqual(
      Object.fromEntries(T4_2019.filter((r) => r.count > 0).map((r) => [`onss-${r.region}`, r.count])),
    );
  });

  it('T4: check-lists by provincial direction', () => {
    const t = table(onss, 'checklists_by_region');
    expect(t.rows).toEqual([...REGIONS]);
    expect(t.cols).toEqual(['count']);
    expect(t.cells).toEqual(REGIONS.map((r) => [t4(r)]));
  });

  it('T5: check-lists by sector × provincial direction', () => {
    const t = table(onss, 'checklists_sector_by_region');
    const sectors = SECTORS.filter((s) => T5_2019.some((r) => r.sector === s && r.total > 0));
    expect(t.rows).toEqual(sectors);
    // The directions across in the report's order (Namur-Luxembourg … Flandre occidentale).
    expect(t.cols).toEqual([...T5_2019_COLUMNS]);
    expect(t.cells).toEqual(sectors.map((s) => T5_2019_COLUMNS.map((r) => t5(s, r))));
  });

  it('T7: check-lists by age band × sex', () => {
    const t = table(onss, 'checklists_age_by_sex');
    expect(t.rows).toEqual([...AGE_BANDS]);
    expect(t.cols).toEqual(['m', 'f', 'x']);
    expect(t.cells).toEqual(
      AGE_BANDS.map((band) => {
        const row = T7_2019.find((r) => r.band === band);
        return row ? [row.m, row.f, 0] : [0, 0, 0];
      }),
    );
  });

  it('T6 row totals and the text: nationalities, EU / non-EU', () => {
    const t = table(onss, 'checklists_nationality_by_sex');
    expect(Object.fromEntries(t.rows.map((n, i) => [n, sum(t.cells[i]!)]))).toEqual(
      Object.fromEntries(T6_2019_NATIONALITY_TOTALS.map((n) => [n.nationality, n.total])),
    );
    const eu = table(onss, 'checklists_eu');
    expect(eu.rows).toEqual(['eu', 'non_eu', 'unknown']);
    expect(eu.cells).toEqual([[TEXT_2019_EU.eu], [TEXT_2019_EU.non_eu], [0]]);
  });

  it('counts them in 2019, the year they were completed (T9: 120 check-lists in 2019)', () => {
    const t = table(onss, 'checklists_over_years');
    expect(t.rows).toEqual(['2019']);
    expect(t.cells[0]![t.cols.indexOf('checklists')]).toBe(T4_2019_TOTAL);
  });

  it('leaves the police view of 2019 empty', () => {
    const counts = police.filter((t) => t.group === 'checklists' && t.unit === 'count');
    expect(counts.length).toBeGreaterThan(0);
    for (const t of counts) expect(sum(t.cells.flat()), t.id).toBe(0);
    expect(table(police, 'checklists_sector_by_region').rows).toEqual([]);
  });
});
