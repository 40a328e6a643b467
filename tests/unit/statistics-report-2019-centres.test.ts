/**
 * Relais against the report: the specialised centres' requests and accompaniments of 2019 as the
 * Belgian government's report on trafficking and smuggling of human beings 2019–2020 counts them
 * (chapter 11, sections 11.1.5 and 11.2.4), imported through the centres' import as a
 * coordinator, must give the report's tables back cell for cell.
 *
 * The fixture (tests/support/report-2019-centres.ts) says which cells it trusts where the report
 * contradicts itself:
 * - Tableau 26's "Aucune victime de traite" column: cells 432 + 202 + 145 = 779, printed total
 *   932, text 1,085 requests. The cells are used; neither 932 nor 1,085 is rebuilt (the report
 *   puts the missing requests in no centre).
 * - Tableau 29's Payoke row (2 minors + 51 adults = 53, where T26, T27 and T30 give Payoke 52
 *   and T29's printed totals 10 / 135 need 5 / 47): 5 / 47 is used.
 * - The text's "Roumanie (7)" (T31: 11, which makes T31 add up to 145): T31 is used.
 *
 * Relais table ↔ report table (lib/server/statistics/compute-year-statistics.ts):
 * - `centre_requests_by_outcome` ↔ T26, plus an `other` column (pending, refused, contact lost…)
 *   that the report does not have; it is 0 here. Relais counts the accepted requests received in
 *   the year, the report the accompaniments started in the year: the fixture receives and
 *   accepts every request in 2019, so the two are the same.
 * - `accompaniments_form_by_centre` ↔ T27 (centre × form, as printed), plus a
 *   `smuggling_aggravated` column the report keeps in T42.
 * - `accompaniments_minor_by_centre` ↔ T29, `accompaniments_sex_by_centre` ↔ T30 (plus a row
 *   `x`), `accompaniments_by_nationality` ↔ T31.
 * - `smuggling_accompaniments_by_centre` ↔ T42 (its row totals) and T43 (its minor / adult column
 *   totals). T43's nationality × sex × age has no Relais table of its own: its nationality and
 *   sex margins are checked in tables 13 and 12, where Relais counts these accompaniments too.
 * - Relais has an Esperanto row or column in each table; the report's tables have none, and the
 *   fixture no Esperanto request, so it must be 0 throughout.
 *
 * Relais's tables 9–13 count every case type; the report keeps the 8 accompaniments of smuggling
 * with aggravating circumstances (T42, T43) out of T26–T31. So the requests of T26 are imported
 * first and T26–T31 compared then; the smuggling accompaniments are imported after, and T42/T43
 * compared with what they add.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { organisations } from '@/db/schema';
import { FORMS } from '@/lib/checklist/catalogue';
import { CENTRE_CODES } from '@/lib/referrals/routing';
import { importCentreRequests } from '@/lib/server/referrals/import-centre-requests';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import type { PresentedTable } from '@/lib/statistics/present';
import type { StatisticsTable } from '@/lib/statistics/tables';
import { makeOrganisation, makeUser } from '../support/factories';
import {
  report2019AccompanimentRows,
  report2019CentresCsv,
  report2019NotAVictimRows,
  report2019SmugglingCsv,
  report2019SmugglingRows,
  T26_2019,
  T26_2019_PRINTED_TOTALS,
  T27_2019,
  T27_2019_TOTAL,
  T27_2019_TOTALS,
  T27_FORMS,
  T29_2019,
  T29_2019_PRINTED,
  T29_2019_TOTALS,
  T30_2019,
  T30_2019_TOTALS,
  T31_2019,
  T31_2019_TOTAL,
  T42_2019,
  T42_2019_TOTAL,
  T43_2019,
  T43_2019_TOTALS,
  TEXT_2019_REQUESTS,
  type ReportCentre,
} from '../support/report-2019-centres';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
function table<T extends { id: string }>(ts: readonly T[], id: string): T {
  const t = ts.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}
/** A report table's value for a Relais centre column: Esperanto is in none of them. */
const forCentre = <T extends { centre: ReportCentre }>(rows: readonly T[], code: string, value: (r: T) => number) => {
  const row = rows.find((r) => r.centre === code);
  return row ? value(row) : 0;
};
/** T26's "no victim of trafficking" column added up: 779, where the report prints 932. */
const T26_NOT_A_VICTIM = sum(T26_2019.map((r) => r.notAVictim));
const T43_NATIONALITY_TOTALS = Object.fromEntries(
  T43_2019.filter((n) => n.fMinor + n.fAdult + n.mMinor + n.mAdult > 0).map((n) => [
    n.nationality,
    n.fMinor + n.fAdult + n.mMinor + n.mAdult,
  ]),
);

describe('the 2019 centre tables as transcribed', () => {
  it('T26, T27 and T30 count the same accompaniments, centre by centre (56, 52, 37: 145)', () => {
    for (const row of T27_2019) {
      expect(sum(row.cells), row.centre).toBe(row.total);
      expect(row.total, row.centre).toBe(forCentre(T26_2019, row.centre, (r) => r.accepted));
      expect(row.total, row.centre).toBe(forCentre(T30_2019, row.centre, (r) => r.total));
    }
    expect(T27_FORMS.map((_, j) => sum(T27_2019.map((r) => r.cells[j]!)))).toEqual(T27_2019_TOTALS);
    expect(sum(T27_2019_TOTALS)).toBe(T27_2019_TOTAL);
    expect(sum(T26_2019.map((r) => r.accepted))).toBe(T26_2019_PRINTED_TOTALS.accepted);
    expect(T26_2019_PRINTED_TOTALS.accepted).toBe(T27_2019_TOTAL);
    for (const row of T30_2019) expect(row.f + row.m, row.centre).toBe(row.total);
    expect({ f: sum(T30_2019.map((r) => r.f)), m: sum(T30_2019.map((r) => r.m)) }).toEqual({
      f: T30_2019_TOTALS.f,
      m: T30_2019_TOTALS.m,
    });
    expect(T30_2019_TOTALS.total).toBe(T27_2019_TOTAL);
    expect(sum(T31_2019.map((n) => n.count))).toBe(T31_2019_TOTAL);
    expect(T31_2019_TOTAL).toBe(T27_2019_TOTAL);
  });

  it('T29 contradicts itself; the fixture’s reading differs from it in the Payoke row only', () => {
    // As printed: 7 minors and 139 adults (146), not the printed 10 / 135 (145).
    expect(sum(T29_2019_PRINTED.map((r) => r.minor))).toBe(7);
    expect(sum(T29_2019_PRINTED.map((r) => r.adult))).toBe(139);
    expect(T29_2019_TOTALS.minor + T29_2019_TOTALS.adult).toBe(T29_2019_TOTALS.total);
    // As read: every centre its T26 total, and the printed totals.
    for (const row of T29_2019)
      expect(row.minor + row.adult, row.centre).toBe(forCentre(T26_2019, row.centre, (r) => r.accepted));
    expect(sum(T29_2019.map((r) => r.minor))).toBe(T29_2019_TOTALS.minor);
    expect(sum(T29_2019.map((r) => r.adult))).toBe(T29_2019_TOTALS.adult);
    const changed = T29_2019.filter((r, i) => JSON.stringify(r) !== JSON.stringify(T29_2019_PRINTED[i]));
    expect(changed.map((r) => r.centre)).toEqual(['payoke']);
  });

  it('T26 contradicts itself: its "no victim" cells add up to 779, not the printed 932', () => {
    expect(T26_NOT_A_VICTIM).toBe(779);
    expect(T26_2019_PRINTED_TOTALS.notAVictim).toBe(932);
    // The printed total is the text's 1,085 requests less the 145 + 8 accompaniments of T26 and T42.
    expect(TEXT_2019_REQUESTS - T26_2019_PRINTED_TOTALS.accepted - T42_2019_TOTAL).toBe(
      T26_2019_PRINTED_TOTALS.notAVictim,
    );
  });

  it('T42 and T43 count the same 8 smuggling accompaniments, none of them among T31’s', () => {
    expect(sum(T42_2019.map((r) => r.count))).toBe(T42_2019_TOTAL);
    const t43 = { fMinor: 0, fAdult: 0, mMinor: 0, mAdult: 0 };
    for (const n of T43_2019) for (const k of Object.keys(t43) as (keyof typeof t43)[]) t43[k] += n[k];
    expect(t43).toEqual(T43_2019_TOTALS);
    expect(sum(Object.values(t43))).toBe(T42_2019_TOTAL);
    // The smuggled persons are not among T31's accompaniments (T31 has no Eritrean nor Sudanese).
    expect(T31_2019.some((n) => n.nationality === 'ER' || n.nationality === 'SD')).toBe(false);
  });

  it('the fixture has one row per request: 145 accompaniments, 779 other requests, 8 smuggling accompaniments', () => {
    expect(report2019AccompanimentRows()).toHaveLength(T27_2019_TOTAL);
    expect(report2019NotAVictimRows()).toHaveLength(T26_NOT_A_VICTIM);
    expect(report2019SmugglingRows()).toHaveLength(T42_2019_TOTAL);
    const all = [...report2019AccompanimentRows(), ...report2019NotAVictimRows(), ...report2019SmugglingRows()];
    for (const r of all) {
      expect(r.received_on.startsWith('2019-') && r.outcome_on.startsWith('2019-')).toBe(true);
      expect(r.outcome_on >= r.received_on).toBe(true);
    }
  });
});

describe('Relais reproduces the 2019 centre tables from the imported requests', () => {
  const now = new Date('2021-06-30T10:00:00Z');
  let importedRequests: unknown;
  let importedSmuggling: unknown;
  /** The year's tables with T26's requests only, and then with T42's smuggling accompaniments too. */
  let before: StatisticsTable[];
  let after: StatisticsTable[];
  let presented: PresentedTable[];
  let otherYears: StatisticsTable[][];

  beforeAll(async () => {
    // The centres with their real codes (the file names them), if this database has none yet.
    for (const code of CENTRE_CODES)
      if (!getDb().select().from(organisations).where(eq(organisations.code, code)).get())
        makeOrganisation('centre', code, code);
    const { actor } = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
    importedRequests = importCentreRequests({ actor, body: report2019CentresCsv(), now });
    before = computeYearStatistics({ actor, year: 2019, audit: false });
    presented = presentedStatistics({
      actor,
      year: 2019,
      service: 'all',
      publication: false,
      orientation: 'accepted',
      locale: 'fr',
      t: (key) => key,
      audit: false,
    }).tables;
    importedSmuggling = importCentreRequests({ actor, body: report2019SmugglingCsv(), now });
    after = computeYearStatistics({ actor, year: 2019, audit: false });
    otherYears = [2018, 2020].map((year) => computeYearStatistics({ actor, year, audit: false }));
  });

  it('imports the 924 requests of T26 (145 + 779), then the 8 smuggling accompaniments of T42', () => {
    // On failure the diff shows the importer's errors, row and column.
    expect(importedRequests).toEqual({
      ok: true,
      imported: T26_2019_PRINTED_TOTALS.accepted + T26_NOT_A_VICTIM,
      rows: T26_2019_PRINTED_TOTALS.accepted + T26_NOT_A_VICTIM,
    });
    expect(importedSmuggling).toEqual({ ok: true, imported: T42_2019_TOTAL, rows: T42_2019_TOTAL });
  });

  it('T26: requests per centre, accompaniments started and "no victim of trafficking"', () => {
    const t = table(before, 'centre_requests_by_outcome');
    expect(t.rows).toEqual([...CENTRE_CODES]);
    expect(t.cols).toEqual(['accepted', 'not_a_victim', 'other']);
    expect(t.cells).toEqual(
      CENTRE_CODES.map((c) => [
        forCentre(T26_2019, c, (r) => r.accepted),
        forCentre(T26_2019, c, (r) => r.notAVictim),
        0,
      ]),
    );
    // T26's total row as shown: the printed 145, and the cells' 779 where the report prints 932.
    const p = table(presented, 'centre_requests_by_outcome');
    expect(p.totalRow?.cells).toEqual([T26_2019_PRINTED_TOTALS.accepted, T26_NOT_A_VICTIM, 0]);
    expect(p.rows.map((r) => r.cells)).toEqual(t.cells);
  });

  it('T27: accompaniments by centre × form of exploitation (one form each, so each centre’s forms add up to T26)', () => {
    const t = table(before, 'accompaniments_form_by_centre');
    // As the report prints it: a centre per row, the forms across.
    expect(t.rows).toEqual([...CENTRE_CODES]);
    expect(t.cols).toEqual([...FORMS]);
    expect(t.cells).toEqual(
      CENTRE_CODES.map((c) =>
        FORMS.map((form) => {
          const j = (T27_FORMS as readonly string[]).indexOf(form);
          return j < 0 ? 0 : forCentre(T27_2019, c, (r) => r.cells[j]!);
        }),
      ),
    );
    // T27's printed row totals (56, 52, 37) are the centres' rows added up.
    expect(t.cells.map(sum)).toEqual(CENTRE_CODES.map((c) => forCentre(T27_2019, c, (r) => r.total)));
    // No totals shown: in general one person counts under several forms.
    expect(t.totals).toBe(false);
    expect(table(presented, 'accompaniments_form_by_centre').totalRow).toBeNull();
  });

  it('T29: accompaniments of minors and adults × centre (Payoke as the fixture reads it; totals 10 and 135 as printed)', () => {
    const t = table(before, 'accompaniments_minor_by_centre');
    // As the report prints it: a centre per row, "<18 ans" and ">18 ans" across.
    expect(t.rows).toEqual([...CENTRE_CODES]);
    expect(t.cols).toEqual(['minor', 'adult']);
    expect(t.cells).toEqual(
      CENTRE_CODES.map((c) => [forCentre(T29_2019, c, (r) => r.minor), forCentre(T29_2019, c, (r) => r.adult)]),
    );
    const p = table(presented, 'accompaniments_minor_by_centre');
    expect(p.rows.map((r) => r.total)).toEqual(CENTRE_CODES.map((c) => forCentre(T26_2019, c, (r) => r.accepted)));
    expect(p.totalRow).toEqual({
      cells: [T29_2019_TOTALS.minor, T29_2019_TOTALS.adult],
      total: T29_2019_TOTALS.total,
    });
  });

  it('T30: accompaniments by sex × centre', () => {
    const t = table(before, 'accompaniments_sex_by_centre');
    // As the report prints it: women first, then men.
    expect(t.rows).toEqual(['f', 'm', 'x']);
    expect(t.cols).toEqual([...CENTRE_CODES]);
    expect(t.cells).toEqual([
      CENTRE_CODES.map((c) => forCentre(T30_2019, c, (r) => r.f)),
      CENTRE_CODES.map((c) => forCentre(T30_2019, c, (r) => r.m)),
      CENTRE_CODES.map(() => 0),
    ]);
    const p = table(presented, 'accompaniments_sex_by_centre');
    expect(p.rows.map((r) => r.total)).toEqual([T30_2019_TOTALS.f, T30_2019_TOTALS.m, 0]);
    expect(p.totalRow).toEqual({
      cells: CENTRE_CODES.map((c) => forCentre(T30_2019, c, (r) => r.total)),
      total: T30_2019_TOTALS.total,
    });
  });

  it('T31: accompaniments by nationality, highest count first', () => {
    const t = table(before, 'accompaniments_by_nationality');
    expect(t.cols).toEqual(['count']);
    expect(Object.fromEntries(t.rows.map((n, i) => [n, t.cells[i]![0]]))).toEqual(
      Object.fromEntries(T31_2019.map((n) => [n.nationality, n.count])),
    );
    // The report breaks ties by French name, Relais by code: only the order by count is shared.
    const counts = t.cells.map((r) => r[0]!);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(table(presented, 'accompaniments_by_nationality').totalRow?.cells).toEqual([T31_2019_TOTAL]);
  });

  it('T42 and T43: smuggling accompaniments per centre, minor or adult', () => {
    expect(
      table(before, 'smuggling_accompaniments_by_centre')
        .cells.flat()
        .every((n) => n === 0),
    ).toBe(true);
    const t = table(after, 'smuggling_accompaniments_by_centre');
    expect(t.rows).toEqual([...CENTRE_CODES]);
    expect(t.cols).toEqual(['minor', 'adult']);
    // T42, centre by centre.
    expect(t.cells.map(sum)).toEqual(CENTRE_CODES.map((c) => forCentre(T42_2019, c, (r) => r.count)));
    // T43's under / over 18, women and men together.
    expect([sum(t.cells.map((r) => r[0]!)), sum(t.cells.map((r) => r[1]!))]).toEqual([
      T43_2019_TOTALS.fMinor + T43_2019_TOTALS.mMinor,
      T43_2019_TOTALS.fAdult + T43_2019_TOTALS.mAdult,
    ]);
    // Which centre had the minors the report does not say: the cells are the fixture's split.
    const rows = report2019SmugglingRows();
    expect(t.cells).toEqual(
      CENTRE_CODES.map((c) => [
        rows.filter((r) => r.centre === c && r.age! < 18).length,
        rows.filter((r) => r.centre === c && r.age! >= 18).length,
      ]),
    );
  });

  it('T42 and T43 in the other tables: Relais counts the smuggling accompaniments in tables 9–13 as well', () => {
    const grew = (id: string) => {
      const b = table(before, id);
      const a = table(after, id);
      const at = (t: StatisticsTable, r: string, c: string) => t.cells[t.rows.indexOf(r)]?.[t.cols.indexOf(c)] ?? 0;
      return (r: string, c: string) => at(a, r, c) - at(b, r, c);
    };
    // T26 + T42: accepted requests per centre; all requests, T26's cells and T42's.
    const requests = grew('centre_requests_by_outcome');
    for (const c of CENTRE_CODES) {
      expect(requests(c, 'accepted'), c).toBe(forCentre(T42_2019, c, (r) => r.count));
      expect(requests(c, 'not_a_victim') + requests(c, 'other'), c).toBe(0);
    }
    expect(sum(table(after, 'centre_requests_by_outcome').cells.flat())).toBe(
      T26_2019_PRINTED_TOTALS.accepted + T26_NOT_A_VICTIM + T42_2019_TOTAL,
    );
    // Under their own form only: T27's rows stay as they were.
    const forms = grew('accompaniments_form_by_centre');
    for (const c of CENTRE_CODES) {
      expect(forms(c, 'smuggling_aggravated'), c).toBe(forCentre(T42_2019, c, (r) => r.count));
      for (const form of T27_FORMS) expect(forms(c, form), `${form} ${c}`).toBe(0);
    }
    // T43's margins: women and men, under and over 18, nationalities.
    const sexes = grew('accompaniments_sex_by_centre');
    expect(sum(CENTRE_CODES.map((c) => sexes('f', c)))).toBe(T43_2019_TOTALS.fMinor + T43_2019_TOTALS.fAdult);
    expect(sum(CENTRE_CODES.map((c) => sexes('m', c)))).toBe(T43_2019_TOTALS.mMinor + T43_2019_TOTALS.mAdult);
    const minors = grew('accompaniments_minor_by_centre');
    expect(sum(CENTRE_CODES.map((c) => minors(c, 'minor')))).toBe(T43_2019_TOTALS.fMinor + T43_2019_TOTALS.mMinor);
    const nationalities = grew('accompaniments_by_nationality');
    const grown = table(after, 'accompaniments_by_nationality').rows.filter((n) => nationalities(n, 'count') !== 0);
    expect(Object.fromEntries(grown.map((n) => [n, nationalities(n, 'count')]))).toEqual(T43_NATIONALITY_TOTALS);
  });

  it('Esperanto, in none of the report’s tables, has nothing in 2019', () => {
    for (const t of after.filter((x) => x.group === 'centres')) {
      const j = t.cols.indexOf('esperanto');
      const i = t.rows.indexOf('esperanto');
      if (j >= 0)
        expect(
          t.cells.map((r) => r[j]),
          t.id,
        ).toEqual(t.rows.map(() => 0));
      if (i >= 0) expect(t.cells[i], t.id).toEqual(t.cols.map(() => 0));
    }
  });

  it('counts nothing in 2018 or 2020: every request was received and decided in 2019', () => {
    for (const tables of otherYears)
      for (const t of tables.filter((x) => x.group === 'centres')) expect(sum(t.cells.flat()), t.id).toBe(0);
  });
});
