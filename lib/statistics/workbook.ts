import ExcelJS from 'exceljs';
import { csvRows, type PresentedTable } from './present';

/**
 * All tables of a year as one XLSX workbook, one sheet per table (exceljs). Cells are written as
 * numbers or plain strings — never formulas — and text a spreadsheet could take for a formula
 * is neutralised with a leading quote, as in the CSV.
 */
export async function buildWorkbook(
  tables: { table: PresentedTable; title: string }[],
  totalLabel: string,
  meta: { year: number; publication: boolean; k: number },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Relais';
  workbook.created = new Date(Date.UTC(meta.year, 0, 1));
  const used = new Set<string>();
  tables.forEach(({ table, title }, index) => {
    let name = `${index + 1} ${title}`
      .replace(/[\\/?*[\]:]/g, ' ')
      .slice(0, 31)
      .trim();
    while (used.has(name)) name = `${name.slice(0, 28)}~${index}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([title]).font = { bold: true };
    sheet.addRow([meta.publication ? `< ${meta.k}: small counts hidden (publication)` : '']);
    for (const row of csvRows(table, totalLabel)) {
      sheet.addRow(row.map((v) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
    }
    sheet.getRow(3).font = { bold: true };
    sheet.getColumn(1).width = 48;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
