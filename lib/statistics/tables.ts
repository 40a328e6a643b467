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
