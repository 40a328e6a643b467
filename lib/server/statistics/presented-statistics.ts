import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { dataGenerations } from '../../../db/schema';
import { CHECKLIST_LABELS } from '../../checklist/labels';
import { FORMAT_LOCALE, type Locale } from '../../i18n/locales';
import type { LabelContext } from '../../statistics/labels';
import { presentTable, type PresentedTable } from '../../statistics/present';
import {
  decideYearTotals,
  ORDERED_BY_COUNT,
  protectYear,
  seriesMask,
  type Mark,
  type Orientation,
  type TableMask,
  type YearPattern,
  type YearTotals,
} from '../../statistics/publication';
import { SERVICE_FILTERS, type ServiceFilter, type StatisticsTable } from '../../statistics/tables';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { auditStatisticsRead, computeYearStatistics, type OrientationDefinition } from './compute-year-statistics';
import { readDisclosureThreshold } from './get-disclosure-threshold';

/**
 * Presented years kept in this process, by the statistics generation they were computed at
 * (migration 0009: any change of the counters, referrals, organisations or settings moves it
 * on) and everything else they depend on. A page view then costs one indexed read; what is
 * shown is always what the records say at that moment (decision 0016).
 */
const CACHE_SIZE = 48;
const presentedCache = new Map<string, PresentedYear>();

/**
 * Publication mode: the suppression of a year, one for every view of it (service filters,
 * orientations, exports), kept like the presented tables. Computing it reads the check-list
 * tables of every service filter and both orientations (the counters: a few milliseconds).
 */
const PATTERN_CACHE_SIZE = 8;
const patternCache = new Map<string, { pattern: YearPattern; totals: YearTotals }>();

/**
 * A year's tables as presented, and the ids of those over the years (the series: its rows are the
 * years, the same in every year's view; the two-year view prints it once).
 */
export interface PresentedYear {
  k: number;
  tables: PresentedTable[];
  overYears: string[];
}

/** The year's tables as shown, exported and served by the API: labelled, with the publication switch applied. */
export function presentedStatistics({
  actor,
  year,
  service,
  publication,
  orientation,
  locale,
  t,
  audit = true,
}: {
  actor: Actor;
  year: number;
  service: ServiceFilter;
  publication: boolean;
  orientation: OrientationDefinition;
  locale: Locale;
  t: (key: string) => string;
  audit?: boolean;
}): PresentedYear {
  authorize(actor, 'statistics.read');
  const db = getDb();
  // One read transaction: the generation and the figures come from the same snapshot.
  const result = db.transaction(() => {
    const generation =
      db.select({ n: dataGenerations.n }).from(dataGenerations).where(eq(dataGenerations.name, 'statistics')).get()
        ?.n ?? -1;
    const key = `${generation}|${year}|${service}|${orientation}|${publication}|${locale}`;
    const cached = presentedCache.get(key);
    if (cached) {
      // Most recently used last: the first key is the one to drop.
      presentedCache.delete(key);
      presentedCache.set(key, cached);
      return cached;
    }
    const k = readDisclosureThreshold();
    const labels = CHECKLIST_LABELS[locale];
    const names = new Intl.DisplayNames([FORMAT_LOCALE[locale]], { type: 'region' });
    const ctx: LabelContext = {
      t,
      labels,
      country: (code) =>
        code === 'stateless' || code === 'unknown' ? (labels[`country.${code}`] ?? code) : (names.of(code) ?? code),
      locale: FORMAT_LOCALE[locale],
    };
    const tables = computeYearStatistics({ actor, year, service, orientation, audit: false });
    let masks: Map<string, TableMask> | null = null;
    if (publication) {
      const patternKey = `${generation}|${year}|${k}`;
      let entry = patternCache.get(patternKey);
      if (!entry) {
        entry = publicationPattern(actor, year, k, tables);
        // None in practice (the unit tests attack every view); an operator should hear of one.
        if (entry.pattern.unprotected > 0)
          console.warn(
            `[statistics] publication ${year}: ${entry.pattern.unprotected} hidden counts without protection`,
          );
        patternCache.set(patternKey, entry);
        if (patternCache.size > PATTERN_CACHE_SIZE) patternCache.delete(patternCache.keys().next().value!);
      }
      masks = entry.pattern.masks(service, orientation);
      const series = tables.find((x) => x.id === 'checklists_over_years');
      if (series) masks.set(series.id, seriesMask(series, service, orientation, entry.totals));
    }
    const presented: PresentedYear = {
      k,
      overYears: tables.filter((table) => table.rowDimension === 'year').map((table) => table.id),
      tables: tables.map((table) => {
        if (!masks) return presentTable(table, { publication, k }, ctx);
        const ordered = ORDERED_BY_COUNT.has(table.id) ? byCode(table) : { table, order: table.rows.map((_, i) => i) };
        // Every table has its mask; one without would be published with every count hidden.
        const mask = masks.get(table.id) ?? hideAll(table, k);
        return presentTable(ordered.table, { publication, k, mask: reorder(mask, ordered.order) }, ctx);
      }),
    };
    presentedCache.set(key, presented);
    if (presentedCache.size > CACHE_SIZE) presentedCache.delete(presentedCache.keys().next().value!);
    return presented;
  });
  if (audit) auditStatisticsRead(actor, year, service, orientation);
  return result;
}

/**
 * The suppression of a year for every view: the check-list tables of every service filter and
 * both orientations, the centre and flow tables (the same in every view, taken from `tables`),
 * the years' totals decided first from the series.
 */
function publicationPattern(
  actor: Actor,
  year: number,
  k: number,
  tables: StatisticsTable[],
): { pattern: YearPattern; totals: YearTotals } {
  const checklists = new Map<string, StatisticsTable[]>();
  const of = (service: ServiceFilter, orientation: Orientation) => {
    const key = `${service}|${orientation}`;
    let found = checklists.get(key);
    if (!found) {
      found = computeYearStatistics({ actor, year, service, orientation, audit: false, part: 'checklists' });
      checklists.set(key, found);
    }
    return found;
  };
  for (const service of SERVICE_FILTERS)
    for (const orientation of ['accepted', 'contacted'] as const) of(service, orientation);
  const totals = decideYearTotals(
    (service, orientation) => of(service, orientation).find((t) => t.id === 'checklists_over_years')!,
    k,
  );
  const centres = tables.filter((t) => t.group !== 'checklists');
  return { pattern: protectYear({ year, checklists: of, centres, totals, k }), totals };
}

/** A table with its rows in code order (publication: a hidden row's place among counts would bound it). */
function byCode(table: StatisticsTable): { table: StatisticsTable; order: number[] } {
  const order = table.rows
    .map((_, i) => i)
    .sort((a, b) => (table.rows[a]! < table.rows[b]! ? -1 : table.rows[a]! > table.rows[b]! ? 1 : 0));
  return {
    table: { ...table, rows: order.map((i) => table.rows[i]!), cells: order.map((i) => table.cells[i]!) },
    order,
  };
}

function hideAll(table: StatisticsTable, k: number): TableMask {
  const mark = (v: number): Mark => (v === 0 ? 'shown' : v < k ? 'small' : 'masked');
  const rows = table.cells.map((r) => r.reduce((a, b) => a + b, 0));
  return {
    cells: table.cells.map((r) => r.map(mark)),
    rowTotals: rows.map(mark),
    colTotals: table.cols.map((_, j) => mark(table.cells.reduce((a, r) => a + (r[j] ?? 0), 0))),
    grand: mark(rows.reduce((a, b) => a + b, 0)),
    totals: table.totals,
  };
}

function reorder(mask: TableMask, order: number[]): TableMask {
  return { ...mask, cells: order.map((i) => mask.cells[i]!), rowTotals: order.map((i) => mask.rowTotals[i]!) };
}
