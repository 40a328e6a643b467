import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '@/lib/statistics/csv';
import { csvRows, presentTable, reportNumbers } from '@/lib/statistics/present';
import type { StatisticsTable } from '@/lib/statistics/tables';
import { buildWorkbook, sheetName } from '@/lib/statistics/workbook';

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

  it('writes one sheet per table named by its report number, its title first, numbers as numbers, no formula', async () => {
    const presented = presentTable(table, { publication: false, k: 5 }, ctx);
    const own = presentTable(
      { ...table, id: 'referral_outcomes_by_service', report: ['new'] },
      { publication: false, k: 5 },
      ctx,
    );
    const text = presentTable(
      { ...table, id: 'checklists_identity_documents_and_a_very_long_id', report: ['text 11.1.2'] },
      { publication: false, k: 5 },
      ctx,
    );
    const buffer = await buildWorkbook(
      [
        { table: presented, title: 'Check-lists by provincial direction' },
        { table: presented, title: 'Check-lists by provincial direction' },
        { table: own, title: 'Outcomes by detecting service' },
        { table: text, title: 'Identity documents' },
      ],
      'Total',
      { year: 2026, publication: false, k: 5 },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'T4',
      'T4 (2)',
      'referral_outcomes_by_service',
      'checklists_identity_documents_a',
    ]);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Check-lists by provincial direction');
    expect(wb.worksheets[2]!.getRow(1).getCell(1).value).toBe('Outcomes by detecting service');
    expect(sheet.getRow(4).getCell(2).value).toBe(7);
    expect(sheet.getRow(5).getCell(1).value).toBe('\'=HYPERLINK("x")');
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('gives the report numbers, and a name for each sheet unique and at most 31 characters', () => {
    expect(reportNumbers(['T4', 'T11'])).toBe('T4, T11');
    expect(reportNumbers(['new'])).toBeNull();
    expect(reportNumbers(['text 11.1.2'])).toBeNull();
    const used = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const name = sheetName({ id: 'smuggling_accompaniments_by_centre_and_more', report: ['new'] }, used);
      expect(name.length).toBeLessThanOrEqual(31);
      expect(used.has(name.toLowerCase())).toBe(false);
      used.add(name.toLowerCase());
    }
  });

  it('leaves out the row total of a table of one count column, in every output', () => {
    const single: StatisticsTable = { ...table, colDimension: 'count', cols: ['count'], cells: [[3], [9]] };
    for (const publication of [false, true]) {
      const p = presentTable(single, { publication, k: 5 }, ctx);
      expect(p.rowTotals).toBe(false);
      expect(p.rows.map((r) => r.total)).toEqual([null, null]);
      expect(p.totalRow!.total).toBeNull();
      const csv = csvRows(p, 'Total');
      expect(csv.every((row) => row.length === 2)).toBe(true);
      expect(csv[0]).toEqual(['region', 'count']);
      expect(csv[3]![0]).toBe('Total');
    }
    // The protected numbers stay where they were: the small count and its partner.
    const published = presentTable(single, { publication: true, k: 5 }, ctx);
    expect(published.rows.map((r) => r.cells[0])).toEqual(['< 5', '×']);
    expect(published.totalRow!.cells).toEqual([12]);
    // With more than one column the totals are there.
    const two = presentTable(table, { publication: false, k: 5 }, ctx);
    expect(two.rowTotals).toBe(true);
    expect(csvRows(two, 'Total')[0]).toEqual(['region', 'm', 'f', 'Total']);
  });

  it('gives codes and labels for the columns and the rows', () => {
    const p = presentTable(table, { publication: false, k: 5 }, ctx);
    expect(p.columns).toEqual([
      { code: 'm', label: 'm' },
      { code: 'f', label: 'f' },
    ]);
    expect(p.rows.map(({ code, label }) => ({ code, label }))).toEqual([
      { code: 'bru', label: 'Bruxelles' },
      { code: 'lie', label: '=HYPERLINK("x")' },
    ]);
  });

  it('keeps the rows of a fixed dimension at zero, shown as 0 in publication mode too', () => {
    const withZero: StatisticsTable = {
      ...table,
      rows: ['bru', 'lie', 'lux'],
      cells: [
        [7, 2],
        [9, 6],
        [0, 0],
      ],
    };
    for (const publication of [false, true]) {
      const p = presentTable(withZero, { publication, k: 5 }, ctx);
      expect(p.rows.map((r) => r.code)).toEqual(['bru', 'lie', 'lux']);
      expect(p.rows[2]!.cells).toEqual([0, 0]);
      expect(p.rows[2]!.total).toBe(0);
      expect(csvRows(p, 'Total')[3]).toEqual(['lux', 0, 0, 0]);
    }
  });
});
