import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '@/lib/statistics/csv';
import { presentTable } from '@/lib/statistics/present';
import type { StatisticsTable } from '@/lib/statistics/tables';
import { buildWorkbook } from '@/lib/statistics/workbook';

const ctx = {
  t: (k: string) => k.split('.').pop()!,
  labels: { 'ctx.region=bru': 'Bruxelles', 'ctx.region=lie': '=HYPERLINK("x")' },
  country: (c: string) => c,
};
const table: StatisticsTable = {
  id: 'checklists_by_region',
  report: ['T4'],
  group: 'checklists',
  rowDimension: 'region',
  colDimension: 'sex',
  rows: ['bru', 'lie'],
  cols: ['m', 'f'],
  cells: [
    [7, 2],
    [9, 6],
  ],
  unit: 'count',
  totals: true,
  chart: null,
};

describe('exports', () => {
  it('neutralises formula-like values and quotes CSV cells', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsv([['a', 1]])).toBe('\uFEFFa,1\r\n');
  });

  it('shows the numbers, or "< k" for small counts and "×" for the cells hidden to protect them, totals kept', () => {
    const plain = presentTable(table, { publication: false, k: 5 }, ctx);
    expect(plain.rows.map((r) => r.cells)).toEqual([
      [7, 2],
      [9, 6],
    ]);
    expect(plain.totalRow).toEqual({ cells: [16, 8], total: 24 });
    const published = presentTable(table, { publication: true, k: 5 }, ctx);
    expect(published.rows[0]!.cells[1]).toBe('< 5');
    // The single small cell is joined by enough others that it cannot be worked out from the totals.
    // Those others are not small: they are marked "×", never "< 5".
    expect(published.rows.map((r) => r.cells)).toEqual([
      ['×', '< 5'],
      ['×', '×'],
    ]);
    expect(published.totalRow!.total).toBe(24);
  });

  it('writes one sheet per table, numbers as numbers, no formula', async () => {
    const presented = presentTable(table, { publication: false, k: 5 }, ctx);
    const buffer = await buildWorkbook(
      [
        { table: presented, title: 'By region' },
        { table: presented, title: 'By region' },
      ],
      'Total',
      { year: 2026, publication: false, k: 5 },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(2);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(4).getCell(2).value).toBe(7);
    expect(sheet.getRow(5).getCell(1).value).toBe('\'=HYPERLINK("x")');
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
