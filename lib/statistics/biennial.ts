import { csvRows, SECONDARY_MARK, type PresentedTable } from './present';

/**
 * The two-year view (decision 0022): two years side by side, as the biennial report prints them
 * ("2019 | 2020"). Built from the two years' presented tables — each with its own publication
 * switch applied, exactly as in that year's own view — and never from the counts, so that no
 * cell hidden in a year's view can be shown here.
 *
 * Layout, the same for every table whatever its id: one column group per year, the earlier year
 * first, each with the year's columns and its own row total; a table of one count column gets
 * one column per year. The rows are those of either year (a row one year lacks is a row that
 * year counted nothing in: 0). A table over the years (the series, whose rows are the years) is
 * the same in both views and is printed once.
 */
export type Cell = number | string | null;

export interface BiennialGroup {
  /** The year of the group, or both years for a table over the years printed once. */
  years: number[];
  columns: { code: string; label: string }[];
  rowTotals: boolean;
  suppressedCount: number;
}

export interface BiennialTable {
  id: string;
  report: string[];
  group: PresentedTable['group'];
  rowHeader: string;
  /** The two years, the earlier first. */
  years: [number, number];
  groups: BiennialGroup[];
  rows: { code: string; label: string; groups: { cells: Cell[]; total: Cell }[] }[];
  totalRow: { groups: { cells: Cell[]; total: Cell }[] } | null;
  /** The definition note where Relais's labels or definition differ from the report's (the page's year's). */
  note: string | null;
}

/** Rows that close a list whatever its order ("unknown", "stateless", "unanswered"): kept last. */
const CLOSING_ROWS = new Set(['unknown', 'stateless', 'unanswered', 'other']);

type Row = { code: string; label: string };
const byCode = (a: Row, b: Row) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
const byLabel = (a: Row, b: Row) => collator.compare(a.label, b.label);

/**
 * The rows of two years in one order (codes). Rows that close a list ("unknown"…) stay last.
 * Before them: when both years list their rows by label (the report's alphabetical lists) or
 * by code (publication mode), the union in that order; otherwise (fixed orders, or by count)
 * the first list's order, then the rows only the second has, in its order.
 */
export function mergeRowOrder(first: readonly Row[], second: readonly Row[]): string[] {
  const split = (list: readonly Row[]) => {
    let cut = list.length;
    while (cut > 0 && CLOSING_ROWS.has(list[cut - 1]!.code)) cut--;
    return { head: list.slice(0, cut), tail: list.slice(cut) };
  };
  const a = split(first);
  const b = split(second);
  const sortedBy = (list: readonly Row[], compare: (x: Row, y: Row) => number) =>
    list.every((row, i) => i === 0 || compare(list[i - 1]!, row) <= 0);
  const compare = [byLabel, byCode].find((c) => sortedBy(a.head, c) && sortedBy(b.head, c));
  const union = (x: readonly Row[], y: readonly Row[]) => {
    const seen = new Set(x.map((r) => r.code));
    return [...x, ...y.filter((r) => !seen.has(r.code))];
  };
  const head = union(a.head, b.head);
  if (compare) head.sort(compare);
  const tail = union(a.tail, b.tail).filter((r) => !head.some((h) => h.code === r.code));
  return [...head, ...tail].map((r) => r.code);
}

/**
 * The cell of a table printed once for two views: what both show, or — should they ever differ —
 * the hidden sign, so that nothing hidden in one year's view is shown.
 */
function eitherHidden(a: Cell, b: Cell): Cell {
  if (a === b) return a;
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  return SECONDARY_MARK;
}

/**
 * One table of two years. `primary` gives the order of the rows (the page's year); the groups
 * run in calendar order.
 */
export function biennialTable(
  primary: { year: number; table: PresentedTable },
  other: { year: number; table: PresentedTable },
  { overYears = false }: { overYears?: boolean } = {},
): BiennialTable {
  const [early, late] = primary.year <= other.year ? [primary, other] : [other, primary];
  const order = mergeRowOrder(primary.table.rows, other.table.rows);
  const label = (code: string) =>
    (primary.table.rows.find((r) => r.code === code) ?? other.table.rows.find((r) => r.code === code))!.label;
  const base = {
    id: primary.table.id,
    report: primary.table.report,
    group: primary.table.group,
    rowHeader: primary.table.rowHeader,
    years: [early.year, late.year] as [number, number],
    note: primary.table.note ?? other.table.note ?? null,
  };
  const rowOf = (table: PresentedTable, code: string) => {
    const found = table.rows.find((r) => r.code === code);
    if (found) return { cells: found.cells, total: found.total };
    // A row the year's view leaves out counted nothing that year.
    return { cells: table.columns.map(() => 0), total: table.rowTotals ? 0 : null };
  };

  if (overYears) {
    const a = primary.table;
    const b = other.table;
    const merge = (x: { cells: Cell[]; total: Cell }, y: { cells: Cell[]; total: Cell }) => ({
      cells: x.cells.map((v, j) => eitherHidden(v, y.cells[j] ?? null)),
      total: eitherHidden(x.total, y.total),
    });
    return {
      ...base,
      groups: [
        {
          years: [early.year, late.year],
          columns: a.columns,
          rowTotals: a.rowTotals && b.rowTotals,
          suppressedCount: Math.max(a.suppressedCount, b.suppressedCount),
        },
      ],
      rows: order.map((code) => ({ code, label: label(code), groups: [merge(rowOf(a, code), rowOf(b, code))] })),
      totalRow: a.totalRow && b.totalRow ? { groups: [merge(a.totalRow, b.totalRow)] } : null,
    };
  }

  const years = [early, late];
  const anyTotalRow = years.some((y) => y.table.totalRow !== null);
  return {
    ...base,
    groups: years.map(({ year, table }) => ({
      years: [year],
      columns: table.columns,
      rowTotals: table.rowTotals,
      suppressedCount: table.suppressedCount,
    })),
    rows: order.map((code) => ({ code, label: label(code), groups: years.map(({ table }) => rowOf(table, code)) })),
    totalRow: anyTotalRow
      ? {
          groups: years.map(({ table }) =>
            table.totalRow
              ? { cells: table.totalRow.cells, total: table.totalRow.total }
              : { cells: table.columns.map(() => null), total: null },
          ),
        }
      : null,
  };
}

/** Every table of two years, in the order of the page's year; `overYears` names the tables whose rows are the years. */
export function biennialTables(
  primary: { year: number; tables: PresentedTable[] },
  other: { year: number; tables: PresentedTable[] },
  overYears: ReadonlySet<string>,
): BiennialTable[] {
  const otherById = new Map(other.tables.map((t) => [t.id, t]));
  return primary.tables.flatMap((table) => {
    const second = otherById.get(table.id);
    if (!second) return [];
    return [
      biennialTable(
        { year: primary.year, table },
        { year: other.year, table: second },
        { overYears: overYears.has(table.id) },
      ),
    ];
  });
}

/**
 * One year's part of a two-year table, in the shape of that year's own table: the rows that year's
 * view lists (in the two-year order), its columns, cells and totals. What the tests compare with
 * the year's own view.
 */
export function yearPart(
  table: BiennialTable,
  year: number,
): {
  columns: { code: string; label: string }[];
  rows: { code: string; cells: Cell[]; total: Cell }[];
  totalRow: { cells: Cell[]; total: Cell } | null;
} {
  const g = table.groups.findIndex((x) => x.years.includes(year));
  if (g < 0) throw new RangeError(`${year} is not a year of this table`);
  return {
    columns: table.groups[g]!.columns,
    rows: table.rows.map((r) => ({ code: r.code, ...r.groups[g]! })),
    totalRow: table.totalRow ? table.totalRow.groups[g]! : null,
  };
}

// ---------------------------------------------------------------------------------------------
// As a grid of text: the CSV, the workbook and the chapter print the same rows.
// ---------------------------------------------------------------------------------------------

export interface GridCell {
  text: Cell;
  /** Columns the header cell spans (a year over its columns). */
  span: number;
}

export interface Grid {
  header: GridCell[][];
  body: Cell[][];
  /** The total row, or null. */
  footer: Cell[] | null;
}

/** Whether each year is one column (a table of one count column): the years then head the columns themselves. */
function oneColumnPerYear(table: BiennialTable): boolean {
  return table.groups.every((g) => g.years.length === 1 && g.columns.length === 1 && !g.rowTotals);
}

/** A two-year table as header rows (years over their columns), rows and the total row. */
export function biennialGrid(table: BiennialTable, totalLabel: string): Grid {
  const one = oneColumnPerYear(table);
  const width = (g: BiennialGroup) => g.columns.length + (g.rowTotals ? 1 : 0);
  const columnHeader: GridCell[] = [
    { text: table.rowHeader, span: 1 },
    ...table.groups.flatMap((g) => [
      ...g.columns.map((c) => ({ text: c.label, span: 1 })),
      ...(g.rowTotals ? [{ text: totalLabel, span: 1 }] : []),
    ]),
  ];
  const yearHeader: GridCell[] = [
    { text: one ? table.rowHeader : null, span: 1 },
    ...table.groups.map((g) => ({ text: g.years.length === 1 ? String(g.years[0]) : null, span: width(g) })),
  ];
  // The years head the columns, over the columns unless each year is one column; a table printed
  // once (the series) has its own columns only.
  const printedOnce = table.groups.length === 1;
  const header = one ? [yearHeader] : printedOnce ? [columnHeader] : [yearHeader, columnHeader];
  const line = (label: Cell, parts: { cells: Cell[]; total: Cell }[]) => [
    label,
    ...parts.flatMap((p, i) => [...p.cells, ...(table.groups[i]!.rowTotals ? [p.total] : [])]),
  ];
  return {
    header,
    body: table.rows.map((r) => line(r.label, r.groups)),
    footer: table.totalRow ? line(totalLabel, table.totalRow.groups) : null,
  };
}

/** A one-year table as a grid (its CSV rows). */
export function presentedGrid(table: PresentedTable, totalLabel: string): Grid {
  const [header, ...rest] = csvRows(table, totalLabel);
  const body = table.totalRow ? rest.slice(0, -1) : rest;
  return {
    header: [header!.map((text) => ({ text, span: 1 }))],
    body,
    footer: table.totalRow ? rest[rest.length - 1]! : null,
  };
}

/** A grid as plain rows (CSV, spreadsheet): a spanning header cell is its text then blanks. */
export function gridRows(grid: Grid): Cell[][] {
  return [
    ...grid.header.map((row) => row.flatMap((c) => [c.text, ...Array.from({ length: c.span - 1 }, () => null)])),
    ...grid.body,
    ...(grid.footer ? [grid.footer] : []),
  ];
}

/** The CSV rows of a two-year table. */
export function biennialCsvRows(table: BiennialTable, totalLabel: string): Cell[][] {
  return gridRows(biennialGrid(table, totalLabel));
}

export function isBiennial(table: PresentedTable | BiennialTable): table is BiennialTable {
  return 'groups' in table;
}
