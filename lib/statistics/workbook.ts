import ExcelJS from 'exceljs';
import { biennialGrid, gridRows, isBiennial, presentedGrid, type BiennialTable } from './biennial';
import { noteRows, reportNumbers, type PresentedTable } from './present';

/** Excel's limit on a sheet's name. */
const SHEET_NAME_MAX = 31;

/**
 * A sheet's name: the table's number in the report ("T26", "T4, T11"), so that a reader finds
 * the report's table by its tab; a table without one is named by its id, which does not change
 * with the language. Names are unique and at most 31 characters (Excel refuses longer ones).
 */
export function sheetName(table: Pick<PresentedTable, 'id' | 'report'>, used: ReadonlySet<string>): string {
  const base = (reportNumbers(table.report) ?? table.id).replace(/[\\/?*[\]:]/g, ' ').slice(0, SHEET_NAME_MAX);
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = `${base.slice(0, SHEET_NAME_MAX - suffix.length)}${suffix}`;
  }
  return name;
}

/**
 * All tables of a year — or of two years side by side (decision 0022) — as one XLSX workbook,
 * one sheet per table named by its report number, the table's full title in the first row
 * (exceljs). Two years: the years head their columns (merged over them) above the columns'
 * labels. Cells are written as numbers or plain strings — never formulas — and text a
 * spreadsheet could take for a formula is neutralised with a leading quote, as in the CSV.
 */
export async function buildWorkbook(
  tables: { table: PresentedTable | BiennialTable; title: string }[],
  totalLabel: string,
  meta: { year: number; publication: boolean; k: number },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Relais';
  workbook.created = new Date(Date.UTC(meta.year, 0, 1));
  const used = new Set<string>();
  tables.forEach(({ table, title }) => {
    const name = sheetName(table, used);
    // Excel compares sheet names without case.
    used.add(name.toLowerCase());
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([isBiennial(table) ? `${title} — ${table.years.join(' | ')}` : title]).font = { bold: true };
    sheet.addRow([meta.publication ? `< ${meta.k}: small counts hidden (publication)` : '']);
    const grid = isBiennial(table) ? biennialGrid(table, totalLabel) : presentedGrid(table, totalLabel);
    // The definition note follows the table where Relais's labels or definition differ from the report's.
    for (const row of [...gridRows(grid), ...noteRows(table)]) {
      sheet.addRow(row.map((v) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
    }
    grid.header.forEach((cells, i) => {
      const rowNumber = 3 + i;
      sheet.getRow(rowNumber).font = { bold: true };
      let column = 1;
      for (const cell of cells) {
        if (cell.span > 1) sheet.mergeCells(rowNumber, column, rowNumber, column + cell.span - 1);
        column += cell.span;
      }
    });
    sheet.getColumn(1).width = 48;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
