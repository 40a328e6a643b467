/**
 * The yearly tables (docs/domain/statistics.md), as data: stable ids, dimensions (codes, labelled by
 * the UI), counts. Report numbering in `report`. The computations are in
 * lib/server/statistics/compute-year-statistics.ts; this file holds the shared shapes and the
 * pure helpers (age bands, totals).
 */
export const SERVICE_FILTERS = ['all', 'police', 'onss', 'cls', 'guardianship'] as const;
export type ServiceFilter = (typeof SERVICE_FILTERS)[number];

/** Detecting services (ctx.service values) behind each filter. */
export const SERVICES_OF_FILTER: Record<ServiceFilter, readonly string[] | null> = {
  all: null,
  police: ['police_local', 'police_federal'],
  onss: ['onss'],
  cls: ['cls'],
  guardianship: ['guardianship'],
};

/**
 * The provincial directions in the orders the report prints them: by direction (T4, T11) in
 * the catalogue's order; across the sector table (T5, T12) and down the orientation table (T8,
 * T15) in orders of their own.
 */
export const REGIONS_OF_SECTOR_TABLE = [
  'nam_lux',
  'bru',
  'lie',
  'hai',
  'lim',
  'bwa',
  'vbr',
  'ant',
  'ovl',
  'wvl',
] as const;
export const REGIONS_OF_ORIENTATION_TABLE = [
  'nam_lux',
  'bru',
  'lie',
  'hai',
  'bwa',
  'ant',
  'vbr',
  'ovl',
  'wvl',
  'lim',
] as const;

/** Separates the direction from the nationality in a row code of the oriented persons' nationality table. */
export const ROW_PART_SEPARATOR = ':';

/** Age bands of the report, with bounds fixed so they do not overlap (the report's overlap). */
export const AGE_BANDS = ['minor', '18_29', '30_39', '40_49', '50_plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBand(age: number | null, minor: boolean | null): AgeBand {
  if (minor) return 'minor';
  if (age === null) return 'unknown';
  if (age < 18) return 'minor';
  if (age < 30) return '18_29';
  if (age < 40) return '30_39';
  if (age < 50) return '40_49';
  return '50_plus';
}

export interface StatisticsTable {
  id: string;
  /** Report tables it reproduces, e.g. ['T4', 'T11']. */
  report: string[];
  group: 'checklists' | 'centres' | 'flow';
  rowDimension: string;
  colDimension: string;
  rows: string[];
  cols: string[];
  /** Counts, except where `unit` says otherwise. */
  cells: number[][];
  unit: 'count' | 'hours';
  /** Totals make sense for counts only. */
  totals: boolean;
  chart: 'bar' | 'line' | null;
  /**
   * Where Relais's labels or definition differ from the report's table: the key of a short
   * definition note (`statistics.reportNotes.<note>`) shown under the table and carried in the
   * exports.
   */
  note?: string;
  /**
   * Rows ordered when presented: by their label (the report's alphabetical lists), or by count,
   * largest first, ties by label (never in publication mode: a hidden row's place would bound it).
   */
  rowOrder?: 'label' | 'count';
  /**
   * The year's counted check-lists, when each count is also given as a share of them (the
   * report quotes the indicators as percentages): presented as a column after the counts.
   */
  shareOf?: number;
}

export function rowTotals(t: StatisticsTable): number[] {
  return t.cells.map((r) => r.reduce((a, b) => a + b, 0));
}

export function colTotals(t: StatisticsTable): number[] {
  return t.cols.map((_, j) => t.cells.reduce((a, r) => a + (r[j] ?? 0), 0));
}

/** A matrix from grouped rows: every row × col code, zero where nothing was counted. */
export function matrix(
  rows: readonly string[],
  cols: readonly string[],
  counts: { r: string; c: string; n: number }[],
): number[][] {
  const index = new Map(counts.map((x) => [`${x.r}\u0000${x.c}`, x.n]));
  return rows.map((r) => cols.map((c) => index.get(`${r}\u0000${c}`) ?? 0));
}

/** Median and 90th percentile (nearest rank) of a list of numbers; null when empty. */
export function quantiles(values: number[]): { median: number | null; p90: number | null } {
  if (values.length === 0) return { median: null, p90: null };
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { median: at(0.5), p90: at(0.9) };
}

/** An investigation's count of presumed victims met, with what places it in a year and a service. */
export interface InvestigationPersonsMet {
  organisationId: string;
  /** The Brussels year the investigation was opened in Relais. */
  year: number;
  personsMet: number;
}

/** An organisation's yearly figure of presumed victims met in investigations. */
export interface YearlyPersonsMet {
  organisationId: string;
  year: number;
  count: number;
}

/**
 * Presumed victims met in investigations, per organisation and year (decision 0020): the
 * larger of the organisation's yearly figure and the sum of its investigations' counts of that
 * year, never their sum. Both measure the same persons (the yearly figure is the organisation's
 * whole year, investigations kept in Relais included), so adding them would count a person
 * twice; the larger is the one that misses fewer.
 */
export function personsMetByOrganisationYear(
  investigations: readonly InvestigationPersonsMet[],
  yearly: readonly YearlyPersonsMet[],
): { organisationId: string; year: number; fromInvestigations: number; yearly: number | null; counted: number }[] {
  const out = new Map<
    string,
    { organisationId: string; year: number; fromInvestigations: number; yearly: number | null; counted: number }
  >();
  const at = (organisationId: string, year: number) => {
    const key = `${organisationId}\u0000${year}`;
    let found = out.get(key);
    if (!found) {
      found = { organisationId, year, fromInvestigations: 0, yearly: null, counted: 0 };
      out.set(key, found);
    }
    return found;
  };
  for (const i of investigations) at(i.organisationId, i.year).fromInvestigations += i.personsMet;
  for (const y of yearly) at(y.organisationId, y.year).yearly = y.count;
  for (const x of out.values()) x.counted = Math.max(x.fromInvestigations, x.yearly ?? 0);
  return [...out.values()].sort((a, b) => a.year - b.year || a.organisationId.localeCompare(b.organisationId));
}
