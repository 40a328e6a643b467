import { describe, expect, it } from 'vitest';
import {
  isRecoverable,
  suppress,
  suppressVector,
  type Suppressed,
  type SuppressionResult,
} from '@/lib/statistics/suppression';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A small seeded pseudo-random generator (mulberry32), so the property tests are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMatrix(next: () => number, minSize: number, maxSize: number, maxValue: number): number[][] {
  const rows = minSize + Math.floor(next() * (maxSize - minSize + 1));
  const cols = minSize + Math.floor(next() * (maxSize - minSize + 1));
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.floor(next() * (maxValue + 1))));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const rowSums = (m: number[][]) => m.map(sum);
const colSums = (m: number[][]) => (m[0] ?? []).map((_, j) => sum(m.map((r) => r[j]!)));

/** The published entry a hand-made result shows: hidden entries are primary when small. */
function entry(value: number, hidden: boolean, k: number): Suppressed {
  return hidden
    ? { value: null, suppressed: true, primary: value >= 1 && value < k }
    : { value, suppressed: false, primary: false };
}

/** A hand-made result: the matrix with the given cells hidden (and, optionally, totals). */
function handMade(
  matrix: number[][],
  hiddenCells: [number, number][],
  k = 5,
  hiddenRows: number[] = [],
  hiddenCols: number[] = [],
): SuppressionResult {
  const isHidden = (i: number, j: number) => hiddenCells.some(([a, b]) => a === i && b === j);
  const rowTotals = rowSums(matrix).map((v, i) => entry(v, hiddenRows.includes(i), k));
  const colTotals = colSums(matrix).map((v, j) => entry(v, hiddenCols.includes(j), k));
  return {
    k,
    cells: matrix.map((r, i) => r.map((v, j) => entry(v, isHidden(i, j), k))),
    rowTotals,
    colTotals,
    grandTotal: entry(sum(matrix.flat()), false, k),
    hiddenTotals: { rows: rowTotals.map((t) => t.suppressed), cols: colTotals.map((t) => t.suppressed), grand: false },
  };
}

/** Positions of hidden cells, as "i,j". */
function hiddenCells(result: SuppressionResult): string[] {
  return result.cells.flatMap((r, i) => r.flatMap((c, j) => (c.suppressed ? [`${i},${j}`] : [])));
}

/**
 * Hidden counts per additive line of the table: each row with its total, each column with its
 * total, the column totals with the grand total, the row totals with the grand total.
 */
function hiddenPerLine(result: SuppressionResult): number[] {
  const h = (e: Suppressed) => (e.suppressed ? 1 : 0);
  const cols = result.colTotals.length;
  return [
    ...result.cells.map((r, i) => sum(r.map(h)) + h(result.rowTotals[i]!)),
    ...Array.from({ length: cols }, (_, j) => sum(result.cells.map((r) => h(r[j]!))) + h(result.colTotals[j]!)),
    sum(result.colTotals.map(h)) + h(result.grandTotal),
    sum(result.rowTotals.map(h)) + h(result.grandTotal),
  ];
}

/** The rules every result of `suppress` must satisfy, for the input matrix and k. */
function expectSound(matrix: number[][], result: SuppressionResult, k: number): void {
  const check = (e: Suppressed, value: number) => {
    if (value >= 1 && value < k)
      expect(e).toEqual({ value: null, suppressed: true, primary: true }); // every small count hidden
    else if (value === 0)
      expect(e).toEqual({ value: 0, suppressed: false, primary: false }); // zeros never hidden
    else if (e.suppressed)
      expect(e).toEqual({ value: null, suppressed: true, primary: false }); // complementary
    else expect(e.value).toBe(value); // published as is
  };
  expect(result.k).toBe(k);
  expect(result.cells.length).toBe(matrix.length);
  matrix.forEach((r, i) => {
    expect(result.cells[i]!.length).toBe(r.length);
    r.forEach((v, j) => check(result.cells[i]![j]!, v));
  });
  rowSums(matrix).forEach((v, i) => check(result.rowTotals[i]!, v));
  colSums(matrix).forEach((v, j) => check(result.colTotals[j]!, v));
  check(result.grandTotal, sum(matrix.flat()));
  expect(result.hiddenTotals).toEqual({
    rows: result.rowTotals.map((t) => t.suppressed),
    cols: result.colTotals.map((t) => t.suppressed),
    grand: result.grandTotal.suppressed,
  });
  for (const h of hiddenPerLine(result)) expect(h === 0 || h >= 2).toBe(true);
  expect(isRecoverable(result)).toBe(false);
}

/**
 * An independent check of `isRecoverable` on tiny tables: enumerate every table of counts the
 * published result allows (hidden primary values in 1..k−1, hidden complementary values ≥ k and
 * at most the published totals of their lines, every published total matching) and say whether
 * some hidden entry takes a single value in all of them. Cells are filled row by row; the last
 * hidden cell of a row with a published total is computed rather than enumerated.
 */
function bruteForceRecoverable(result: SuppressionResult): boolean {
  const { k } = result;
  const grand = result.grandTotal.value;
  if (grand === null) throw new Error('the brute force wants a published grand total');
  const x = result.cells.map((r) => r.map((c) => c.value ?? 0));
  const hidden: [number, number][] = result.cells.flatMap((r, i) =>
    r.flatMap((c, j): [number, number][] => (c.suppressed ? [[i, j]] : [])),
  );
  const lastInRow = hidden.map(([i], h) => hidden[h + 1]?.[0] !== i);
  const bounds = (e: Suppressed, cap: number): [number, number] => (e.primary ? [1, k - 1] : [k, cap]);
  const fits = (e: Suppressed, v: number) =>
    e.suppressed ? v >= bounds(e, grand)[0] && v <= bounds(e, grand)[1] : v === e.value;
  const seen = new Map<string, Set<number>>();
  const note = (key: string, v: number) => seen.set(key, (seen.get(key) ?? new Set<number>()).add(v));
  let consistent = 0;
  const visit = (h: number): void => {
    if (h === hidden.length) {
      const rs = rowSums(x);
      const cs = colSums(x);
      if (
        sum(rs) !== grand ||
        rs.some((v, i) => !fits(result.rowTotals[i]!, v)) ||
        cs.some((v, j) => !fits(result.colTotals[j]!, v))
      )
        return;
      consistent++;
      hidden.forEach(([i, j]) => note(`cell ${i},${j}`, x[i]![j]!));
      rs.forEach((v, i) => result.rowTotals[i]!.suppressed && note(`row ${i}`, v));
      cs.forEach((v, j) => result.colTotals[j]!.suppressed && note(`col ${j}`, v));
      return;
    }
    const [i, j] = hidden[h]!;
    const cell = result.cells[i]![j]!;
    const rowTotal = result.rowTotals[i]!.value;
    const [lo, hi] = bounds(cell, Math.min(grand, rowTotal ?? grand, result.colTotals[j]!.value ?? grand));
    const candidates: number[] = [];
    if (lastInRow[h] && rowTotal !== null) {
      x[i]![j] = 0;
      candidates.push(rowTotal - sum(x[i]!)); // the other cells of the row are all set by now
    } else for (let v = lo; v <= hi; v++) candidates.push(v);
    for (const v of candidates) {
      if (v < lo || v > hi) continue;
      x[i]![j] = v;
      visit(h + 1);
    }
    x[i]![j] = 0;
  };
  visit(0);
  if (consistent === 0) throw new Error('no consistent table (the brute force found none)');
  return [...seen.values()].some((values) => values.size === 1);
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('suppress: primary and complementary suppression', () => {
  it('(a) returns a table without small counts unchanged, zeros included', () => {
    const m = [
      [10, 20, 5],
      [7, 0, 30],
    ];
    const r = suppress(m);
    expect(r.cells.flat().every((c) => !c.suppressed && !c.primary)).toBe(true);
    expect(r.cells.map((row) => row.map((c) => c.value))).toEqual(m);
    expect(r.rowTotals.map((t) => t.value)).toEqual([35, 37]);
    expect(r.colTotals.map((t) => t.value)).toEqual([17, 20, 35]);
    expect(r.grandTotal).toEqual({ value: 72, suppressed: false, primary: false });
    expect(r.hiddenTotals).toEqual({ rows: [false, false], cols: [false, false, false], grand: false });
    expect(isRecoverable(r)).toBe(false);
    expectSound(m, r, 5);
    // An all-zero table and an empty one are fine too.
    expect(
      hiddenCells(
        suppress([
          [0, 0],
          [0, 0],
        ]),
      ),
    ).toEqual([]);
    expect(suppress([])).toMatchObject({
      cells: [],
      rowTotals: [],
      colTotals: [],
      grandTotal: { value: 0, suppressed: false },
    });
  });

  it('(b) protects one small cell of a 3×3 table with a rectangle of 4 hidden cells', () => {
    const m = [
      [10, 12, 30],
      [20, 2, 15],
      [8, 9, 40],
    ];
    const r = suppress(m);
    const hidden = hiddenCells(r);
    expect(hidden.length).toBeGreaterThanOrEqual(4);
    // A rectangle: the hidden cells are exactly (hidden rows) × (hidden columns), 2 by 2.
    const hiddenRows = [...new Set(hidden.map((p) => p.split(',')[0]))];
    const hiddenCols = [...new Set(hidden.map((p) => p.split(',')[1]))];
    expect(hiddenRows.length).toBe(2);
    expect(hiddenCols.length).toBe(2);
    expect(hidden.sort()).toEqual(hiddenRows.flatMap((i) => hiddenCols.map((j) => `${i},${j}`)).sort());
    expect(hidden).toContain('1,1');
    expect(r.cells[1]![1]).toEqual({ value: null, suppressed: true, primary: true });
    // Only the small cell is primary; the totals stay published.
    expect(r.cells.flat().filter((c) => c.primary).length).toBe(1);
    expect(r.hiddenTotals).toEqual({ rows: [false, false, false], cols: [false, false, false], grand: false });
    expect(isRecoverable(r)).toBe(false);
    expectSound(m, r, 5);
    // The choice is the cheap one: the smallest partners, closing the rectangle (15, 9, then 40).
    expect(hidden.sort()).toEqual(['1,1', '1,2', '2,1', '2,2']);
  });

  it('never hides a zero: a zero next to a small cell is known, so it cannot be a partner', () => {
    const m = [
      [3, 0, 12],
      [0, 0, 9],
      [15, 8, 20],
    ];
    const r = suppress(m);
    for (const [i, j] of [
      [0, 1],
      [1, 0],
      [1, 1],
    ] as const)
      expect(r.cells[i]![j]).toEqual({ value: 0, suppressed: false, primary: false });
    expect(r.cells[0]![0]!.primary).toBe(true);
    expectSound(m, r, 5);
  });

  it('is deterministic', () => {
    const m = [
      [1, 7, 9, 0],
      [12, 3, 30, 4],
      [5, 8, 2, 11],
    ];
    expect(suppress(m)).toEqual(suppress(m));
    expect(suppress(m, 5)).toEqual(suppress(m));
  });

  it('rejects what is not a table of counts, and a threshold below 2', () => {
    expect(() => suppress([[1, 2], [3]])).toThrow(RangeError);
    expect(() => suppress([[1, -2]])).toThrow(RangeError);
    expect(() => suppress([[1.5]])).toThrow(RangeError);
    expect(() => suppress([[1]], 1)).toThrow(RangeError);
    expect(() => suppress([[1]], 2.5)).toThrow(RangeError);
    expect(() => suppressVector([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('(c) two hidden cells per line are not enough', () => {
  it('finds the cell a bridge between two hidden rectangles gives away', () => {
    // Two rectangles of hidden cells, rows {0,1} × cols {0,1} and rows {2,3} × cols {2,3},
    // joined by the hidden cell (1,2): every row and column has 0, 2 or 3 hidden cells, yet
    // (rows 0 + 1) − (cols 0 + 1) leaves exactly x[1][2]: hidden cells of rows 0 and 1 sum to
    // 54 + 49 − (11 + 25 + 11) = 56, those of columns 0 and 1 to 66 + 57 − (18 + 31 + 10 + 21) = 43,
    // and 56 − 43 = 13.
    const m = [
      [3, 15, 11, 25],
      [14, 11, 13, 11],
      [18, 10, 12, 17],
      [31, 21, 14, 11],
    ];
    const pattern: [number, number][] = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 3],
      [3, 2],
      [3, 3],
    ];
    const naive = handMade(m, pattern);
    for (const h of hiddenPerLine(naive)) expect(h === 0 || h >= 2).toBe(true);
    expect(isRecoverable(naive)).toBe(true);
    // Without the bridge, the two rectangles protect each other's cells.
    expect(
      isRecoverable(
        handMade(
          m,
          pattern.filter(([i, j]) => !(i === 1 && j === 2)),
        ),
      ),
    ).toBe(false);
    expectSound(m, suppress(m), 5);
  });

  it('suppress goes further than "2 per line" when the pattern it reaches that way is recoverable', () => {
    // Pairing lone hidden cells line by line on this table stops at the pattern below: rows 0
    // and 2 share a rectangle on columns 3 and 4, rows 1 and 3 share one on columns 0 and 2, and
    // column 1 holds only the two small cells (2,1) = 3 and (3,1) = 2, a bridge between them.
    // Every line has 0 or ≥ 2 hidden cells, yet both small cells are determined.
    const m = [
      [46, 15, 35, 3, 17],
      [9, 27, 2, 13, 36],
      [28, 3, 39, 3, 2],
      [3, 2, 10, 41, 11],
      [24, 30, 9, 41, 46],
    ];
    const lineByLine: [number, number][] = [
      [0, 3],
      [0, 4],
      [1, 0],
      [1, 2],
      [2, 1],
      [2, 3],
      [2, 4],
      [3, 0],
      [3, 1],
      [3, 2],
    ];
    const naive = handMade(m, lineByLine);
    for (const h of hiddenPerLine(naive)) expect(h === 0 || h >= 2).toBe(true);
    expect(isRecoverable(naive)).toBe(true);

    const r = suppress(m);
    expectSound(m, r, 5);
    const hidden = hiddenCells(r);
    for (const [i, j] of lineByLine) expect(hidden).toContain(`${i},${j}`);
    expect(hidden.length).toBeGreaterThan(lineByLine.length);
  });
});

describe('(d) isRecoverable', () => {
  const m = [
    [12, 9, 10],
    [8, 14, 7],
    [10, 11, 20],
  ];

  it('is true for a single hidden cell in a row (subtraction)', () => {
    expect(isRecoverable(handMade(m, [[0, 1]]))).toBe(true);
    expect(bruteForceRecoverable(handMade(m, [[0, 1]]))).toBe(true);
  });

  it('is false for a 2×2 rectangle of hidden cells', () => {
    const rectangle = handMade(m, [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(isRecoverable(rectangle)).toBe(false);
    expect(bruteForceRecoverable(rectangle)).toBe(false);
    // The same with a small (primary) cell in a corner.
    const withSmall = handMade(
      [
        [3, 9, 10],
        [8, 12, 7],
        [10, 10, 10],
      ],
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
    );
    expect(withSmall.cells[0]![0]!.primary).toBe(true);
    expect(isRecoverable(withSmall)).toBe(false);
    expect(bruteForceRecoverable(withSmall)).toBe(false);
  });

  it('is true when the bounds a reader knows fix a value, though the equations alone do not', () => {
    // "< 5" + a complementary cell (≥ 5) = 6: the small cell is 1.
    const oneAndFive = handMade(
      [
        [1, 5, 20],
        [5, 9, 20],
        [30, 30, 30],
      ],
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
    );
    expect(isRecoverable(oneAndFive)).toBe(true);
    expect(bruteForceRecoverable(oneAndFive)).toBe(true);
    // Two hidden cells summing to 2: both are 1 (a hidden count is never 0).
    const twoOnes = handMade(
      [
        [1, 1, 20],
        [6, 9, 20],
        [30, 30, 30],
      ],
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
    );
    expect(isRecoverable(twoOnes)).toBe(true);
    expect(bruteForceRecoverable(twoOnes)).toBe(true);
  });

  it('sees a hidden total that the other totals give away', () => {
    // Row total 3 hidden alone: it is the grand total minus the other row totals.
    const m2 = [
      [1, 2, 0],
      [20, 30, 40],
      [25, 35, 45],
    ];
    expect(
      isRecoverable(
        handMade(
          m2,
          [
            [0, 0],
            [0, 1],
            [1, 0],
            [1, 1],
          ],
          5,
          [0],
        ),
      ),
    ).toBe(true);
    expect(
      isRecoverable(
        handMade(
          m2,
          [
            [0, 0],
            [0, 1],
            [1, 0],
            [1, 1],
          ],
          5,
          [0, 1],
        ),
      ),
    ).toBe(false);
  });

  it('agrees with a brute-force enumeration on random hand-made patterns', () => {
    const next = mulberry32(20240601);
    let recoverable = 0;
    let checked = 0;
    while (checked < 120) {
      const k = next() < 0.5 ? 3 : 5;
      const m = randomMatrix(next, 2, 3, 9);
      const cells: [number, number][] = m.flatMap((r, i) =>
        r.flatMap((v, j): [number, number][] => (v > 0 && (v < k || next() < 0.6) ? [[i, j]] : [])),
      );
      if (cells.length > 5) continue; // keep the enumeration small
      const hideRows = rowSums(m).flatMap((v, i) => (v > 0 && (v < k || next() < 0.3) ? [i] : []));
      const hideCols = colSums(m).flatMap((v, j) => (v > 0 && (v < k || next() < 0.3) ? [j] : []));
      const result = handMade(m, cells, k, hideRows, hideCols);
      const expected = bruteForceRecoverable(result);
      expect(isRecoverable(result), JSON.stringify({ m, cells, hideRows, hideCols, k })).toBe(expected);
      if (expected) recoverable++;
      checked++;
    }
    // Both answers occur (random patterns are mostly recoverable; suppress's are covered below).
    expect(recoverable).toBeGreaterThan(0);
    expect(recoverable).toBeLessThan(checked);
  });

  it('agrees with the brute force on what suppress produces for tiny tables', () => {
    const next = mulberry32(7);
    let checked = 0;
    for (let n = 0; n < 60; n++) {
      const m = randomMatrix(next, 2, 3, 9);
      const r = suppress(m);
      if (r.grandTotal.suppressed || hiddenCells(r).length > 6) continue;
      expect(bruteForceRecoverable(r), JSON.stringify(m)).toBe(false);
      if (hiddenCells(r).length > 0) checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('rejects a malformed or inconsistent result', () => {
    const r = handMade(m, [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(() => isRecoverable({ ...r, rowTotals: r.rowTotals.slice(1) })).toThrow(RangeError);
    // Published totals that no table of counts can meet.
    expect(() => isRecoverable({ ...r, grandTotal: { value: 1000, suppressed: false, primary: false } })).toThrow(
      RangeError,
    );
  });
});

describe('(e) small totals', () => {
  it('hides a small row total, and a second row total so the grand total does not give it away', () => {
    const m = [
      [1, 2, 0],
      [20, 30, 40],
      [25, 35, 45],
    ];
    const r = suppress(m);
    expect(r.rowTotals[0]).toEqual({ value: null, suppressed: true, primary: true });
    expect(r.hiddenTotals.rows[0]).toBe(true);
    expect(r.hiddenTotals.rows.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(r.hiddenTotals.cols).toEqual([false, false, false]);
    expect(r.grandTotal).toEqual({ value: 198, suppressed: false, primary: false });
    expectSound(m, r, 5);
  });

  it('hides a small column total', () => {
    const m = [
      [2, 20, 17],
      [0, 30, 16],
      [0, 25, 40],
    ];
    const r = suppress(m);
    expect(r.colTotals[0]).toEqual({ value: null, suppressed: true, primary: true });
    expect(r.hiddenTotals.cols.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expectSound(m, r, 5);
  });

  it('hides a small grand total, and then every non-zero number', () => {
    const m = [
      [1, 0],
      [0, 2],
    ];
    const r = suppress(m);
    expect(r.grandTotal).toEqual({ value: null, suppressed: true, primary: true });
    expect(r.hiddenTotals).toEqual({ rows: [true, true], cols: [true, true], grand: true });
    expect(r.cells.map((row) => row.map((c) => c.value))).toEqual([
      [null, 0],
      [0, null],
    ]);
    expectSound(m, r, 5);
  });
});

describe('(f) vectors', () => {
  it('leaves a vector without small counts unchanged', () => {
    const v = suppressVector([10, 0, 30]);
    expect(v.cells.map((c) => c.value)).toEqual([10, 0, 30]);
    expect(v.cells.every((c) => !c.suppressed)).toBe(true);
    expect(v).toMatchObject({ total: { value: 40, suppressed: false }, totalHidden: false });
  });

  it('hides one small value with the smallest other non-zero value, keeping the total', () => {
    const v = suppressVector([30, 2, 0, 7, 12]);
    expect(v.cells).toEqual([
      { value: 30, suppressed: false, primary: false },
      { value: null, suppressed: true, primary: true },
      { value: 0, suppressed: false, primary: false },
      { value: null, suppressed: true, primary: false },
      { value: 12, suppressed: false, primary: false },
    ]);
    expect(v.total).toEqual({ value: 51, suppressed: false, primary: false });
    expect(v.totalHidden).toBe(false);
  });

  it('needs no partner for two small values that do not give each other away', () => {
    const v = suppressVector([3, 2, 40]);
    expect(v.cells.map((c) => c.suppressed)).toEqual([true, true, false]);
    expect(v.cells.map((c) => c.primary)).toEqual([true, true, false]);
  });

  it('hides the total when the only non-zero value is small', () => {
    const v = suppressVector([0, 3, 0]);
    expect(v.cells.map((c) => c.value)).toEqual([0, null, 0]);
    expect(v).toMatchObject({ total: { value: null, suppressed: true, primary: true }, totalHidden: true });
  });

  it('hides more when the bounds would give the small value away', () => {
    // Hiding 1 and 5 leaves "< 5" + "≥ 5" = 6, so 1 and 5: the third value must go too.
    const v = suppressVector([1, 5, 30]);
    expect(v.cells.map((c) => c.suppressed)).toEqual([true, true, true]);
    expect(v.total.value).toBe(36);
    // Two ones summing to 2 are both 1.
    expect(suppressVector([1, 1, 40]).cells.map((c) => c.suppressed)).toEqual([true, true, true]);
  });

  it('handles the empty vector', () => {
    expect(suppressVector([])).toEqual({
      cells: [],
      total: { value: 0, suppressed: false, primary: false },
      totalHidden: false,
    });
  });
});

describe('(g) property: random tables', () => {
  it('200 random matrices, 2..6 × 2..6, counts 0..20: every small count hidden, no zero hidden, never recoverable', () => {
    const next = mulberry32(42);
    let withSmall = 0;
    for (let n = 0; n < 200; n++) {
      const m = randomMatrix(next, 2, 6, 20);
      const r = suppress(m);
      expectSound(m, r, 5);
      if (m.flat().some((v) => v >= 1 && v < 5)) withSmall++;
      else expect(hiddenCells(r)).toEqual([]);
    }
    expect(withSmall).toBeGreaterThan(150); // the generator does exercise suppression
  });
});

describe('(h) configurable threshold', () => {
  const m = [
    [2, 3, 10, 14],
    [5, 7, 8, 20],
    [9, 11, 12, 30],
  ];

  it('k = 3 hides only 1 and 2', () => {
    const r = suppress(m, 3);
    expect(r.k).toBe(3);
    expect(r.cells[0]![0]!.primary).toBe(true);
    expect(r.cells.flat().filter((c) => c.primary).length).toBe(1);
    expectSound(m, r, 3);
  });

  it('k = 10 hides 1 to 9', () => {
    const r = suppress(m, 10);
    expect(r.cells.flat().filter((c) => c.primary).length).toBe(m.flat().filter((v) => v < 10).length);
    expectSound(m, r, 10);
  });

  it('k = 3 and k = 10 on random tables, and vectors', () => {
    const next = mulberry32(99);
    for (const k of [3, 10]) {
      for (let n = 0; n < 40; n++) {
        const m2 = randomMatrix(next, 2, 5, 20);
        expectSound(m2, suppress(m2, k), k);
      }
    }
    expect(suppressVector([2, 3, 40], 3).cells.map((c) => c.primary)).toEqual([true, false, false]);
    expect(suppressVector([2, 3, 40], 3).cells.map((c) => c.suppressed)).toEqual([true, true, false]);
    expect(suppressVector([6, 9, 40], 10).cells.map((c) => c.primary)).toEqual([true, true, false]);
  });

  it('k = 2: a "< 2" label already says 1; the rest is protected as far as the labels allow', () => {
    // A lone "< 2" beside published numbers is not reported (the label, not the table, tells),
    // but its row still gets a partner, as any primary cell.
    const r = suppress(
      [
        [1, 9, 12],
        [7, 8, 10],
        [6, 11, 13],
      ],
      2,
    );
    expect(r.cells[0]![0]).toEqual({ value: null, suppressed: true, primary: true });
    expect(hiddenCells(r).length).toBeGreaterThanOrEqual(4);
    expectSound(
      [
        [1, 9, 12],
        [7, 8, 10],
        [6, 11, 13],
      ],
      r,
      2,
    );
    // Two "< 2" making a whole row say that its total is 2, whatever else is hidden: suppress
    // hides every non-zero number and the audit still, rightly, reports the deduction.
    const ones = suppress(
      [
        [2, 3],
        [1, 1],
        [5, 0],
      ],
      2,
    );
    expect(ones.cells.flat().filter((c) => c.suppressed).length).toBe(5);
    expect(isRecoverable(ones)).toBe(true);
  });
});
