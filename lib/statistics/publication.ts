import { isEuNational } from '../checklist/countries';
import { protectLinked, type LinkedEntry, type LinkedResult, type LinkedSystem } from './suppression';
import { ROW_PART_SEPARATOR, SERVICE_FILTERS, type ServiceFilter, type StatisticsTable } from './tables';

/**
 * Publication mode across every view (docs/decisions/0012-statistics-and-disclosure.md).
 *
 * A coordinator can ask for a year's tables for all services or for one of four detecting
 * services, under two definitions of "oriented", and sees the series over the years in every
 * one of them. A reader who collects all those views knows far more than one table: the
 * all-services table is the sum of the four services' tables and of the services without a
 * view ("other", which a reader gets as a difference); the sector × direction table's column
 * totals are the table by direction; nationality × sex and age band × sex share their totals
 * by sex; EU / non-EU is the nationalities grouped; the residence and identity-document
 * indicators are the marked answers of tables 7b and 7c; every check-list table of a year has
 * the year's total, which is a cell of the series; the centre tables share their columns by
 * centre and their grand totals. This module writes all of that as one linked system per year
 * (`protectLinked`), so that one suppression holds for every view at once: an entry hidden in
 * one view is hidden in every view that shows it, and no published number of any view, nor
 * any combination of them, gives back a hidden one.
 *
 * Years are kept apart: in publication mode the series over the years shows its cells (the
 * years' totals, hidden or shown as in those years' own tables) but no totals of its own, so
 * no relation ties one year's entries to another's. The years' totals by service are decided
 * first, for every year at once and cheaply (`decideYearTotals`), from the totals alone; each
 * year's tables are then protected with those totals fixed, so that the series of any view
 * agrees with every year's tables without computing every year.
 *
 * Rows that a view orders by count (nationalities) are ordered by code in publication mode:
 * the position of a hidden row among published ones would bound its count.
 */

export type Orientation = 'accepted' | 'contacted';
export const ORIENTATIONS: readonly Orientation[] = ['accepted', 'contacted'];

/** A presented entry: its number, "< k" (small), or "×" (hidden to protect another). */
export type Mark = 'shown' | 'small' | 'masked';

/** Which entries of one presented table are shown, aligned with that view's rows and columns. */
export interface TableMask {
  cells: Mark[][];
  rowTotals: Mark[];
  colTotals: Mark[];
  grand: Mark;
  /** False: the table is published without totals. */
  totals: boolean;
}

/** The detecting services of the system: the four with a view, the rest ("other", never shown), and all of them. */
const SLICES = ['police', 'onss', 'cls', 'guardianship', 'other', 'all'] as const;
type Slice = (typeof SLICES)[number];
const SERVICES_WITH_A_VIEW = SERVICE_FILTERS.filter((f): f is Exclude<ServiceFilter, 'all'> => f !== 'all');

/** Tables whose rows are ordered by count outside publication mode. */
export const ORDERED_BY_COUNT = new Set(['checklists_nationality_by_sex', 'accompaniments_by_nationality']);

/** The check-list tables of a year as computed for a service filter and an orientation. */
export type ChecklistTablesOf = (service: ServiceFilter, orientation: Orientation) => StatisticsTable[];

// ---------------------------------------------------------------------------------------------
// The years' totals, decided first
// ---------------------------------------------------------------------------------------------

/**
 * For each year: its check-list total, persons oriented (each definition) and presumed victims
 * met in investigations by service, with their marks.
 */
export type YearTotals = Map<number, Map<string, { value: number; mark: Mark }>>;

const totalKey = (slice: Slice) => `total|${slice}`;
const orientedKey = (orientation: Orientation, slice: Slice) => `oriented_${orientation}|${slice}`;
const personsMetKey = (slice: Slice) => `persons_met|${slice}`;

/**
 * Decides, for every year of the series, which totals by service are hidden: the year's
 * check-lists and persons oriented under each definition, for the four services and all of
 * them, with "other" as the unpublished difference. Small ones are hidden; partners are added
 * until no hidden one follows from the others (the totals add up over the services; persons
 * oriented ≤ persons put in contact ≤ check-lists).
 *
 * The presumed victims met in investigations (decision 0020) are cells of the series only, in
 * the same system: they add up over the services like the totals, and nothing else ties them to
 * a published number — not the check-lists (drawn up outside investigations too, and not for
 * everyone met), not the year's tables — so no other relation is written for them. They are
 * decided here once for every view, like the totals.
 */
export function decideYearTotals(
  seriesOf: (service: ServiceFilter, orientation: Orientation) => StatisticsTable,
  k: number,
): YearTotals {
  const years = new Set<string>();
  const value = new Map<string, number>();
  for (const service of SERVICE_FILTERS) {
    for (const orientation of ORIENTATIONS) {
      const t = seriesOf(service, orientation);
      t.rows.forEach((year, i) => {
        years.add(year);
        value.set(`${year}|${totalKey(service)}`, t.cells[i]![t.cols.indexOf('checklists')]!);
        value.set(`${year}|${orientedKey(orientation, service)}`, t.cells[i]![t.cols.indexOf('oriented')]!);
        const met = t.cols.indexOf('persons_met');
        value.set(`${year}|${personsMetKey(service)}`, met < 0 ? 0 : t.cells[i]![met]!);
      });
    }
  }
  const result: YearTotals = new Map();
  for (const year of years) {
    const m = new Model(k);
    const of = (key: string) => value.get(`${year}|${key}`) ?? 0;
    for (const key of [
      totalKey,
      (s: Slice) => orientedKey('accepted', s),
      (s: Slice) => orientedKey('contacted', s),
      personsMetKey,
    ]) {
      const ids = SLICES.map((slice) => {
        const v =
          slice === 'other'
            ? of(key('all')) - SERVICES_WITH_A_VIEW.reduce((a, s) => a + of(key(s)), 0)
            : of(key(slice));
        return m.slot(key(slice), v, weight('grand', slice), slice === 'other');
      });
      m.line(
        ids[SLICES.indexOf('all')]!,
        ids.filter((_, i) => SLICES[i] !== 'all'),
      );
    }
    for (const slice of SLICES) {
      m.atLeast([m.id(totalKey(slice))], [m.id(orientedKey('contacted', slice))]);
      m.atLeast([m.id(orientedKey('contacted', slice))], [m.id(orientedKey('accepted', slice))]);
    }
    const r = m.protect();
    result.set(
      Number(year),
      new Map([...m.keys()].map((key) => [key, { value: m.entry(key).value, mark: m.mark(r, key) }])),
    );
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// A year's tables
// ---------------------------------------------------------------------------------------------

export interface YearPattern {
  /** The masks of the tables of one view (service filter, orientation), by table id. */
  masks(service: ServiceFilter, orientation: Orientation): Map<string, TableMask>;
  /** Entries no certificate protects (none in practice); kept for checks and logs. */
  unprotected: number;
  /** Entries protected from the equations only (see `LinkedResult.linearOnly`). */
  linearOnly: number;
}

/**
 * One suppression for every view of a year: the check-list tables of the four services and
 * of all of them, under both definitions of "oriented", and the centre and flow tables, with
 * the year's totals as `decideYearTotals` decided them.
 */
export function protectYear({
  year,
  checklists,
  centres,
  totals,
  k,
}: {
  year: number;
  checklists: ChecklistTablesOf;
  centres: StatisticsTable[];
  totals: YearTotals;
  k: number;
}): YearPattern {
  const m = new Model(k);
  const tableOf = (service: ServiceFilter, orientation: Orientation, id: string) =>
    checklists(service, orientation).find((t) => t.id === id);
  /** A check-list table's value at (row, col) codes for a slice; "other" is all minus the four. */
  const sliced = (id: string, orientation: Orientation = 'accepted') => {
    const lookup = new Map<ServiceFilter, Map<string, number>>();
    for (const service of SERVICE_FILTERS) {
      const t = tableOf(service, orientation, id);
      const cells = new Map<string, number>();
      t?.rows.forEach((r, i) => t.cols.forEach((c, j) => cells.set(`${r}\u0000${c}`, t.cells[i]![j]!)));
      lookup.set(service, cells);
    }
    const all = tableOf('all', orientation, id);
    return {
      rows: all?.rows ?? [],
      cols: all?.cols ?? [],
      value: (slice: Slice, r: string, c: string) => {
        const get = (s: ServiceFilter) => lookup.get(s)!.get(`${r}\u0000${c}`) ?? 0;
        if (slice !== 'other') return get(slice);
        const v = get('all') - SERVICES_WITH_A_VIEW.reduce((a, s) => a + get(s), 0);
        if (v < 0) throw new RangeError(`publication: ${id} for all services is less than the sum of the services`);
        return v;
      },
    };
  };

  // The year's totals (decided beforehand) first, so that every table's grand total is the same entry.
  const decided = totals.get(year) ?? new Map<string, { value: number; mark: Mark }>();
  const yearTotal = sliced('checklists_nationality_by_sex');
  const seriesValue = (key: (s: Slice) => string, grand: (s: Slice) => number) => {
    const ids = SLICES.map((slice) => m.slot(key(slice), grand(slice), weight('grand', slice), slice === 'other'));
    m.line(
      ids[SLICES.indexOf('all')]!,
      ids.filter((_, i) => SLICES[i] !== 'all'),
    );
  };
  const gridTotal = (g: ReturnType<typeof sliced>, slice: Slice) =>
    g.rows.reduce((a, r) => a + g.cols.reduce((b, c) => b + g.value(slice, r, c), 0), 0);
  seriesValue(totalKey, (s) => gridTotal(yearTotal, s));
  for (const orientation of ORIENTATIONS) {
    const oriented = sliced(`checklists_oriented_by_region_${orientation}`, orientation);
    seriesValue(
      (s) => orientedKey(orientation, s),
      (s) => gridTotal(oriented, s),
    );
  }
  for (const slice of SLICES) {
    m.atLeast([m.id(totalKey(slice))], [m.id(orientedKey('contacted', slice))]);
    m.atLeast([m.id(orientedKey('contacted', slice))], [m.id(orientedKey('accepted', slice))]);
  }

  // 2. sector × direction [T5]; its column totals are table 1 (by direction).
  const sectorRegion = sliced('checklists_sector_by_region');
  const region = m.grid('sector_region', sectorRegion, SLICES, { grand: (s) => totalKey(s) });
  // 3. nationality × sex and 4. age band × sex share the totals by sex.
  const nationality = m.grid('nationality_sex', yearTotal, SLICES, {
    colTotal: (s, c) => `sex|${s}|${c}`,
    grand: (s) => totalKey(s),
  });
  const age = m.grid('age_sex', sliced('checklists_age_by_sex'), SLICES, {
    colTotal: (s, c) => `sex|${s}|${c}`,
    grand: (s) => totalKey(s),
  });
  // 5. persons oriented, each definition: ≤ check-lists of the direction, of the sex; accepted ≤ put in contact.
  const oriented = new Map(
    ORIENTATIONS.map(
      (o) =>
        [
          o,
          m.grid(`oriented_${o}`, sliced(`checklists_oriented_by_region_${o}`, o), SLICES, {
            grand: (s) => orientedKey(o, s),
          }),
        ] as const,
    ),
  );
  for (const o of ORIENTATIONS) {
    const g = oriented.get(o)!;
    for (const slice of SLICES) {
      g.rows.forEach(
        (r) =>
          region.colTotal(slice, r) !== undefined && m.atLeast([region.colTotal(slice, r)!], [g.rowTotal(slice, r)!]),
      );
      g.cols.forEach(
        (c) =>
          nationality.colTotal(slice, c) !== undefined &&
          m.atLeast([nationality.colTotal(slice, c)!], [g.colTotal(slice, c)!]),
      );
    }
  }
  const accepted = oriented.get('accepted')!;
  const contacted = oriented.get('contacted')!;
  for (const slice of SLICES) for (const [a, c] of accepted.pairsWith(contacted, slice)) m.atLeast([c], [a]);
  // 5b. the nationality detail of the persons oriented (a row per direction and nationality):
  // its totals by sex and grand total are table 5's; within a direction its rows add up to table
  // 5's cells; a nationality's persons oriented are at most its check-lists; accepted ≤ put in contact.
  const orientedDetail = new Map(
    ORIENTATIONS.map(
      (o) =>
        [
          o,
          m.grid(`oriented_nationality_${o}`, sliced(`checklists_oriented_by_nationality_${o}`, o), SLICES, {
            colTotal: (s, c) => `oriented_${o}|${s}|+|${c}`,
            grand: (s) => orientedKey(o, s),
          }),
        ] as const,
    ),
  );
  const detailParts = (code: string) => code.split(ROW_PART_SEPARATOR) as [string, string];
  for (const o of ORIENTATIONS) {
    const g = orientedDetail.get(o)!;
    const byRegion = oriented.get(o)!;
    for (const slice of SLICES) {
      for (const r of byRegion.rows) {
        const rows = g.rows.filter((row) => detailParts(row)[0] === r);
        if (rows.length === 0) continue;
        for (const c of byRegion.cols)
          m.line(
            byRegion.cell(slice, r, c)!,
            rows.map((row) => g.cell(slice, row, c)!),
          );
      }
      for (const n of nationality.rows) {
        const rows = g.rows.filter((row) => detailParts(row)[1] === n);
        for (const c of nationality.cols)
          if (rows.length > 0 && nationality.cell(slice, n, c) !== undefined)
            m.atLeast(
              [nationality.cell(slice, n, c)!],
              rows.map((row) => g.cell(slice, row, c)!),
            );
      }
    }
  }
  for (const slice of SLICES) {
    const a = orientedDetail.get('accepted')!;
    const c = orientedDetail.get('contacted')!;
    for (const row of a.rows.filter((x) => c.rows.includes(x)))
      for (const sex of a.cols) m.atLeast([c.cell(slice, row, sex)!], [a.cell(slice, row, sex)!]);
  }
  // 7. EU / non-EU (the nationalities grouped), residence, identity documents.
  const eu = m.vector('eu', sliced('checklists_eu'), SLICES, (s) => totalKey(s));
  const residence = m.vector('residence', sliced('checklists_residence'), SLICES, (s) => totalKey(s));
  const identity = m.vector('identity', sliced('checklists_identity_documents'), SLICES, (s) => totalKey(s));
  const groupOf = (nat: string) => {
    const member = isEuNational(nat);
    return member === true ? 'eu' : member === false ? 'non_eu' : 'unknown';
  };
  m.grouping(
    eu,
    nationality.rows.map((nat) => ({ group: groupOf(nat), part: (s: Slice) => nationality.rowTotal(s, nat) })),
  );
  // Every table counts each check-list of the year at most once: a grand total that is not the
  // year's total (a code outside a table's rows) is at most that.
  for (const slice of SLICES) {
    for (const grand of [
      region.grand(slice),
      age.grand(slice),
      eu.total(slice),
      residence.total(slice),
      identity.total(slice),
    ]) {
      if (grand !== undefined && grand !== m.id(totalKey(slice))) m.atLeast([m.id(totalKey(slice))], [grand]);
    }
  }
  // 6. indicators: no totals; each ≤ the year's check-lists; two are the marked answers of 7b and 7c.
  const indicators = m.vector('indicator', sliced('checklists_indicators'), SLICES, null);
  for (const slice of SLICES)
    for (const r of indicators.rows) m.atLeast([m.id(totalKey(slice))], [indicators.cell(slice, r)!]);
  for (const [code, table, marked] of [
    ['doc.residence', residence, ['irregular', 'asylum_seeker', 'be_permit_pending']],
    ['doc.identity', identity, ['held_by_other', 'false_or_borrowed']],
  ] as const) {
    m.grouping(
      indicators,
      table.rows
        .filter((r) => (marked as readonly string[]).includes(r))
        .map((r) => ({ group: code, part: (s: Slice) => table.cell(s, r) })),
    );
  }

  // Centres and referral flow: one view for every service filter.
  const centreTable = (id: string) => centres.find((t) => t.id === id);
  const single = (t: StatisticsTable | undefined) => ({
    rows: t?.rows ?? [],
    cols: t?.cols ?? [],
    value: (_slice: Slice, r: string, c: string) => (t ? (t.cells[t.rows.indexOf(r)]?.[t.cols.indexOf(c)] ?? 0) : 0),
  });
  const ONE: readonly Slice[] = ['all'];
  const requests = m.grid('requests', single(centreTable('centre_requests_by_outcome')), ONE, {
    rowTotal: (_s, r) => `requests|${r}`,
    colTotal: (_s, c) => `requests_outcome|${c}`,
    grand: () => 'requests',
  });
  const byService = m.grid('requests_service', single(centreTable('referral_outcomes_by_service')), ONE, {
    colTotal: (_s, c) => (c === 'not_a_victim' ? 'requests_outcome|not_a_victim' : `requests_status|${c}`),
    grand: () => 'requests',
  });
  // Requests of services without a row, if any, make table 16 smaller than table 9: then only ≤.
  m.atLeast(
    [requests.grand('all')!, byService.colTotal('all', 'not_a_victim')!],
    [byService.grand('all')!, requests.colTotal('all', 'not_a_victim')!],
  );
  const times = centreTable('referral_response_times');
  const appReferrals = m.vector(
    'app_referrals',
    {
      rows: times?.rows ?? [],
      cols: ['referrals'],
      value: (_s: Slice, r: string) =>
        times ? times.cells[times.rows.indexOf(r)]![times.cols.indexOf('referrals')]! : 0,
    },
    ONE,
    null,
    (_s, r) => `requests|${r}`,
  );
  appReferrals.rows.forEach((r) => m.atLeast([requests.rowTotal('all', r)!], [appReferrals.cell('all', r)!]));
  m.atLeast(
    [requests.grand('all')!],
    appReferrals.rows.map((r) => appReferrals.cell('all', r)!),
  );
  // Centre × minor / adult: its totals by centre are the accompaniments of the centre, the
  // columns of the table by sex.
  const byMinor = m.grid('accompaniments_minor', single(centreTable('accompaniments_minor_by_centre')), ONE, {
    rowTotal: (_s, r) => `accompaniments|${r}`,
    grand: () => 'accompaniments',
  });
  m.grid('accompaniments_sex', single(centreTable('accompaniments_sex_by_centre')), ONE, {
    colTotal: (_s, c) => `accompaniments|${c}`,
    grand: () => 'accompaniments',
  });
  const byNationality = m.vector(
    'accompaniments_nationality',
    single(centreTable('accompaniments_by_nationality')),
    ONE,
    () => 'accompaniments',
  );
  m.atLeast([byNationality.total('all')!], [byMinor.grand('all')!]);
  const smuggling = m.grid('smuggling', single(centreTable('smuggling_accompaniments_by_centre')), ONE, {});
  smuggling.rows.forEach((c) =>
    smuggling.cols.forEach(
      (x) =>
        byMinor.cell('all', c, x) !== undefined &&
        m.atLeast([byMinor.cell('all', c, x)!], [smuggling.cell('all', c, x)!]),
    ),
  );
  // Centre × form: each form's accompaniments of a centre are at most the centre's.
  const forms = m.grid('forms', single(centreTable('accompaniments_form_by_centre')), ONE, { totals: false });
  forms.rows.forEach((c) =>
    forms.cols.forEach(
      (f) =>
        byMinor.rowTotal('all', c) !== undefined &&
        m.atLeast([byMinor.rowTotal('all', c)!], [forms.cell('all', c, f)!]),
    ),
  );

  // The decided totals are fixed; then one suppression for everything.
  // (A total the tables count differently from the series — a check-list without a direction,
  // which completion does not allow — is not the series' quantity and is left to the suppression.)
  for (const [key, { value, mark }] of decided) {
    if (!m.has(key)) continue;
    const entry = m.entry(key);
    if (!entry.unpublished && entry.value === value) entry.fixed = mark === 'shown' ? 'shown' : 'hidden';
  }
  const result = m.protect();
  // A count the system does not know (which cannot happen: every view's rows are among the
  // all-services view's) is hidden rather than shown.
  const mark = (id: number | undefined): Mark => (id === undefined ? 'masked' : m.markOf(result, id));

  return {
    unprotected: result.unprotected.length,
    linearOnly: result.linearOnly.length,
    masks(service, orientation) {
      const slice: Slice = service;
      const masks = new Map<string, TableMask>();
      const aligned = (
        t: StatisticsTable,
        cell: (r: string, c: string) => number | undefined,
        rowTotal: (r: string) => number | undefined,
        colTotal: (c: string) => number | undefined,
        grand: number | undefined,
        totals = true,
      ): TableMask => ({
        cells: t.rows.map((r) => t.cols.map((c) => mark(cell(r, c)))),
        rowTotals: t.rows.map((r) => mark(rowTotal(r))),
        colTotals: t.cols.map((c) => mark(colTotal(c))),
        grand: mark(grand),
        totals,
      });
      const grid = (g: Grid) => (t: StatisticsTable) =>
        aligned(
          t,
          (r, c) => g.cell(slice, r, c),
          (r) => g.rowTotal(slice, r),
          (c) => g.colTotal(slice, c),
          g.grand(slice),
          t.totals,
        );
      const centreGrid = (g: Grid) => (t: StatisticsTable) =>
        aligned(
          t,
          (r, c) => g.cell('all', r, c),
          (r) => g.rowTotal('all', r),
          (c) => g.colTotal('all', c),
          g.grand('all'),
          t.totals,
        );
      const column = (v: Vector, s: Slice) => (t: StatisticsTable) =>
        aligned(
          t,
          (r) => v.cell(s, r),
          (r) => v.cell(s, r),
          () => v.total(s),
          v.total(s),
          t.totals,
        );
      const builders: Record<string, (t: StatisticsTable) => TableMask> = {
        checklists_by_region: (t) =>
          aligned(
            t,
            (r) => region.colTotal(slice, r),
            (r) => region.colTotal(slice, r),
            () => region.grand(slice),
            region.grand(slice),
          ),
        checklists_sector_by_region: grid(region),
        checklists_nationality_by_sex: grid(nationality),
        checklists_age_by_sex: grid(age),
        [`checklists_oriented_by_region_${orientation}`]: grid(oriented.get(orientation)!),
        [`checklists_oriented_by_nationality_${orientation}`]: grid(orientedDetail.get(orientation)!),
        // No totals; its grand is the year's total, the base of the shares (present.ts).
        checklists_indicators: (t) => ({ ...column(indicators, slice)(t), grand: mark(m.id(totalKey(slice))) }),
        checklists_eu: column(eu, slice),
        checklists_residence: column(residence, slice),
        checklists_identity_documents: column(identity, slice),
        centre_requests_by_outcome: centreGrid(requests),
        referral_outcomes_by_service: centreGrid(byService),
        accompaniments_form_by_centre: centreGrid(forms),
        accompaniments_minor_by_centre: centreGrid(byMinor),
        accompaniments_sex_by_centre: centreGrid(m.gridNamed('accompaniments_sex')),
        accompaniments_by_nationality: column(byNationality, 'all'),
        smuggling_accompaniments_by_centre: centreGrid(smuggling),
        // Only the number of referrals is a count; the times follow it (present.ts).
        referral_response_times: (t) => ({
          cells: t.rows.map((r) =>
            t.cols.map((c): Mark => (c === 'referrals' ? mark(appReferrals.cell('all', r)) : 'shown')),
          ),
          rowTotals: t.rows.map((): Mark => 'shown'),
          colTotals: t.cols.map((): Mark => 'shown'),
          grand: 'shown',
          totals: false,
        }),
      };
      for (const t of [...checklists(service, orientation), ...centres]) {
        const build = builders[t.id];
        if (build) masks.set(t.id, build(t));
      }
      return masks;
    },
  };
}

/** The series over the years in publication mode: each year's totals as decided, no totals of its own. */
export function seriesMask(
  table: StatisticsTable,
  service: ServiceFilter,
  orientation: Orientation,
  totals: YearTotals,
): TableMask {
  const of = (year: string, key: string): Mark => totals.get(Number(year))?.get(key)?.mark ?? 'shown';
  return {
    cells: table.rows.map((year) =>
      table.cols.map((c) =>
        of(
          year,
          c === 'checklists'
            ? totalKey(service)
            : c === 'persons_met'
              ? personsMetKey(service)
              : orientedKey(orientation, service),
        ),
      ),
    ),
    rowTotals: table.rows.map(() => 'shown'),
    colTotals: table.cols.map(() => 'shown'),
    grand: 'shown',
    totals: false,
  };
}

// ---------------------------------------------------------------------------------------------
// The linked system, built from tables
// ---------------------------------------------------------------------------------------------

/** The price of hiding an entry as a partner: cells before totals, the grand total last; the all-services views dearest. */
function weight(kind: 'cell' | 'total' | 'grand', slice: Slice): number {
  return { cell: 1, total: 4, grand: 16 }[kind] * (slice === 'all' ? 4 : 1) * 1_000_000;
}

interface Source {
  rows: readonly string[];
  cols: readonly string[];
  value: (slice: Slice, r: string, c: string) => number;
}

interface Grid {
  rows: readonly string[];
  cols: readonly string[];
  cell(slice: Slice, r: string, c: string): number | undefined;
  rowTotal(slice: Slice, r: string): number | undefined;
  colTotal(slice: Slice, c: string): number | undefined;
  grand(slice: Slice): number | undefined;
  /** Matching cells and totals of two grids of the same shape, for a slice. */
  pairsWith(other: Grid, slice: Slice): [number, number][];
}

interface Vector {
  rows: readonly string[];
  cell(slice: Slice, r: string): number | undefined;
  total(slice: Slice): number | undefined;
}

class Model {
  private entries: LinkedEntry[] = [];
  private ids = new Map<string, number>();
  private lines: LinkedSystem['lines'] = [];
  private lineKeys = new Set<string>();
  private inequalities: LinkedSystem['atLeast'] = [];
  private grids = new Map<string, Grid>();

  constructor(private readonly k: number) {}

  keys(): IterableIterator<string> {
    return this.ids.keys();
  }
  has(key: string): boolean {
    return this.ids.has(key);
  }
  id(key: string): number {
    const id = this.ids.get(key);
    if (id === undefined) throw new RangeError(`publication: no entry ${key}`);
    return id;
  }
  entry(key: string): LinkedEntry {
    return this.entries[this.id(key)]!;
  }

  /**
   * The entry of a quantity. The same key is the same quantity (one entry, shown or hidden
   * everywhere together); a key met again with another value is not the same quantity after
   * all (the tables do not cover the same records), and gets an entry of its own.
   */
  slot(key: string, value: number, cost: number, unpublished: boolean): number {
    const found = this.ids.get(key);
    if (found !== undefined && this.entries[found]!.value === value) return found;
    const id = this.entries.length;
    this.entries.push({ value, cost: cost + value, ...(unpublished ? { unpublished } : {}) });
    this.ids.set(found === undefined ? key : `${key}#${id}`, id);
    return id;
  }

  line(total: number, parts: number[]): void {
    const unique = [...new Set(parts)].filter((p) => p !== total);
    if (unique.length !== parts.length) return; // a quantity met twice: not a sum of distinct parts
    const key = `${total}:${[...unique].sort((a, b) => a - b).join(',')}`;
    if (this.lineKeys.has(key)) return;
    this.lineKeys.add(key);
    this.lines.push({ total, parts: unique });
  }

  /** Σ big ≥ Σ small, when it holds in the figures (one that does not is no relation a reader could use). */
  atLeast(big: number[], small: number[]): void {
    const sum = (ids: number[]) => ids.reduce((a, id) => a + this.entries[id]!.value, 0);
    if (sum(big) >= sum(small)) this.inequalities.push({ big, small });
  }

  /**
   * A rows × columns table for each slice, with totals unless `totals` is false; keys may name
   * totals shared with other tables. Lines: rows, columns, totals, and "all" = sum of the other slices.
   */
  grid(
    name: string,
    source: Source,
    slices: readonly Slice[],
    keys: {
      totals?: boolean;
      rowTotal?: (slice: Slice, r: string) => string;
      colTotal?: (slice: Slice, c: string) => string;
      grand?: (slice: Slice) => string;
    },
  ): Grid {
    const { rows, cols } = source;
    const withTotals = keys.totals !== false;
    const at = new Map<string, number>();
    const put = (slice: Slice, r: string, c: string, id: number) => at.set(`${slice}\u0000${r}\u0000${c}`, id);
    const get = (slice: Slice, r: string, c: string) => at.get(`${slice}\u0000${r}\u0000${c}`);
    const TOTAL = '\u0001';
    for (const slice of slices) {
      const unpublished = slice === 'other';
      const v = (r: string, c: string) => source.value(slice, r, c);
      const cells = rows.map((r) =>
        cols.map((c) => {
          const id = this.slot(`${name}|${slice}|${r}|${c}`, v(r, c), weight('cell', slice), unpublished);
          put(slice, r, c, id);
          return id;
        }),
      );
      if (!withTotals) continue;
      const rowTotals = rows.map((r, i) => {
        const id = this.slot(
          keys.rowTotal?.(slice, r) ?? `${name}|${slice}|${r}|+`,
          cols.reduce((a, c) => a + v(r, c), 0),
          weight('total', slice),
          unpublished,
        );
        put(slice, r, TOTAL, id);
        this.line(id, cells[i]!);
        return id;
      });
      const colTotals = cols.map((c, j) => {
        const id = this.slot(
          keys.colTotal?.(slice, c) ?? `${name}|${slice}|+|${c}`,
          rows.reduce((a, r) => a + v(r, c), 0),
          weight('total', slice),
          unpublished,
        );
        put(slice, TOTAL, c, id);
        this.line(
          id,
          cells.map((row) => row[j]!),
        );
        return id;
      });
      const grandValue = rows.reduce((a, r) => a + cols.reduce((b, c) => b + v(r, c), 0), 0);
      const grand = this.slot(
        keys.grand?.(slice) ?? `${name}|${slice}|+|+`,
        grandValue,
        weight('grand', slice),
        unpublished,
      );
      put(slice, TOTAL, TOTAL, grand);
      this.line(grand, rowTotals);
      this.line(grand, colTotals);
    }
    if (slices.includes('all') && slices.length > 1) {
      const parts = slices.filter((s) => s !== 'all');
      for (const r of [...rows, ...(withTotals ? [TOTAL] : [])]) {
        for (const c of [...cols, ...(withTotals ? [TOTAL] : [])]) {
          const total = get('all', r, c);
          if (total !== undefined)
            this.line(
              total,
              parts.map((s) => get(s, r, c)!),
            );
        }
      }
    }
    const grid: Grid = {
      rows,
      cols,
      cell: (slice, r, c) => get(slice, r, c),
      rowTotal: (slice, r) => get(slice, r, TOTAL),
      colTotal: (slice, c) => get(slice, TOTAL, c),
      grand: (slice) => get(slice, TOTAL, TOTAL),
      pairsWith: (other, slice) =>
        [...rows, TOTAL].flatMap((r) =>
          [...cols, TOTAL].flatMap((c): [number, number][] => {
            const a = get(slice, r, c);
            const b =
              r === TOTAL
                ? c === TOTAL
                  ? other.grand(slice)
                  : other.colTotal(slice, c)
                : c === TOTAL
                  ? other.rowTotal(slice, r)
                  : other.cell(slice, r, c);
            return a !== undefined && b !== undefined ? [[a, b]] : [];
          }),
        ),
    };
    this.grids.set(name, grid);
    return grid;
  }

  gridNamed(name: string): Grid {
    return this.grids.get(name)!;
  }

  /**
   * A list of counts (a one-column table: its row totals are its cells) for each slice, with
   * its total under `totalKey` unless null. `cellKey` may name cells shared with another table.
   */
  vector(
    name: string,
    source: Source,
    slices: readonly Slice[],
    totalKey: ((slice: Slice) => string) | null,
    cellKey?: (slice: Slice, r: string) => string,
  ): Vector {
    const col = source.cols[0] ?? 'count';
    const at = new Map<string, number>();
    const totals = new Map<Slice, number>();
    for (const slice of slices) {
      const unpublished = slice === 'other';
      const cells = source.rows.map((r) => {
        const id = this.slot(
          cellKey?.(slice, r) ?? `${name}|${slice}|${r}`,
          source.value(slice, r, col),
          weight('cell', slice),
          unpublished,
        );
        at.set(`${slice}\u0000${r}`, id);
        return id;
      });
      if (totalKey) {
        const total = this.slot(
          totalKey(slice),
          source.rows.reduce((a, r) => a + source.value(slice, r, col), 0),
          weight('grand', slice),
          unpublished,
        );
        totals.set(slice, total);
        this.line(total, cells);
      }
    }
    if (slices.includes('all') && slices.length > 1) {
      const parts = slices.filter((s) => s !== 'all');
      for (const r of source.rows)
        this.line(
          at.get(`all\u0000${r}`)!,
          parts.map((s) => at.get(`${s}\u0000${r}`)!),
        );
      if (totalKey)
        this.line(
          totals.get('all')!,
          parts.map((s) => totals.get(s)!),
        );
    }
    return { rows: source.rows, cell: (slice, r) => at.get(`${slice}\u0000${r}`), total: (slice) => totals.get(slice) };
  }

  /** Each row of `vector` is the sum of the parts given for its group (for every slice), when that holds. */
  grouping(vector: Vector, parts: { group: string; part: (slice: Slice) => number | undefined }[]): void {
    for (const slice of SLICES) {
      for (const group of vector.rows) {
        const total = vector.cell(slice, group);
        if (total === undefined) continue;
        const ids = parts.filter((p) => p.group === group).map((p) => p.part(slice));
        if (ids.some((id) => id === undefined)) continue;
        const sum = (ids as number[]).reduce((a, id) => a + this.entries[id]!.value, 0);
        // A grouping that does not hold in the figures is not a relation a reader could use.
        if (sum === this.entries[total]!.value && ids.length > 0) this.line(total, ids as number[]);
      }
    }
  }

  protect(): LinkedResult {
    return protectLinked({ entries: this.entries, lines: this.lines, atLeast: this.inequalities }, this.k);
  }

  markOf(result: LinkedResult, id: number): Mark {
    return result.hidden[id] ? (result.primary[id] ? 'small' : 'masked') : 'shown';
  }

  mark(result: LinkedResult, key: string): Mark {
    return this.markOf(result, this.id(key));
  }
}
