import { dimensionLabel, type LabelContext } from './labels';
import type { Mark, TableMask } from './publication';
import { suppress } from './suppression';
import { colTotals, rowTotals, type StatisticsTable } from './tables';

/** The sign of a cell hidden to protect another one (complementary suppression). */
export const SECONDARY_MARK = '×';

/**
 * A table as shown and exported: codes and labels, numbers, "< k" (small counts) or "×" (hidden
 * to protect one), totals.
 */
export interface PresentedTable {
  id: string;
  report: string[];
  group: StatisticsTable['group'];
  chart: StatisticsTable['chart'];
  rowHeader: string;
  columns: { code: string; label: string }[];
  /**
   * Whether rows end with a total. A table of one count column has none: it would repeat the
   * count (its `total`s, and the total row's, are then null).
   */
  rowTotals: boolean;
  rows: { code: string; label: string; cells: (number | string | null)[]; total: number | string | null }[];
  totalRow: { cells: (number | string | null)[]; total: number | string | null } | null;
  /** Numbers a chart may draw (hidden cells as null). */
  series: { label: string; values: (number | null)[] }[];
  suppressedCount: number;
  /**
   * Where Relais's labels or definition differ from the report's table, what Relais counts (shown
   * under the table, and carried by the CSV, the workbook and the JSON); null when they agree.
   */
  note?: string | null;
}

/** The column of a table's shares of the year's check-lists (after its counts). */
export const SHARE_COLUMN = 'share';

/** Whether a table gets a chart: it asks for one and has something to draw. */
export function isChartable(table: PresentedTable): boolean {
  return (
    table.chart !== null && table.rows.length > 0 && table.series.some((s) => s.values.some((v) => v !== null && v > 0))
  );
}

/**
 * Applies the publication switch: counts 1..k−1 become "< k" and enough other cells are hidden
 * that none can be recovered. With a `mask` (lib/statistics/publication.ts) the hidden entries
 * are those of the one suppression over every view of the year — what the application
 * publishes; without one, the table is protected on its own (lib/statistics/suppression.ts),
 * which holds for this table alone. Response times are hidden for a centre with fewer than k
 * referrals.
 */
export function presentTable(
  table: StatisticsTable,
  { publication, k, mask }: { publication: boolean; k: number; mask?: TableMask },
  ctx: LabelContext,
): PresentedTable {
  const hidden = `< ${k}`;
  // A cell hidden only so that a small count cannot be recomputed from the totals is not small
  // itself: it is marked with its own sign, never as "< k" (which would state a falsehood).
  const masked = SECONDARY_MARK;
  const rowLabels = table.rows.map((r) => dimensionLabel(table.rowDimension, r, ctx));
  const columns = table.cols.map((c) => dimensionLabel(table.colDimension, c, ctx));
  const order = rowOrder(table, rowLabels, publication, ctx.locale);
  let cells: (number | string | null)[][] = table.cells.map((r) => [...r]);
  let rTotals: (number | string | null)[] = table.totals ? rowTotals(table) : table.rows.map(() => null);
  let cTotals: (number | string | null)[] = table.totals ? colTotals(table) : [];
  let grand: number | string | null = table.totals ? rowTotals(table).reduce((a, b) => a + b, 0) : null;
  let suppressedCount = 0;

  if (publication && mask) {
    const show = (mark: Mark | undefined, value: number) =>
      mark === 'small' ? hidden : mark === 'masked' ? masked : value;
    if (table.unit === 'hours') {
      const countCol = table.cols.indexOf('referrals');
      cells = table.cells.map((r, i) => {
        const count = mask.cells[i]?.[countCol];
        if (count !== undefined && count !== 'shown') suppressedCount++;
        return r.map((v, j) => (j === countCol ? show(count, v) : count === 'small' ? masked : v < 0 ? null : v));
      });
    } else {
      cells = table.cells.map((r, i) =>
        r.map((v, j) => {
          const mark = mask.cells[i]?.[j];
          if (mark !== undefined && mark !== 'shown') suppressedCount++;
          return show(mark, v);
        }),
      );
      if (table.totals && mask.totals) {
        rTotals = rowTotals(table).map((v, i) => show(mask.rowTotals[i], v));
        cTotals = colTotals(table).map((v, j) => show(mask.colTotals[j], v));
        grand = show(
          mask.grand,
          rowTotals(table).reduce((a, b) => a + b, 0),
        );
      }
    }
  } else if (table.unit === 'hours') {
    const countCol = table.cols.indexOf('referrals');
    cells = table.cells.map((r) => {
      const small = publication && (r[countCol] ?? 0) > 0 && (r[countCol] ?? 0) < k;
      if (small) suppressedCount++;
      return r.map((v, j) => (j === countCol ? (small ? hidden : v) : small ? masked : v < 0 ? null : v));
    });
  } else if (publication && table.totals) {
    const result = suppress(table.cells, k);
    const show = (s: { value: number | null; suppressed: boolean; primary: boolean }) =>
      s.suppressed ? (s.primary ? hidden : masked) : s.value;
    cells = result.cells.map((r) => r.map(show));
    suppressedCount = result.cells.flat().filter((c) => c.suppressed).length;
    rTotals = result.rowTotals.map(show);
    cTotals = result.colTotals.map(show);
    grand = show(result.grandTotal);
  } else if (publication) {
    // Counts without published totals (indicators, forms: one person counts in several rows): small counts hidden.
    cells = table.cells.map((r) =>
      r.map((v) => {
        if (v > 0 && v < k) {
          suppressedCount++;
          return hidden;
        }
        return v;
      }),
    );
  }

  // Shares of the year's check-lists, beside their counts: locale-formatted, and left empty
  // where the count is hidden, or the year's total is (a share and its count give the total back).
  let shares: (string | null)[] | null = null;
  if (table.shareOf !== undefined) {
    const base = table.shareOf;
    const baseShown = !publication || (mask ? mask.grand === 'shown' : base === 0 || base >= k);
    const percent = new Intl.NumberFormat(ctx.locale ?? 'fr-BE', { style: 'percent', maximumFractionDigits: 1 });
    shares = table.cells.map((r, i) => {
      const shown = cells[i]?.[0];
      return baseShown && base > 0 && typeof shown === 'number' ? percent.format((r[0] ?? 0) / base) : null;
    });
  }

  // In publication mode the series over the years has no totals (they would tie the years together).
  const withTotals = table.totals && !(publication && mask && !mask.totals);
  // One count column: its row totals are the counts again, and the grand total is its column
  // total. Leaving them out only publishes less, and the cells keep their places in the mask.
  const withRowTotals = withTotals && table.cols.length > 1;
  return {
    id: table.id,
    report: table.report,
    group: table.group,
    chart: table.chart,
    rowHeader:
      table.rowDimension === 'region_nationality'
        ? ctx.t('statistics.layout.regionNationality')
        : dimensionLabel('count', table.rowDimension, {
            ...ctx,
            t: (key) => ctx.t(key.replace('statistics.columns.', 'statistics.dimensions.')),
          }),
    columns: [
      ...table.cols.map((code, j) => ({ code, label: columns[j]! })),
      ...(shares ? [{ code: SHARE_COLUMN, label: ctx.t('statistics.layout.share') }] : []),
    ],
    rowTotals: withRowTotals,
    rows: order.map((i) => ({
      code: table.rows[i]!,
      label: rowLabels[i]!,
      cells: shares ? [...cells[i]!, shares[i]!] : cells[i]!,
      total: withRowTotals ? (rTotals[i] ?? null) : null,
    })),
    totalRow: withTotals ? { cells: shares ? [...cTotals, null] : cTotals, total: withRowTotals ? grand : null } : null,
    series: table.cols.map((c, j) => ({
      label: columns[j]!,
      values: order.map((i) => (typeof cells[i]![j] === 'number' ? (cells[i]![j] as number) : null)),
    })),
    suppressedCount,
    note: table.note ? ctx.t(`statistics.reportNotes.${table.note}`) : null,
  };
}

/** Rows that close a list by label: not a nationality (stateless, unknown). */
const LAST_ROWS = new Set(['stateless', 'unknown']);

/**
 * The order rows are presented in (indices into the table's rows): the table's own, or by label
 * as the report's alphabetical lists, or by count (largest first, ties by label) outside
 * publication mode, where a hidden row's place among the counts would bound it.
 */
function rowOrder(table: StatisticsTable, labels: string[], publication: boolean, locale?: string): number[] {
  const order = table.rows.map((_, i) => i);
  if (!table.rowOrder || (table.rowOrder === 'count' && publication)) return order;
  const collator = new Intl.Collator(locale ?? 'fr-BE', { sensitivity: 'base' });
  const last = (i: number) => (LAST_ROWS.has(table.rows[i]!) ? 1 : 0);
  const total = (i: number) => table.cells[i]!.reduce((a, b) => a + b, 0);
  return order.sort(
    (a, b) =>
      last(a) - last(b) ||
      (table.rowOrder === 'count' ? total(b) - total(a) : 0) ||
      collator.compare(labels[a]!, labels[b]!) ||
      a - b,
  );
}

/** The rows of a presented table for CSV: header, rows, total row. */
export function csvRows(p: PresentedTable, totalLabel: string): (string | number | null)[][] {
  const withRowTotals = p.rowTotals;
  const header = [p.rowHeader, ...p.columns.map((c) => c.label), ...(withRowTotals ? [totalLabel] : [])];
  const rows = p.rows.map((r) => [r.label, ...r.cells, ...(withRowTotals ? [r.total] : [])]);
  const total = p.totalRow ? [[totalLabel, ...p.totalRow.cells, ...(withRowTotals ? [p.totalRow.total] : [])]] : [];
  return [header, ...rows, ...total];
}

/**
 * The rows that follow a table in a CSV file or a sheet: its definition note (where Relais's
 * labels or definition differ from the report's), in the first column, after a blank row.
 */
export function noteRows(p: object): (string | null)[][] {
  const note = 'note' in p ? p.note : null;
  return typeof note === 'string' && note !== '' ? [[null], [note]] : [];
}

/**
 * The report's numbers of a table (e.g. "T4, T11"), or null for a table the report gives no
 * number (a figure of its text, or one of Relais's own).
 */
export function reportNumbers(report: readonly string[]): string | null {
  const numbers = report.filter((r) => /^T\d+$/.test(r));
  return numbers.length > 0 ? numbers.join(', ') : null;
}
