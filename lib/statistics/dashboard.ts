/**
 * The coordinators' dashboard (docs/domain/statistics.md#dashboard, decision 0030): the year at a
 * glance, built only from entries of the yearly tables. Every figure, bar, band and tile is one
 * entry of a table (a cell, a row or column total, a grand total) of the same year, service and
 * publication switch, or a sum of shown entries — so in publication mode it hides exactly what
 * the tables hide, and shows nothing a reader could not add up from them.
 */
import { REGIONS } from '../checklist/catalogue';
import { CENTRE_CODES } from '../referrals/routing';
import type { PresentedTable } from './present';
import { SERVICES_OF_FILTER, type ServiceFilter } from './tables';

/** A published entry: a count, a time in hours, "< k" or "×" (hidden), or null (nothing to measure). */
export type Shown = number | string | null;

/** One table as rows × columns of entries, with its totals, whichever way it was obtained. */
export interface Grid {
  rows: string[];
  cols: string[];
  cells: Shown[][];
  rowTotals: Shown[];
  colTotals: Shown[];
  grand: Shown;
}

/** The tables a dashboard reads, by id, for one year and service filter (both orientations). */
export type View = Map<string, Grid>;

/** A presented table (what the page, CSV, workbook and API show) as a grid of its entries. */
export function gridOfPresented(p: PresentedTable): Grid {
  const single = p.columns.length === 1;
  return {
    rows: p.rows.map((r) => r.code),
    cols: p.columns.map((c) => c.code),
    cells: p.rows.map((r) => r.cells),
    rowTotals: p.rows.map((r) => (single ? (r.cells[0] ?? null) : r.total)),
    colTotals: p.totalRow ? p.totalRow.cells : p.columns.map(() => null),
    grand: p.totalRow ? (single ? (p.totalRow.cells[0] ?? null) : p.totalRow.total) : null,
  };
}

/** Exact counts as a grid (outside publication mode the tables show exactly these). */
export function gridOfCounts(rows: readonly string[], cols: readonly string[], cells: number[][]): Grid {
  const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
  return {
    rows: [...rows],
    cols: [...cols],
    cells: cells.map((r) => [...r]),
    rowTotals,
    colTotals: cols.map((_, j) => cells.reduce((a, r) => a + (r[j] ?? 0), 0)),
    grand: rowTotals.reduce((a, b) => a + b, 0),
  };
}

export function cellOf(grid: Grid | undefined, row: string, col: string): Shown {
  if (!grid) return 0;
  const i = grid.rows.indexOf(row);
  const j = grid.cols.indexOf(col);
  // A row a table lists only when it has a count (a year of the series) is a zero when absent.
  return i < 0 || j < 0 ? 0 : (grid.cells[i]?.[j] ?? null);
}

export function rowTotalOf(grid: Grid | undefined, row: string): Shown {
  if (!grid) return 0;
  const i = grid.rows.indexOf(row);
  return i < 0 ? 0 : (grid.rowTotals[i] ?? null);
}

export function colTotalOf(grid: Grid | undefined, col: string): Shown {
  if (!grid) return 0;
  const j = grid.cols.indexOf(col);
  return j < 0 ? 0 : (grid.colTotals[j] ?? null);
}

/** The total of a row or, when the code names a column, of that column (tables keep their own orientation). */
export function lineTotalOf(grid: Grid | undefined, code: string): Shown {
  if (grid && !grid.rows.includes(code) && grid.cols.includes(code)) return colTotalOf(grid, code);
  return rowTotalOf(grid, code);
}

export function grandOf(grid: Grid | undefined): Shown {
  return grid ? grid.grand : 0;
}

/** The sign of a sum with a hidden part: its value is not published. */
export const HIDDEN_SUM = '×';

/**
 * A sum of entries: a number when every part is shown (anyone can add them up from the
 * tables), hidden when any part is hidden — never a bound computed from "< k".
 */
export function sumShown(values: Shown[]): Shown {
  let total = 0;
  for (const v of values) {
    if (typeof v === 'string') return HIDDEN_SUM;
    total += v ?? 0;
  }
  return total;
}

/** The change from the previous year: only between two shown numbers. */
export function changeOf(current: Shown, previous: Shown): { diff: number; percent: number | null } | null {
  if (typeof current !== 'number' || typeof previous !== 'number') return null;
  const diff = Math.round((current - previous) * 10) / 10;
  return { diff, percent: previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10 };
}

/** Counts outside the yearly tables (overdue right now) in publication mode: 1…k−1 as "< k", no totals. */
export function primary(n: number, k: number, publication: boolean): Shown {
  return publication && n > 0 && n < k ? `< ${k}` : n;
}

export const KEY_FIGURES = [
  'checklists',
  'oriented_accepted',
  'oriented_contacted',
  'minors',
  'requests',
  'accompaniments',
  'accompaniments_minors',
] as const;
export type KeyFigureId = (typeof KEY_FIGURES)[number];

/** Which table entry each key figure is: the tables of the same year show the same number. */
export function keyFigure(id: KeyFigureId, view: View): Shown {
  switch (id) {
    case 'checklists':
      return grandOf(view.get('checklists_by_region'));
    case 'oriented_accepted':
      return grandOf(view.get('checklists_oriented_by_region_accepted'));
    case 'oriented_contacted':
      return grandOf(view.get('checklists_oriented_by_region_contacted'));
    case 'minors':
      return lineTotalOf(view.get('checklists_age_by_sex'), 'minor');
    case 'requests':
      return grandOf(view.get('centre_requests_by_outcome'));
    case 'accompaniments':
      return grandOf(view.get('accompaniments_minor_by_centre'));
    case 'accompaniments_minors':
      return lineTotalOf(view.get('accompaniments_minor_by_centre'), 'minor');
  }
}

/** The key figures that follow the service filter; the others cover every service, as the centre tables do. */
export const FOLLOWS_SERVICE: ReadonlySet<KeyFigureId> = new Set([
  'checklists',
  'oriented_accepted',
  'oriented_contacted',
  'minors',
]);

export interface Pair {
  current: Shown;
  previous: Shown;
}

/** Median hours to the first action and to acceptance, per centre (table 15). */
export function medianTimes(view: View, previous: View): { centre: string; first: Pair; accepted: Pair }[] {
  const now = view.get('referral_response_times');
  const before = previous.get('referral_response_times');
  return CENTRE_CODES.map((centre) => ({
    centre,
    first: { current: cellOf(now, centre, 'first_median'), previous: cellOf(before, centre, 'first_median') },
    accepted: {
      current: cellOf(now, centre, 'accepted_median'),
      previous: cellOf(before, centre, 'accepted_median'),
    },
  }));
}

/** Check-lists per provincial direction (table 1), for the tile map. */
export function regionCounts(view: View): { region: string; n: Shown }[] {
  const grid = view.get('checklists_by_region');
  return REGIONS.map((region) => ({ region, n: cellOf(grid, region, 'count') }));
}

// ---------------------------------------------------------------------------------------------
// Trends
// ---------------------------------------------------------------------------------------------

export const TREND_MEASURES = ['checklists', 'oriented_accepted', 'oriented_contacted', 'accompaniments'] as const;
export type TrendMeasure = (typeof TREND_MEASURES)[number];

export interface Trends {
  years: number[];
  /** The chosen service's check-lists and persons oriented; accompaniments of every service. */
  measures: { id: TrendMeasure; values: Shown[] }[];
  /** Check-lists per detecting service (only the chosen one under a service filter). */
  services: { id: Exclude<ServiceFilter, 'all'>; values: Shown[] }[];
}

/**
 * Trends over every year in the data, from the series (table 8) of each service filter and
 * orientation, and the accompaniments of each year (table 11's total of that year).
 */
export function trendsOf({
  series,
  accompaniments,
  service,
}: {
  /** Table 8 by service filter and orientation ("all|accepted"). */
  series: Map<string, Grid>;
  /** Table 11's grand total by year. */
  accompaniments: Map<number, Shown>;
  service: ServiceFilter;
}): Trends {
  const ids = new Set<number>();
  for (const grid of series.values()) for (const r of grid.rows) ids.add(Number(r));
  for (const [year, n] of accompaniments) if (n !== 0) ids.add(year);
  const years = [...ids].filter((y) => Number.isInteger(y)).sort((a, b) => a - b);
  const of = (key: string, col: string) => years.map((y) => cellOf(series.get(key), String(y), col));
  const filters = service === 'all' ? (['police', 'onss', 'cls', 'guardianship'] as const) : [service];
  return {
    years,
    measures: [
      { id: 'checklists', values: of(`${service}|accepted`, 'checklists') },
      { id: 'oriented_accepted', values: of(`${service}|accepted`, 'oriented') },
      { id: 'oriented_contacted', values: of(`${service}|contacted`, 'oriented') },
      { id: 'accompaniments', values: years.map((y) => accompaniments.get(y) ?? 0) },
    ],
    services: filters.map((id) => ({ id, values: of(`${id}|accepted`, 'checklists') })),
  };
}

// ---------------------------------------------------------------------------------------------
// The referral flow
// ---------------------------------------------------------------------------------------------

/** Outcomes as the flow groups the current statuses of table 16. */
export const OUTCOME_GROUPS = {
  accompaniment: ['accepted', 'closed'],
  not_a_victim: ['not_a_victim'],
  refused: ['refused_by_person'],
  lost_contact: ['lost_contact'],
  no_place: ['no_capacity', 'redirected'],
  pending: ['sent', 'acknowledged'],
  withdrawn: ['withdrawn'],
} as const;
export type OutcomeGroup = keyof typeof OUTCOME_GROUPS;
const OTHER_OUTCOMES: OutcomeGroup[] = ['refused', 'lost_contact', 'no_place', 'pending', 'withdrawn'];

/** Detecting services of table 16 under each filter (police: local and federal). */
const FLOW_SERVICES: Record<ServiceFilter, string[]> = {
  all: ['police_local', 'police_federal', 'onss', 'cls', 'guardianship', 'centre_channel'],
  police: ['police_local', 'police_federal'],
  onss: ['onss'],
  cls: ['cls'],
  guardianship: ['guardianship'],
};

export interface FlowNode {
  /** `service:onss`, `requests`, `centre:payoke`, `outcome:pending`, `other`. */
  id: string;
  column: number;
  value: Shown;
}
export interface FlowLink {
  from: string;
  to: string;
  value: Shown;
}
export interface Flow {
  nodes: FlowNode[];
  links: FlowLink[];
}

/**
 * The year's referrals as one flow. Every service: detecting services (table 16's row totals) →
 * requests received → centres (table 9's row totals) → accompaniment started / not a victim /
 * other outcomes (table 9's cells) → the other outcomes (table 16's column totals). No table
 * crosses services with centres, so the services meet in the requests received. Under a
 * service filter: that service's requests (table 16's rows) → their outcomes (its cells); the
 * centres are shown for every service only, as in the tables.
 */
export function flowOf(view: View, service: ServiceFilter): Flow {
  const byService = view.get('referral_outcomes_by_service');
  const byCentre = view.get('centre_requests_by_outcome');
  const nodes: FlowNode[] = [];
  const links: FlowLink[] = [];
  const statusSum = (row: string | null, group: OutcomeGroup) =>
    sumShown(
      OUTCOME_GROUPS[group].map((status) =>
        row === null ? colTotalOf(byService, status) : cellOf(byService, row, status),
      ),
    );
  if (service !== 'all') {
    const rows = FLOW_SERVICES[service];
    const total = sumShown(rows.map((r) => rowTotalOf(byService, r)));
    nodes.push({ id: `service:${service}`, column: 0, value: total });
    for (const group of Object.keys(OUTCOME_GROUPS) as OutcomeGroup[]) {
      const value = sumShown(rows.map((r) => statusSum(r, group)));
      nodes.push({ id: `outcome:${group}`, column: 1, value });
      links.push({ from: `service:${service}`, to: `outcome:${group}`, value });
    }
    return { nodes, links };
  }
  const requests = grandOf(byCentre);
  for (const r of FLOW_SERVICES.all) {
    const value = rowTotalOf(byService, r);
    nodes.push({ id: `service:${r}`, column: 0, value });
    links.push({ from: `service:${r}`, to: 'requests', value });
  }
  nodes.push({ id: 'requests', column: 1, value: requests });
  for (const centre of CENTRE_CODES) {
    const value = rowTotalOf(byCentre, centre);
    nodes.push({ id: `centre:${centre}`, column: 2, value });
    links.push({ from: 'requests', to: `centre:${centre}`, value });
    links.push({ from: `centre:${centre}`, to: 'outcome:accompaniment', value: cellOf(byCentre, centre, 'accepted') });
    links.push({
      from: `centre:${centre}`,
      to: 'outcome:not_a_victim',
      value: cellOf(byCentre, centre, 'not_a_victim'),
    });
    links.push({ from: `centre:${centre}`, to: 'other', value: cellOf(byCentre, centre, 'other') });
  }
  nodes.push({ id: 'outcome:accompaniment', column: 3, value: colTotalOf(byCentre, 'accepted') });
  nodes.push({ id: 'outcome:not_a_victim', column: 3, value: colTotalOf(byCentre, 'not_a_victim') });
  nodes.push({ id: 'other', column: 3, value: colTotalOf(byCentre, 'other') });
  for (const group of OTHER_OUTCOMES) {
    const value = statusSum(null, group);
    nodes.push({ id: `outcome:${group}`, column: 4, value });
    links.push({ from: 'other', to: `outcome:${group}`, value });
  }
  return { nodes, links };
}

/** Whether a flow's service filter keeps its detecting services (for tests and labels). */
export function flowServices(service: ServiceFilter): readonly string[] {
  return service === 'all' ? FLOW_SERVICES.all : (SERVICES_OF_FILTER[service] ?? []);
}

// ---------------------------------------------------------------------------------------------
// The tile map
// ---------------------------------------------------------------------------------------------

/**
 * The ten provincial directions as tiles on a 4 × 3 grid, placed roughly as they lie: the
 * Flemish directions on top from the coast to Limburg, Brussels and the Brabants in the middle,
 * Hainaut, Namur-Luxembourg and Liège below.
 */
export const TILES: Record<string, { x: number; y: number }> = {
  wvl: { x: 0, y: 0 },
  ovl: { x: 1, y: 0 },
  ant: { x: 2, y: 0 },
  lim: { x: 3, y: 0 },
  hai: { x: 0, y: 1 },
  bru: { x: 1, y: 1 },
  vbr: { x: 2, y: 1 },
  lie: { x: 3, y: 1 },
  bwa: { x: 1, y: 2 },
  nam_lux: { x: 2, y: 2 },
};

/** Shade classes 0 (none) … 4 (the largest count), on the shown counts only; hidden tiles get none. */
export function shadeOf(n: Shown, max: number): number {
  if (typeof n !== 'number' || n <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((n / max) * 4)));
}

/** Everything the dashboard shows for a year, service and publication switch. */
export interface DashboardData {
  year: number;
  previousYear: number;
  service: ServiceFilter;
  publication: boolean;
  k: number;
  figures: { id: KeyFigureId; current: Shown; previous: Shown }[];
  times: { centre: string; first: Pair; accepted: Pair }[];
  overdue: { centre: string; n: Shown }[];
  trends: Trends;
  flow: Flow;
  regions: { region: string; n: Shown }[];
}
