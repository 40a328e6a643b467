/**
 * Statistical disclosure control for published tables (docs/domain/statistics.md, "Disclosure
 * control"): small-cell suppression with complementary suppression and an exact audit.
 *
 * `suppress` and `isRecoverable` protect and audit one table on its own. What the application
 * publishes is protected by `protectLinked` (further down) over every table of every view of a
 * year at once (lib/statistics/publication.ts), because views put side by side give away what
 * each table hides on its own.
 *
 * A table is a matrix of counts with its row totals, column totals and grand total. We treat
 * all of them as *entries* tied by additive *lines*: each matrix row with its row total, each
 * column with its column total, the column totals with the grand total, and the row totals
 * with the grand total. Every line says `total = sum of parts`.
 *
 * What a reader of the published table knows (the attacker model of the audit):
 * - every published number, and every line equation;
 * - a hidden entry is not 0 (zeros are always shown), so it is ≥ 1;
 * - a primary entry is shown as "< k", so it is ≤ k − 1;
 * - a complementary entry is not small (every small count is primary), so it is ≥ k.
 * The last point assumes the reader can tell primary from complementary entries (the result
 * says which is which, so a page may show them differently). It is the strongest reader: a
 * table that protects against it protects against any reader who knows less, because less
 * knowledge only widens the set of tables consistent with what is published.
 *
 * A hidden entry is *recoverable* when all tables consistent with that knowledge agree on its
 * value. Two ways this happens, and the audit checks both, with exact rational arithmetic:
 * - linearly: the entry's unit vector lies in the row space of the line equations restricted to
 *   the hidden entries (Gaussian elimination), e.g. a line with a single hidden entry;
 * - through the bounds: e.g. "< 5" and a complementary cell summing to 6 (must be 1 and 5), or
 *   two hidden cells summing to 2 (both must be 1). The audit decides it with small linear
 *   programs: from a feasible table x0, the entry can move iff some direction d with A·d = 0
 *   changes it without pushing an entry that sits on one of its bounds past that bound.
 * The line equations of a table with margins form a network (flow) matrix, which is totally
 * unimodular; with integer bounds every vertex of the feasible polytope is integral, so an
 * entry whose real range is a single point is exactly an entry whose integer range is a single
 * value: no integer programming is needed.
 *
 * On plain non-negativity (x ≥ 0) as the only bound: it could only fix a value when the hidden
 * parts of a line sum to 0 (then all are 0). Zeros are never hidden, so every hidden value is
 * ≥ 1 and that case cannot arise; the ≥ 1 and ≤ k − 1 bounds above are the ones that matter.
 *
 * With k = 2, "< 2" on a non-zero count already says 1: the label discloses the value and no
 * pattern of suppression can help. The audit treats such entries as known (fixed by their
 * label), does not report them as recoverable, and protects the other hidden entries as far as
 * possible; but what follows from the labels alone (two "< 2" cells making a whole row: its
 * total is 2) cannot be hidden, so with k = 2 `suppress` may end with everything non-zero
 * hidden and `isRecoverable` still true. Use k ≥ 3 for published tables.
 *
 * The module is pure: no I/O, no randomness, deterministic results (ties are broken by
 * position), no dependencies.
 */

export type Cell = number; // a count, integer >= 0

/** One published number: `value` is null when hidden. `primary`: hidden because 1 ≤ value < k (shown "< k"). */
export interface Suppressed {
  value: number | null;
  suppressed: boolean;
  primary: boolean;
}

export interface SuppressionResult {
  /** The threshold used: primary entries are shown as "< k". */
  k: number;
  /** Same shape as the input matrix. */
  cells: Suppressed[][];
  /**
   * Totals are published unless they are small themselves (primary, shown "< k"), or hidden as
   * partners (complementary) when there is no other way: a small row total needs a second
   * hidden row total, else "grand total − the other row totals" gives it away. A hidden total's
   * value is null, like a hidden cell's, so that a hidden number never travels with the table.
   */
  rowTotals: Suppressed[];
  colTotals: Suppressed[];
  grandTotal: Suppressed;
  /** Which totals are hidden (the same information as `suppressed` on the totals). */
  hiddenTotals: { rows: boolean[]; cols: boolean[]; grand: boolean };
}

const DEFAULT_K = 5;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Small-cell suppression of a rows × columns table of counts, with its totals. Every count in
 * 1..k−1 is hidden (primary); complementary entries are added until the audit finds no hidden
 * entry recoverable, or until every non-zero entry is hidden. A table without small counts is
 * returned with nothing hidden.
 */
export function suppress(matrix: Cell[][], k: number = DEFAULT_K): SuppressionResult {
  checkK(k);
  const rows = matrix.length;
  const cols = rows === 0 ? 0 : (matrix[0]?.length ?? 0);
  for (const row of matrix) {
    if (row.length !== cols) throw new RangeError('suppress: the matrix must be rectangular');
    for (const v of row) checkCount(v);
  }
  const layout = tableLayout(rows, cols);
  const values = tableValues(matrix, cols);
  const { hidden, primary } = protect(layout, values, k);
  return tableResult(rows, cols, values, hidden, primary, k);
}

/** For one-dimensional tables (a list of counts with a total). */
export function suppressVector(
  values: Cell[],
  k: number = DEFAULT_K,
): { cells: Suppressed[]; total: Suppressed; totalHidden: boolean } {
  checkK(k);
  for (const v of values) checkCount(v);
  const n = values.length;
  const layout: Layout = {
    kinds: [...values.map((): EntryKind => CELL), GRAND],
    lines: [{ parts: values.map((_, i) => i), total: n }],
    linesOf: [...values.map(() => [0]), [0]],
  };
  const all = [...values, values.reduce((a, b) => a + b, 0)];
  const { hidden, primary } = protect(layout, all, k);
  const published = all.map((v, i) => publish(v, hidden[i] === true, primary[i] === true));
  const total = published[n]!;
  return { cells: published.slice(0, n), total, totalHidden: total.suppressed };
}

/**
 * True when the exact value of some hidden entry (cell or total) can be deduced from what the
 * result publishes: its published numbers, the line equations, and the bounds a reader knows
 * (see the module comment). Works from the published result alone: it first finds a table
 * consistent with it (an exact linear program), then audits every hidden entry.
 * Throws when the result is malformed or no table of counts is consistent with it.
 */
export function isRecoverable(result: SuppressionResult): boolean {
  const { k } = result;
  checkK(k);
  const rows = result.cells.length;
  const cols = rows === 0 ? 0 : (result.cells[0]?.length ?? 0);
  if (
    result.cells.some((r) => r.length !== cols) ||
    result.rowTotals.length !== rows ||
    result.colTotals.length !== cols
  ) {
    throw new RangeError('isRecoverable: cells and totals do not have matching shapes');
  }
  const entries: Suppressed[] = [...result.cells.flat(), ...result.rowTotals, ...result.colTotals, result.grandTotal];
  const hidden = entries.map((e) => e.suppressed);
  const primary = entries.map((e) => e.suppressed && e.primary);
  const values = entries.map((e) => {
    if (e.suppressed) return 0; // unknown: never read by the audit (only published values are)
    if (e.value === null) throw new RangeError('isRecoverable: a published entry has no value');
    checkCount(e.value);
    return e.value;
  });
  return audit(tableLayout(rows, cols), values, hidden, primary, k, null).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Layout: entries and lines
// ---------------------------------------------------------------------------------------------

/** Entry kinds, in the order we prefer to hide them: cells first, totals only when needed, the grand total last. */
const CELL = 0;
const TOTAL = 1;
const GRAND = 2;
type EntryKind = typeof CELL | typeof TOTAL | typeof GRAND;

/** `total = sum of parts`, by entry index. */
interface Line {
  parts: number[];
  total: number;
}

interface Layout {
  kinds: EntryKind[];
  lines: Line[];
  /** For each entry, the lines it belongs to. */
  linesOf: number[][];
}

/**
 * Entries of an R × C table: cells (i*C + j), then row totals, column totals, grand total.
 * Lines: each row, each column, the column totals (with the grand total), the row totals (with
 * the grand total). The last two are what makes a lone hidden row total recoverable as
 * "grand total − the other row totals".
 */
function tableLayout(rows: number, cols: number): Layout {
  const cell = (i: number, j: number) => i * cols + j;
  const rowTotal = (i: number) => rows * cols + i;
  const colTotal = (j: number) => rows * cols + rows + j;
  const grand = rows * cols + rows + cols;
  const kinds: EntryKind[] = [];
  for (let e = 0; e < rows * cols; e++) kinds.push(CELL);
  for (let e = 0; e < rows + cols; e++) kinds.push(TOTAL);
  kinds.push(GRAND);
  const lines: Line[] = [];
  for (let i = 0; i < rows; i++) lines.push({ parts: range(cols).map((j) => cell(i, j)), total: rowTotal(i) });
  for (let j = 0; j < cols; j++) lines.push({ parts: range(rows).map((i) => cell(i, j)), total: colTotal(j) });
  lines.push({ parts: range(cols).map(colTotal), total: grand });
  lines.push({ parts: range(rows).map(rowTotal), total: grand });
  const linesOf: number[][] = kinds.map(() => []);
  lines.forEach((line, l) => {
    for (const e of [...line.parts, line.total]) linesOf[e]!.push(l);
  });
  return { kinds, lines, linesOf };
}

function tableValues(matrix: Cell[][], cols: number): number[] {
  const rowSums = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const colSums = range(cols).map((j) => matrix.reduce((a, r) => a + (r[j] ?? 0), 0));
  const grand = rowSums.reduce((a, b) => a + b, 0);
  return [...matrix.flat(), ...rowSums, ...colSums, grand];
}

function tableResult(
  rows: number,
  cols: number,
  values: number[],
  hidden: boolean[],
  primary: boolean[],
  k: number,
): SuppressionResult {
  const published = values.map((v, e) => publish(v, hidden[e] === true, primary[e] === true));
  const base = rows * cols;
  const rowTotals = published.slice(base, base + rows);
  const colTotals = published.slice(base + rows, base + rows + cols);
  const grandTotal = published[base + rows + cols]!;
  return {
    k,
    cells: range(rows).map((i) => published.slice(i * cols, (i + 1) * cols)),
    rowTotals,
    colTotals,
    grandTotal,
    hiddenTotals: {
      rows: rowTotals.map((t) => t.suppressed),
      cols: colTotals.map((t) => t.suppressed),
      grand: grandTotal.suppressed,
    },
  };
}

function publish(value: number, hidden: boolean, primary: boolean): Suppressed {
  return hidden ? { value: null, suppressed: true, primary } : { value, suppressed: false, primary: false };
}

// ---------------------------------------------------------------------------------------------
// Suppression
// ---------------------------------------------------------------------------------------------

/**
 * Primary suppression, then complementary suppression until the audit passes.
 * Invariants: zeros are never hidden (a zero is not sensitive, and a reader knows it, so it
 * could not protect anything); every entry in 1..k−1 is hidden; each round hides at least one
 * more entry or stops, so the loop ends after at most as many rounds as there are entries.
 */
function protect(layout: Layout, values: number[], k: number): { hidden: boolean[]; primary: boolean[] } {
  const primary = values.map((v) => v >= 1 && v < k);
  const hidden = primary.slice();
  if (!hidden.includes(true)) return { hidden, primary };
  for (;;) {
    closeLines(layout, values, hidden);
    const recoverable = audit(layout, values, hidden, primary, k, values);
    if (recoverable.length === 0) break;
    const extra = partnerForRecoverable(layout, values, hidden, recoverable);
    if (extra === null) break; // everything that could be hidden is hidden
    hidden[extra] = true;
  }
  return { hidden, primary };
}

/**
 * The cheap first step: a line with exactly one hidden entry gives it away by subtraction, so
 * give it a partner, until every line has 0 or ≥ 2 hidden entries. A partner always exists: if
 * the lone hidden entry is a part, the total is ≥ it > 0 and published; if it is the total, one
 * of its parts is non-zero and published.
 */
function closeLines(layout: Layout, values: number[], hidden: boolean[]): void {
  for (let changed = true; changed;) {
    changed = false;
    layout.lines.forEach((line, l) => {
      const members = [...line.parts, line.total];
      if (members.filter((e) => hidden[e]).length !== 1) return;
      const best = bestCandidate(
        layout,
        values,
        hidden,
        members.map((e) => ({ entry: e, line: l })),
      );
      if (best === null) return;
      hidden[best] = true;
      changed = true;
    });
  }
}

/** A recoverable entry: hide the best non-zero published entry on one of its lines, else anywhere. */
function partnerForRecoverable(
  layout: Layout,
  values: number[],
  hidden: boolean[],
  recoverable: number[],
): number | null {
  for (const r of recoverable) {
    const near = (layout.linesOf[r] ?? []).flatMap((l) => {
      const line = layout.lines[l]!;
      return [...line.parts, line.total].map((e) => ({ entry: e, line: l }));
    });
    const best = bestCandidate(layout, values, hidden, near);
    if (best !== null) return best;
  }
  return bestCandidate(
    layout,
    values,
    hidden,
    values.map((_, e) => ({ entry: e, line: -1 })),
  );
}

/**
 * The entry to hide among candidates, to lose as little as possible: a cell rather than a
 * total; then one whose other line has exactly one hidden entry (hiding it mends that line
 * too), else one whose other line already has hidden entries (it stays balanced), else any;
 * then the smallest value; then the first position (determinism).
 */
function bestCandidate(
  layout: Layout,
  values: number[],
  hidden: boolean[],
  candidates: { entry: number; line: number }[],
): number | null {
  const hiddenIn = (l: number) => {
    const line = layout.lines[l]!;
    return [...line.parts, line.total].filter((e) => hidden[e]).length;
  };
  let best: { entry: number; key: number[] } | null = null;
  for (const { entry, line } of candidates) {
    const value = values[entry]!;
    if (hidden[entry] || value === 0) continue;
    const others = (layout.linesOf[entry] ?? []).filter((l) => l !== line).map(hiddenIn);
    const cross = Math.min(2, ...others.map((h) => (h === 1 ? 0 : h >= 2 ? 1 : 2)));
    const key = [layout.kinds[entry]!, cross, value, entry];
    if (best === null || lexLess(key, best.key)) best = { entry, key };
  }
  return best?.entry ?? null;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------

/**
 * The hidden entries whose value is determined by what is published (sorted by position).
 * `point` is a table consistent with the publication (the true values, when we have them);
 * when null, one is found with an exact phase-1 simplex.
 */
function audit(
  layout: Layout,
  values: number[],
  hidden: boolean[],
  primary: boolean[],
  k: number,
  point: number[] | null,
): number[] {
  const vars: number[] = [];
  hidden.forEach((h, e) => {
    if (h) vars.push(e);
  });
  if (vars.length === 0) return [];
  const varOf = new Map(vars.map((e, u) => [e, u]));
  const n = vars.length;

  // Bounds known to the reader (module comment). hi null: no upper bound.
  const lo = vars.map((e) => (primary[e] ? 1 : k));
  const hi = vars.map((e): number | null => (primary[e] ? k - 1 : null));

  // The line equations restricted to the hidden entries: coefficients (+1 total, −1 parts) and
  // the right-hand side from the published entries of the line.
  const equations: { coeffs: Q[]; rhs: Q }[] = [];
  for (const line of layout.lines) {
    const coeffs: Q[] = new Array<Q>(n).fill(ZERO);
    let rhs = 0;
    let touches = false;
    for (const [e, sign] of [[line.total, 1], ...line.parts.map((p) => [p, -1] as const)] as const) {
      const u = varOf.get(e);
      if (u === undefined) rhs -= sign * values[e]!;
      else {
        coeffs[u] = add(coeffs[u]!, q(sign));
        touches = true;
      }
    }
    if (touches) equations.push({ coeffs, rhs: q(rhs) });
    else if (rhs !== 0) throw new RangeError('isRecoverable: published numbers do not add up');
  }

  // Linear determination: the null space of the equations. A hidden entry is determined iff
  // every null-space vector is 0 on it.
  const { rows, pivots } = rref(
    equations.map((eq) => eq.coeffs),
    n,
  );
  const isPivot = new Array<boolean>(n).fill(false);
  for (const p of pivots) isPivot[p] = true;
  const free = range(n).filter((u) => !isPivot[u]);
  // basis[f] is the null-space vector with 1 on free[f]; M[u][f] = basis[f][u], so d = M·t.
  const M: Q[][] = range(n).map(() => free.map(() => ZERO));
  free.forEach((u, f) => {
    M[u]![f] = ONE;
  });
  rows.forEach((row, i) => {
    free.forEach((u, f) => {
      M[pivots[i]!]![f] = neg(row[u]!);
    });
  });
  const determined = range(n).map((u) => M[u]!.every(isZero));

  // A feasible table, exact.
  const x0: Q[] = point ? vars.map((e) => q(point[e]!)) : feasiblePoint(equations, lo, hi);
  const atLower = range(n).map((u) => eq(x0[u]!, q(lo[u]!)));
  const atUpper = range(n).map((u) => {
    const h = hi[u] ?? null;
    return h !== null && eq(x0[u]!, q(h));
  });
  const fixedByLabel = range(n).map((u) => hi[u] !== null && hi[u] === lo[u]);

  // Movable entries: those some feasible direction changes. A direction d = M·t is feasible at
  // x0 iff it does not push an entry past the bound it sits on (the polytope is convex, so any
  // other consistent table y gives such a direction, y − x0, and conversely).
  const movable = new Array<boolean>(n).fill(false);
  const feasibleDirection = (d: Q[]) =>
    d.every((di, u) => !((atLower[u] && sign(di) < 0) || (atUpper[u] && sign(di) > 0)));
  const mark = (d: Q[]) => d.forEach((di, u) => !isZero(di) && (movable[u] = true));
  // Cheap first: each null-space basis vector, both ways. When no entry sits on a bound (the
  // usual case) this already settles every entry that is not linearly determined.
  free.forEach((_, f) => {
    const d = range(n).map((u) => M[u]![f]!);
    if (feasibleDirection(d)) mark(d);
    const minus = d.map(neg);
    if (feasibleDirection(minus)) mark(minus);
  });
  const recoverable: number[] = [];
  for (let u = 0; u < n; u++) {
    if (fixedByLabel[u]) continue; // disclosed by its label, not by the table (k = 2)
    if (determined[u]) {
      recoverable.push(vars[u]!);
      continue;
    }
    if (movable[u]) continue;
    for (const direction of [1, -1]) {
      const d = bestDirection(M, free.length, atLower, atUpper, u, direction);
      if (d !== null) {
        mark(d);
        break;
      }
    }
    if (!movable[u]) recoverable.push(vars[u]!);
  }
  return recoverable.sort((a, b) => a - b);
}

/**
 * A feasible direction d = M·t that moves entry v the given way (+1 up, −1 down), or null if
 * none: maximise direction·d_v subject to the bound constraints on entries at a bound and the
 * normalisation Σ|t| ≤ 1 (t = t⁺ − t⁻), which keeps the programme bounded. All right-hand
 * sides are 0 but one, so the slack basis is feasible from the start.
 */
function bestDirection(
  M: Q[][],
  freeCount: number,
  atLower: boolean[],
  atUpper: boolean[],
  v: number,
  direction: number,
): Q[] | null {
  const n = M.length;
  if (freeCount === 0) return null;
  const width = 2 * freeCount; // t⁺ then t⁻
  const constraintRows: Q[][] = [];
  for (let u = 0; u < n; u++) {
    // atLower: d_u ≥ 0, i.e. −M_u·t ≤ 0; atUpper: d_u ≤ 0, i.e. M_u·t ≤ 0.
    for (const s of [atLower[u] ? -1 : 0, atUpper[u] ? 1 : 0]) {
      if (s === 0 || M[u]!.every(isZero)) continue;
      const row = M[u]!.map((m) => mul(m, q(s)));
      constraintRows.push([...row, ...row.map(neg)]);
    }
  }
  constraintRows.push(new Array<Q>(width).fill(ONE));
  const m = constraintRows.length;
  const objectiveRow = M[v]!.map((c) => mul(c, q(direction)));
  const cost = [...objectiveRow, ...objectiveRow.map(neg), ...new Array<Q>(m).fill(ZERO)];
  const tableau: Tableau = {
    rows: constraintRows.map((row, i) => [...row, ...range(m).map((j) => (j === i ? ONE : ZERO))]),
    rhs: range(m).map((i) => (i === m - 1 ? ONE : ZERO)),
    basis: range(m).map((i) => width + i),
  };
  const { value, x } = maximise(tableau, cost);
  if (sign(value) <= 0) return null;
  const t = range(freeCount).map((f) => sub(x[f]!, x[freeCount + f]!));
  return M.map((row) => row.reduce((acc, c, f) => add(acc, mul(c, t[f]!)), ZERO));
}

/**
 * A table consistent with the publication: phase 1 of the simplex on y = x − lo ≥ 0, with
 * y ≤ hi − lo where there is an upper bound. Throws when there is none.
 */
function feasiblePoint(equations: { coeffs: Q[]; rhs: Q }[], lo: number[], hi: (number | null)[]): Q[] {
  const n = lo.length;
  const bounded = range(n).filter((u) => hi[u] !== null);
  const width = n + bounded.length + equations.length; // y, slacks, artificials
  const rows: Q[][] = [];
  const rhs: Q[] = [];
  const basis: number[] = [];
  equations.forEach((eq, i) => {
    let r = eq.rhs;
    eq.coeffs.forEach((c, u) => (r = sub(r, mul(c, q(lo[u]!)))));
    const flip = sign(r) < 0 ? -1 : 1;
    const row = new Array<Q>(width).fill(ZERO);
    eq.coeffs.forEach((c, u) => (row[u] = mul(c, q(flip))));
    row[n + bounded.length + i] = ONE;
    rows.push(row);
    rhs.push(mul(r, q(flip)));
    basis.push(n + bounded.length + i);
  });
  bounded.forEach((u, b) => {
    const row = new Array<Q>(width).fill(ZERO);
    row[u] = ONE;
    row[n + b] = ONE;
    rows.push(row);
    rhs.push(q(hi[u]! - lo[u]!));
    basis.push(n + b);
  });
  const cost = range(width).map((j) => (j >= n + bounded.length ? q(-1) : ZERO));
  const { value, x } = maximise({ rows, rhs, basis }, cost);
  if (sign(value) !== 0)
    throw new RangeError('isRecoverable: no table of counts is consistent with the published result');
  return range(n).map((u) => add(x[u]!, q(lo[u]!)));
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic: rationals over bigint, Gaussian elimination, simplex
// ---------------------------------------------------------------------------------------------

/** A rational n/d with d > 0 and gcd(n, d) = 1. */
interface Q {
  readonly n: bigint;
  readonly d: bigint;
}
const ZERO: Q = { n: 0n, d: 1n };
const ONE: Q = { n: 1n, d: 1n };

function q(value: number): Q {
  return { n: BigInt(value), d: 1n };
}
function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
function make(n: bigint, d: bigint): Q {
  if (n === 0n) return ZERO;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (d === 1n) return { n, d };
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}
function add(a: Q, b: Q): Q {
  return a.d === b.d ? make(a.n + b.n, a.d) : make(a.n * b.d + b.n * a.d, a.d * b.d);
}
function sub(a: Q, b: Q): Q {
  return a.d === b.d ? make(a.n - b.n, a.d) : make(a.n * b.d - b.n * a.d, a.d * b.d);
}
function mul(a: Q, b: Q): Q {
  if (a.n === 0n || b.n === 0n) return ZERO;
  return make(a.n * b.n, a.d * b.d);
}
function div(a: Q, b: Q): Q {
  if (b.n === 0n) throw new RangeError('division by zero');
  return make(a.n * b.d, a.d * b.n);
}
function neg(a: Q): Q {
  return a.n === 0n ? ZERO : { n: -a.n, d: a.d };
}
function sign(a: Q): number {
  return a.n > 0n ? 1 : a.n < 0n ? -1 : 0;
}
function isZero(a: Q): boolean {
  return a.n === 0n;
}
function eq(a: Q, b: Q): boolean {
  return a.n === b.n && a.d === b.d;
}
function less(a: Q, b: Q): boolean {
  return a.n * b.d < b.n * a.d;
}

/** Reduced row echelon form: the non-zero rows and, for each, its pivot column. */
function rref(input: Q[][], width: number): { rows: Q[][]; pivots: number[] } {
  const rows = input.map((r) => r.slice());
  const pivots: number[] = [];
  let top = 0;
  for (let col = 0; col < width && top < rows.length; col++) {
    const found = rows.findIndex((r, i) => i >= top && !isZero(r[col]!));
    if (found < 0) continue;
    [rows[top], rows[found]] = [rows[found]!, rows[top]!];
    const pivotRow = rows[top]!;
    const p = pivotRow[col]!;
    for (let j = 0; j < width; j++) pivotRow[j] = div(pivotRow[j]!, p);
    rows.forEach((r, i) => {
      if (i === top || isZero(r[col]!)) return;
      const factor = r[col]!;
      for (let j = 0; j < width; j++) r[j] = sub(r[j]!, mul(factor, pivotRow[j]!));
    });
    pivots.push(col);
    top++;
  }
  return { rows: rows.slice(0, top), pivots };
}

/** Rows in canonical form for `basis` (the basic column of row i is a unit column), rhs ≥ 0. */
interface Tableau {
  rows: Q[][];
  rhs: Q[];
  basis: number[];
}

/**
 * Maximise cost·x over the tableau's polyhedron, x ≥ 0, from its (feasible) basis. Bland's rule
 * (smallest entering index, smallest leaving basic index on ties) rules out cycling on the
 * degenerate programmes the audit produces. Our programmes are bounded by construction.
 */
function maximise(tableau: Tableau, cost: Q[]): { value: Q; x: Q[] } {
  const { rows, rhs, basis } = tableau;
  const width = cost.length;
  // Reduced costs z_j = c_B·a_j − c_j and the objective value c_B·rhs.
  const z = range(width).map((j) =>
    rows.reduce((acc, row, i) => add(acc, mul(cost[basis[i]!]!, row[j]!)), neg(cost[j]!)),
  );
  let value = rows.reduce((acc, _, i) => add(acc, mul(cost[basis[i]!]!, rhs[i]!)), ZERO);
  for (;;) {
    const entering = z.findIndex((zj) => sign(zj) < 0);
    if (entering < 0) break;
    let leaving = -1;
    let bestRatio: Q = ZERO;
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i]![entering]!;
      if (sign(a) <= 0) continue;
      const ratio = div(rhs[i]!, a);
      if (leaving < 0 || less(ratio, bestRatio) || (eq(ratio, bestRatio) && basis[i]! < basis[leaving]!)) {
        bestRatio = ratio;
        leaving = i;
      }
    }
    if (leaving < 0) throw new RangeError('unbounded linear programme'); // cannot happen, see above
    const pivotRow = rows[leaving]!;
    const p = pivotRow[entering]!;
    for (let j = 0; j < width; j++) pivotRow[j] = div(pivotRow[j]!, p);
    rhs[leaving] = div(rhs[leaving]!, p);
    rows.forEach((row, i) => {
      if (i === leaving || isZero(row[entering]!)) return;
      const factor = row[entering]!;
      for (let j = 0; j < width; j++) row[j] = sub(row[j]!, mul(factor, pivotRow[j]!));
      rhs[i] = sub(rhs[i]!, mul(factor, rhs[leaving]!));
    });
    const factor = z[entering]!;
    for (let j = 0; j < width; j++) z[j] = sub(z[j]!, mul(factor, pivotRow[j]!));
    value = sub(value, mul(factor, rhs[leaving]!));
    basis[leaving] = entering;
  }
  const x = new Array<Q>(width).fill(ZERO);
  basis.forEach((b, i) => (x[b] = rhs[i]!));
  return { value, x };
}

// ---------------------------------------------------------------------------------------------
// Linked tables: one suppression for everything a reader can put side by side
// ---------------------------------------------------------------------------------------------
//
// Tables published from the same records are tied to each other: the all-services table is
// the sum of the per-service tables, two tables share a margin (check-lists by sex in the
// nationality table and in the age table), a table is a coarsening of another (EU / non-EU
// from the nationalities), a year's total is a cell of the series over the years. Protecting
// each table on its own then leaks: a small count hidden in one view is the difference of
// numbers published in others. Here every number of every view is an *entry* of one system,
// equal quantities are one entry (so they are shown or hidden together), and every relation a
// reader can know is a line `total = sum of parts` or an inequality `sum ≥ sum` (persons
// oriented ≤ check-lists). Some entries are never published but can be worked out by a
// reader: the detecting services other than the four with a view, for instance, are "all
// services" minus the four. They are *unpublished* entries: unknown to the reader, except that
// a reader is assumed to know which of them are 0 (no organisation of that kind there), and
// protected like hidden ones when they are small.
//
// The proof of protection is constructive. For every hidden entry (and every small unpublished
// one) `protectLinked` keeps a *certificate*: an integer vector d, non-zero on that entry,
// zero on every published entry, that satisfies every line (each line adds up to 0 in d). Then
// x + t·d is a second set of counts that gives every published number and every relation
// exactly as x does, and differs on that entry. A certificate is *bounded* when, for t = +1 or
// −1, x + t·d also keeps every bound a reader knows (a "< k" entry in 1..k−1, a "×" entry ≥ k,
// a non-zero unpublished one ≥ 1) and every inequality: then no reader, with any method (linear
// algebra, bounds, integer programming), can tell which of the two is true. Unlike the
// single-table audit above this needs no total unimodularity: the second table is exhibited,
// in integers. Every hidden entry gets a bounded certificate when one is found, and at least
// an unbounded one otherwise, so that no linear combination of published numbers ever gives a
// hidden one; the entries left with an unbounded one only are reported (`linearOnly`: with
// zeros shown, a reader who counts non-zero cells under a small total can sometimes pin them,
// whatever else is hidden).
//
// Certificates are searched by repairing: start with d = ±1 on the entry, and while a line
// does not add up (or an inequality falls short), move one more entry of it (the most
// constrained first; among its entries, the one that mends most other lines, then the
// cheapest to hide, counting what mending the lines it breaks would cost). In a table this
// closes rectangles; across services and tables, cubes and longer cycles. Each certificate
// found is checked again on its own (`certificateStep`) before it is trusted, and once more
// against the final result.

/** An entry of a linked system. */
export interface LinkedEntry {
  /** The true count, integer ≥ 0. */
  value: number;
  /** The price of hiding it as a partner; lower is hidden first. */
  cost: number;
  /** Never published, but a reader may work it out (a difference of published numbers). */
  unpublished?: boolean;
  /** Decided beforehand: 'shown' may not be hidden; 'hidden' is hidden (and protected) whatever its value. */
  fixed?: 'shown' | 'hidden';
}

export interface LinkedSystem {
  entries: LinkedEntry[];
  /** Every line says: value of `total` = sum of the values of `parts`. */
  lines: { total: number; parts: number[] }[];
  /** Every inequality says: sum of `big` ≥ sum of `small`. */
  atLeast: { big: number[]; small: number[] }[];
}

export interface LinkedResult {
  k: number;
  hidden: boolean[];
  /** Hidden because 1 ≤ value < k (shown "< k"); a hidden entry that is not primary is shown "×". */
  primary: boolean[];
  /**
   * The certificates (entry → move), each protecting every entry it moves; `bounded`: the
   * second table also keeps every bound and inequality a reader knows.
   */
  certificates: { move: Map<number, number>; bounded: boolean }[];
  /** For each entry, the index of its certificate (a bounded one when there is one), or −1. */
  certificateOf: number[];
  /**
   * Entries the equations cannot give away, but for which no second table within the bounds
   * exists or was found: typically k − 1 non-zero cells under a total "< k" (all of them 1), or
   * a total "< k" whose cells are all "< k" and as many. Zeros are shown, so a reader who counts
   * can tell; no suppression of non-zero numbers can change that.
   */
  linearOnly: number[];
  /**
   * Hidden (or small unpublished) entries with no certificate at all. Empty in practice; with
   * k = 2 the "< 2" entries are disclosed by their label and are not listed.
   */
  unprotected: number[];
}

interface Prepared {
  system: LinkedSystem;
  k: number;
  n: number;
  value: number[];
  unpublished: boolean[];
  /** For each entry, its lines with its coefficient there (+1 as total, −1 as part). */
  linesOf: { line: number; coef: number }[][];
  lineMembers: { entry: number; coef: number }[][];
  /** For each entry, its inequalities with its sign there (+1 on the big side, −1 on the small side). */
  atLeastOf: { inequality: number; sign: number }[][];
  inequalityMembers: { entry: number; sign: number }[][];
  /** Σ big − Σ small at the true values (≥ 0). */
  slack: number[];
}

/**
 * Search phases (may hide more, step budget), for a second table within the bounds and for one
 * the equations cannot tell apart. The first fails often and for good (the bounds pin the value,
 * see `linearOnly`), so it is kept short; the second must succeed and gets more room.
 */
const BOUNDED_PHASES: [boolean, number][] = [
  [false, 200],
  [true, 2000],
];
const LINEAR_PHASES: [boolean, number][] = [
  [false, 200],
  [true, 2000],
  [true, 50000],
];
const MAX_SUPPORT = 400;
const MAX_DEPTH = 240;
const SOLUTIONS = 4;
const AFTER_FIRST = 50;

/**
 * Complementary suppression over a linked system: every published entry in 1..k−1 is hidden
 * ("< k"), then partners until every hidden entry, and every unpublished one in 1..k−1, has a
 * certificate (see above). Deterministic.
 */
export function protectLinked(system: LinkedSystem, k: number = DEFAULT_K): LinkedResult {
  checkK(k);
  const p = prepare(system, k);
  const { n, value, unpublished } = p;
  const fixed = system.entries.map((e) => e.fixed);
  const primary = range(n).map((e) => !unpublished[e] && value[e]! >= 1 && value[e]! < k);
  const hidden = range(n).map((e) => unpublished[e]! || primary[e]! || (fixed[e] === 'hidden' && value[e]! > 0));
  for (let e = 0; e < n; e++)
    if (primary[e] && fixed[e] === 'shown')
      throw new RangeError(`protectLinked: entry ${e} is small but fixed as shown`);
  // With k = 2, "< 2" says 1: such an entry is known from its label and cannot move.
  const pinned = (e: number) => primary[e]! && k === 2;
  const needs = (e: number) =>
    (hidden[e]! && !unpublished[e] && !pinned(e)) || (unpublished[e]! && value[e]! >= 1 && value[e]! < k);

  const certificates: { move: Map<number, number>; bounded: boolean }[] = [];
  const certificateOf = new Array<number>(n).fill(-1);
  const bounded = (e: number) => certificateOf[e] !== -1 && certificates[certificateOf[e]!]!.bounded;
  const adopt = (move: Map<number, number>, withBounds: boolean) => {
    const index = certificates.length;
    certificates.push({ move, bounded: withBounds });
    for (const f of move.keys()) {
      if (!unpublished[f]) hidden[f] = true;
      if (certificateOf[f] === -1 || (withBounds && !bounded(f))) certificateOf[f] = index;
    }
  };
  const price = (f: number) => (hidden[f]! || unpublished[f]! ? 0 : system.entries[f]!.cost);
  // An unpublished count is assumed known to be zero when it is (a reader may know that no
  // organisation of that kind worked there), and otherwise at least 1.
  const bounds = (f: number): [number, number] =>
    unpublished[f] ? [1, Infinity] : primary[f] ? [1, k - 1] : [k, Infinity];
  const movable = (allowHide: boolean) => (f: number) =>
    !pinned(f) && value[f]! > 0 && (hidden[f]! || unpublished[f]! || (allowHide && fixed[f] !== 'shown'));

  // Each entry: first among entries already hidden, then hiding more, with growing budgets. A
  // search within the bounds that failed is not tried again (it fails for good, mostly).
  const tried = new Array<boolean>(n).fill(false);
  const certify = (withBounds: boolean) => {
    for (let e = 0; e < n; e++) {
      if (!needs(e) || bounded(e) || (withBounds ? tried[e] : certificateOf[e] !== -1)) continue;
      if (withBounds) tried[e] = true;
      search: for (const [allowHide, budget] of withBounds ? BOUNDED_PHASES : LINEAR_PHASES) {
        for (const direction of withBounds ? [1, -1] : [1]) {
          const move = findCertificate(p, e, direction, movable(allowHide), withBounds ? bounds : null, price, budget);
          if (move && certificateStep(p, move, movable(true), withBounds ? bounds : null) !== 0) {
            adopt(move, withBounds);
            break search;
          }
        }
      }
    }
  };
  // A second table within every bound a reader knows, for every entry that has one; where the
  // bounds leave none (a reader who counts the non-zero cells under a total "< k" may know them
  // all to be 1), at least one the equations cannot tell apart. Entries hidden on the way get
  // their own turn.
  for (let before = -1; before !== hidden.filter(Boolean).length;) {
    before = hidden.filter(Boolean).length;
    certify(true);
    certify(false);
  }
  // Every certificate again, against the final result: a certificate that does not hold
  // protects nothing (this cannot happen, but the claim rests on it).
  for (const [index, { move, bounded: withBounds }] of certificates.entries()) {
    if (certificateStep(p, move, movable(false), withBounds ? bounds : null) !== 0) continue;
    for (let e = 0; e < n; e++) if (certificateOf[e] === index) certificateOf[e] = -1;
  }
  return {
    k,
    hidden: hidden.map((h, e) => h && !unpublished[e]),
    primary: primary.map((x, e) => x && hidden[e]!),
    certificates,
    certificateOf,
    linearOnly: range(n).filter((e) => needs(e) && certificateOf[e] !== -1 && !bounded(e)),
    unprotected: range(n).filter((e) => needs(e) && certificateOf[e] === -1),
  };
}

/**
 * Checks a certificate on its own: every entry it moves may move (`movable`), every line adds
 * up to 0 in it, and (unless `bounds` is null) for t = +1 or t = −1 every moved entry stays
 * within its bounds and every inequality still holds. Returns that t, or 0 when the
 * certificate proves nothing.
 */
function certificateStep(
  p: Prepared,
  d: Map<number, number>,
  movable: (f: number) => boolean,
  bounds: ((f: number) => [number, number]) | null,
): number {
  if (d.size === 0) return 0;
  const lines = new Set<number>();
  const inequalities = new Set<number>();
  for (const [f, v] of d) {
    if (!Number.isInteger(v) || v === 0 || !movable(f)) return 0;
    for (const { line } of p.linesOf[f]!) lines.add(line);
    for (const { inequality } of p.atLeastOf[f]!) inequalities.add(inequality);
  }
  for (const line of lines)
    if (p.lineMembers[line]!.reduce((acc, { entry, coef }) => acc + coef * (d.get(entry) ?? 0), 0) !== 0) return 0;
  if (bounds === null) return 1;
  for (const t of [1, -1]) {
    const within = [...d].every(([f, v]) => {
      const [lo, hi] = bounds(f);
      const x = p.value[f]! + t * v;
      return x >= lo && x <= hi;
    });
    if (!within) continue;
    const holds = [...inequalities].every(
      (i) =>
        p.slack[i]! + t * p.inequalityMembers[i]!.reduce((a, { entry, sign }) => a + sign * (d.get(entry) ?? 0), 0) >=
        0,
    );
    if (holds) return t;
  }
  return 0;
}

function prepare(system: LinkedSystem, k: number): Prepared {
  const n = system.entries.length;
  const value = system.entries.map((e) => {
    checkCount(e.value);
    return e.value;
  });
  const unpublished = system.entries.map((e) => e.unpublished === true);
  const linesOf: { line: number; coef: number }[][] = value.map(() => []);
  const lineMembers: { entry: number; coef: number }[][] = [];
  system.lines.forEach(({ total, parts }, line) => {
    const members = [{ entry: total, coef: 1 }, ...parts.map((entry) => ({ entry, coef: -1 }))];
    for (const { entry, coef } of members) {
      if (!(entry >= 0 && entry < n)) throw new RangeError('protectLinked: a line names an unknown entry');
      linesOf[entry]!.push({ line, coef });
    }
    if (new Set(members.map((m) => m.entry)).size !== members.length)
      throw new RangeError('protectLinked: an entry appears twice in a line');
    if (value[total]! !== parts.reduce((a, e) => a + value[e]!, 0))
      throw new RangeError(`protectLinked: line ${line} does not add up`);
    lineMembers.push(members);
  });
  const atLeastOf: { inequality: number; sign: number }[][] = value.map(() => []);
  const inequalityMembers: { entry: number; sign: number }[][] = [];
  const slack = system.atLeast.map(({ big, small }, inequality) => {
    const signs = new Map<number, number>();
    for (const e of big) signs.set(e, (signs.get(e) ?? 0) + 1);
    for (const e of small) signs.set(e, (signs.get(e) ?? 0) - 1);
    const members = [...signs].filter(([, sign]) => sign !== 0).map(([entry, sign]) => ({ entry, sign }));
    for (const { entry, sign } of members) {
      if (!(entry >= 0 && entry < n)) throw new RangeError('protectLinked: an inequality names an unknown entry');
      atLeastOf[entry]!.push({ inequality, sign });
    }
    inequalityMembers.push(members);
    const s = members.reduce((a, { entry, sign }) => a + sign * value[entry]!, 0);
    if (s < 0) throw new RangeError(`protectLinked: inequality ${inequality} does not hold`);
    return s;
  });
  return { system, k, n, value, unpublished, linesOf, lineMembers, atLeastOf, inequalityMembers, slack };
}

/**
 * Depth-first repair, from d = {e: direction}: while a line does not add up, or an inequality
 * falls short, move one more entry of it (every move keeps the moved entry within its bounds,
 * so that x + d is a table a reader cannot rule out). `movable` says which entries may take
 * part; the search stops after `budget` steps. Returns a certificate (for t = +1) or null.
 */
function findCertificate(
  p: Prepared,
  e: number,
  direction: number,
  movable: (f: number) => boolean,
  bounds: ((f: number) => [number, number]) | null,
  price: (f: number) => number,
  budget: number,
): Map<number, number> | null {
  const d = new Map<number, number>();
  const imbalance = new Map<number, number>();
  // Inequalities short of their slack under the move: how much is missing.
  const shortfall = new Map<number, number>();
  // Branch and bound on the price of what the certificate would newly hide: the search goes on
  // after a first certificate, for a cheaper one, until `SOLUTIONS` are found or the budget is spent.
  let cost = 0;
  let best: { cost: number; d: Map<number, number> } | null = null;
  let found = 0;
  const within = (f: number, v: number) => {
    if (bounds === null) return true;
    const [lo, hi] = bounds(f);
    const x = p.value[f]! + v;
    return x >= lo && x <= hi;
  };
  const balance = new Map<number, number>(); // slack left in each inequality the move touches
  const set = (f: number, v: number) => {
    const old = d.get(f) ?? 0;
    if (old === v) return;
    for (const { line, coef } of p.linesOf[f]!) {
      const next = (imbalance.get(line) ?? 0) + coef * (v - old);
      if (next === 0) imbalance.delete(line);
      else imbalance.set(line, next);
    }
    for (const { inequality, sign } of bounds === null ? [] : p.atLeastOf[f]!) {
      const left = (balance.get(inequality) ?? p.slack[inequality]!) + sign * (v - old);
      balance.set(inequality, left);
      if (left < 0) shortfall.set(inequality, -left);
      else shortfall.delete(inequality);
    }
    if (old === 0) cost += price(f);
    if (v === 0) cost -= price(f);
    if (v === 0) d.delete(f);
    else d.set(f, v);
  };
  /**
   * What can mend a line or an inequality: (entry, move) pairs. Only entries not moved yet: a
   * move once made stays (undoing one would mend a line by breaking what it mended, in circles).
   */
  const repairs = (what: { line: number } | { inequality: number }): { f: number; v: number }[] => {
    if ('line' in what) {
      const r = imbalance.get(what.line)!;
      return p.lineMembers[what.line]!.filter(({ entry }) => !d.has(entry) && movable(entry)).map(
        ({ entry: f, coef }) => ({ f, v: -r * coef }),
      );
    }
    const missing = shortfall.get(what.inequality)!;
    return p.inequalityMembers[what.inequality]!.filter(({ entry }) => !d.has(entry) && movable(entry)).map(
      ({ entry: f, sign }) => ({ f, v: sign * missing }),
    );
  };

  // The cheapest entry that could mend a line (an estimate: the entries already moved are not left out).
  const cheapest = new Map<number, number>();
  const cheapestOn = (line: number) => {
    let c = cheapest.get(line);
    if (c === undefined) {
      c = Infinity;
      for (const { entry } of p.lineMembers[line]!) if (entry !== e && movable(entry)) c = Math.min(c, price(entry));
      cheapest.set(line, c);
    }
    return c;
  };

  let steps = 0;
  // true: stop searching.
  const search = (depth: number): boolean => {
    if (best !== null && cost >= best.cost) return false;
    if (imbalance.size === 0 && shortfall.size === 0) {
      best = { cost, d: new Map(d) };
      // Cheaper ones are looked for a little longer only.
      if (found === 0) budget = Math.min(budget, steps + AFTER_FIRST);
      return ++found >= SOLUTIONS || cost === 0;
    }
    if (++steps > budget || depth > MAX_DEPTH || d.size > MAX_SUPPORT) return false;
    // The most constrained line or inequality first (fewest moves that can mend it).
    let chosen: { line: number } | { inequality: number } | null = null;
    let fewest = Infinity;
    const consider = (what: { line: number } | { inequality: number }, count: number) => {
      if (count < fewest) {
        fewest = count;
        chosen = what;
      }
    };
    for (const [line, r] of imbalance) {
      let count = 0;
      for (const { entry, coef } of p.lineMembers[line]!)
        if (!d.has(entry) && movable(entry) && within(entry, -r * coef)) count++;
      consider({ line }, count);
      if (fewest <= 1) break;
    }
    if (fewest > 1) {
      for (const [inequality, missing] of shortfall) {
        let count = 0;
        for (const { entry, sign } of p.inequalityMembers[inequality]!)
          if (!d.has(entry) && movable(entry) && within(entry, sign * missing)) count++;
        consider({ inequality }, count);
        if (fewest <= 1) break;
      }
    }
    if (chosen === null || fewest === 0) return false;
    const options = repairs(chosen).filter(({ f, v }) => within(f, v));
    const skip = 'line' in chosen ? (chosen as { line: number }).line : -1;
    const ranked = options.map(({ f, v }) => {
      let score = 0;
      // What mending the lines this move breaks would cost at best.
      let ahead = 0;
      for (const { line: l, coef: c } of p.linesOf[f]!) {
        if (l === skip) continue;
        const before = imbalance.get(l) ?? 0;
        const after = before + c * v;
        if (before !== 0 && after === 0) score--;
        else if (before === 0 && after !== 0) {
          score++;
          ahead += cheapestOn(l);
        }
      }
      return { f, v, key: [score, price(f) + ahead, Math.abs(v), f] };
    });
    ranked.sort((a, b) => (lexLess(a.key, b.key) ? -1 : lexLess(b.key, a.key) ? 1 : 0));
    for (const option of ranked.slice(0, 3)) {
      const old = d.get(option.f) ?? 0;
      set(option.f, option.v);
      if (search(depth + 1)) return true;
      set(option.f, old);
      if (steps > budget) return false;
    }
    return false;
  };
  if (!within(e, direction)) return null;
  set(e, direction);
  search(0);
  return best === null ? null : (best as { d: Map<number, number> }).d;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`suppression threshold k must be an integer ≥ 2, got ${k}`);
}

function checkCount(v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`a count must be an integer ≥ 0, got ${v}`);
}
