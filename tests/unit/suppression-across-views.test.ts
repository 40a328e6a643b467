/**
 * Publication mode holds across every view a coordinator can ask for.
 *
 * An outside probe found that suppression applied table by table and view by view leaks: the
 * same table shows 17 for all services, 8 for the police, 5 for the ONSS and 0 for the
 * guardianship service, so the CLS count, shown "< 5" in its own view, is 17 − 8 − 5 − 0 = 4
 * (the services without a view of their own add nothing: "all" minus the four views' totals is
 * 0). This test builds three years of check-lists, referrals and accompaniments, with that very
 * case (Brussels, 2025), asks for every published view — each year, with or without data, each
 * service filter, both definitions of "oriented", and the series over the years that every view
 * carries — reads every number each view publishes (the JSON the API serves; the CSV and the XLSX
 * workbook are checked to carry the same), and attacks the lot as a reader would:
 *
 * - the unknowns are the counts underneath, per year and detecting service (the four with a
 *   view, and "other"): each cell of each table's breakdown;
 * - every published number is an equation (a view's cell is the sum over its services; a total
 *   is the sum of its cells; table 1 is table 2 summed over the sectors; the series' cells are
 *   the years' totals); a row missing from a view is a row of zeros;
 * - every relation a reader can know from the definitions is an equation too: tables 3 and 4
 *   count the same check-lists by sex; tables 2, 3, 4 and 7 count the same check-lists; EU /
 *   non-EU groups the nationalities; two indicators are marked answers of tables 7b and 7c; the
 *   centre tables share their columns by centre and their totals (checked to hold in the data
 *   before use, so that the reader is never wrong);
 * - counts are never negative: a sum of counts found to be 0 makes each of them 0.
 *
 * A hidden number ("< 5" or "×") is recovered when its sum of unknowns lies in the row space of
 * those equations (exact Gaussian elimination over the integers). Before the change (each table
 * protected on its own, emulated with `presentTable` without a mask) the probe's cell and others
 * are recovered; with publication mode as it is now, none is.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isEuNational } from '@/lib/checklist/countries';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { createInvestigation } from '@/lib/server/checklists/create-investigation';
import { setInvestigationPersonsMet } from '@/lib/server/investigations/set-investigation-persons-met';
import { setYearlyPersonsMet } from '@/lib/server/investigations/set-yearly-persons-met';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { csvRows, presentTable, type PresentedTable } from '@/lib/statistics/present';
import { isRecoverable, protectLinked, type LinkedSystem, type Suppressed } from '@/lib/statistics/suppression';
import { SERVICE_FILTERS, type ServiceFilter, type StatisticsTable } from '@/lib/statistics/tables';
import { buildWorkbook } from '@/lib/statistics/workbook';
import { makeOrganisation, makeUser } from '../support/factories';

const K = 5;
const YEARS = [2022, 2023, 2024, 2025]; // 2022 has no data: its views still carry the series
const ORIENTATIONS = ['accepted', 'contacted'] as const;
type Orientation = (typeof ORIENTATIONS)[number];
/** Detecting services as a reader sees them: the four with a view, and the rest. */
const SLICES = ['police', 'onss', 'cls', 'guardianship', 'other'] as const;
type Slice = (typeof SLICES)[number];
const slicesOf = (service: ServiceFilter): readonly Slice[] => (service === 'all' ? SLICES : [service]);
const TOTAL = '+';

// ---------------------------------------------------------------------------------------------
// Exact linear algebra over the integers (sparse, fraction-free)
// ---------------------------------------------------------------------------------------------

type Form = Map<string, bigint>;
const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/** Equations Σ c·x = rhs, kept fully reduced: a pivot unknown appears in its own row only. */
class System {
  private rows = new Map<string, { form: Form; rhs: bigint }>();
  private containing = new Map<string, Set<string>>();

  /** Reduces a form against the pivots: c·x = λ·(form·x) + r, with c free of pivots. */
  private reduce(form: Form): { rest: Form; lambda: bigint; r: bigint } {
    let rest = new Map(form);
    let lambda = 1n;
    let r = 0n;
    for (const v of [...form.keys()]) {
      const a = rest.get(v);
      const row = this.rows.get(v);
      if (!a || !row) continue;
      const b = row.form.get(v)!;
      const next: Form = new Map();
      for (const [u, c] of rest) next.set(u, c * b);
      for (const [u, c] of row.form) {
        const x = (next.get(u) ?? 0n) - a * c;
        if (x === 0n) next.delete(u);
        else next.set(u, x);
      }
      rest = next;
      lambda *= b;
      r = r * b - a * row.rhs;
      let g = lambda;
      for (const c of rest.values()) g = gcd(g, c);
      g = gcd(g, r);
      if (g > 1n) {
        for (const [u, c] of rest) rest.set(u, c / g);
        lambda /= g;
        r /= g;
      }
    }
    return { rest, lambda, r };
  }

  /** Adds form·x = value; throws if it contradicts what is known (the attack would be wrong). */
  add(form: Form, value: bigint): void {
    const { rest, lambda, r } = this.reduce(form);
    // rest·x = λ·value + r
    const rhs = lambda * value + r;
    if (rest.size === 0) {
      if (rhs !== 0n) throw new Error('the published numbers contradict the equations');
      return;
    }
    const pivot = [...rest.keys()].sort()[0]!;
    const pc = rest.get(pivot)!;
    // Eliminate the new pivot from every other row.
    for (const other of [...(this.containing.get(pivot) ?? [])]) {
      const row = this.rows.get(other)!;
      const a = row.form.get(pivot);
      if (!a) continue;
      const next: Form = new Map();
      for (const [u, c] of row.form) next.set(u, c * pc);
      for (const [u, c] of rest) {
        const x = (next.get(u) ?? 0n) - a * c;
        if (x === 0n) next.delete(u);
        else next.set(u, x);
      }
      this.replace(other, next, row.rhs * pc - a * rhs);
    }
    this.replace(pivot, rest, rhs);
  }

  private replace(pivot: string, form: Form, rhs: bigint): void {
    const old = this.rows.get(pivot);
    if (old) for (const u of old.form.keys()) this.containing.get(u)?.delete(pivot);
    let g = rhs;
    for (const c of form.values()) g = gcd(g, c);
    if (g > 1n) {
      form = new Map([...form].map(([u, c]) => [u, c / g]));
      rhs /= g;
    }
    this.rows.set(pivot, { form, rhs });
    for (const u of form.keys()) {
      if (!this.containing.has(u)) this.containing.set(u, new Set());
      this.containing.get(u)!.add(pivot);
    }
  }

  /** The value of form·x if the equations fix it, else null. */
  value(form: Form): number | null {
    const { rest, lambda, r } = this.reduce(form);
    if (rest.size !== 0) return null;
    // 0 = λ·(form·x) + r
    return Number(-r / lambda);
  }
}

// ---------------------------------------------------------------------------------------------
// What the tables mean, as sums of unknowns
// ---------------------------------------------------------------------------------------------

/** Check-list tables: the unknowns' family, and which table gives its rows and columns. */
const FAMILY: Record<string, string> = {
  checklists_sector_by_region: 'sector_region',
  checklists_nationality_by_sex: 'nationality_sex',
  checklists_age_by_sex: 'age_sex',
  checklists_oriented_by_region_accepted: 'oriented_accepted',
  checklists_oriented_by_region_contacted: 'oriented_contacted',
  checklists_oriented_by_nationality_accepted: 'oriented_nationality_accepted',
  checklists_oriented_by_nationality_contacted: 'oriented_nationality_contacted',
  checklists_indicators: 'indicator',
  checklists_eu: 'eu',
  checklists_residence: 'residence',
  checklists_identity_documents: 'identity',
  centre_requests_by_outcome: 'c_requests',
  accompaniments_form_by_centre: 'c_forms',
  accompaniments_minor_by_centre: 'c_minor',
  accompaniments_sex_by_centre: 'c_sex',
  accompaniments_by_nationality: 'c_nationality',
  smuggling_accompaniments_by_centre: 'c_smuggling',
  referral_response_times: 'c_app_referrals',
  referral_outcomes_by_service: 'c_service',
};

interface Domain {
  rows: string[];
  cols: string[];
}

/** The unknowns of a year: for each family, its rows and columns (the widest view: all services). */
type Domains = Map<number, Map<string, Domain>>;

function unknown(year: number, slice: Slice | null, family: string, r: string, c: string): string {
  return `${year}|${slice ?? '-'}|${family}|${r}|${c}`;
}

/** The sum of unknowns behind one published position (row or column '+' for a total). */
function formOf(
  domains: Domains,
  year: number,
  service: ServiceFilter,
  orientation: Orientation,
  id: string,
  row: string,
  col: string,
): Form {
  const form: Form = new Map();
  const addCell = (y: number, family: string, r: string, c: string, slices: readonly (Slice | null)[]) => {
    const d = domains.get(y)?.get(family);
    if (!d) return;
    for (const rr of r === TOTAL ? d.rows : [r])
      for (const cc of c === TOTAL ? d.cols : [c])
        for (const s of slices) {
          const u = unknown(y, s, family, rr, cc);
          form.set(u, (form.get(u) ?? 0n) + 1n);
        }
  };
  const slices = slicesOf(service);
  if (id === 'checklists_by_region') addCell(year, 'sector_region', TOTAL, row, slices);
  else if (id === 'checklists_over_years') {
    const years = row === TOTAL ? [...domains.keys()] : [Number(row)];
    for (const y of years) {
      if (col === 'checklists' || col === TOTAL) addCell(y, 'nationality_sex', TOTAL, TOTAL, slices);
      if (col === 'oriented' || col === TOTAL) addCell(y, `oriented_${orientation}`, TOTAL, TOTAL, slices);
      if (col === 'persons_met' || col === TOTAL) addCell(y, 'persons_met', TOTAL, TOTAL, slices);
    }
  } else if (id.startsWith('checklists_')) addCell(year, FAMILY[id]!, row, col, slices);
  else addCell(year, FAMILY[id]!, row, id === 'referral_response_times' ? 'referrals' : col, [null]);
  return form;
}

/** A published position: the form behind it and what the view shows. */
interface Published {
  where: string;
  form: Form;
  shown: number | string;
}

/** Every count a view publishes (times of table 15 are not counts and are left out). */
function readView(
  domains: Domains,
  year: number,
  service: ServiceFilter,
  orientation: Orientation,
  tables: PresentedTable[],
  colCodes: Map<string, string[]>,
): Published[] {
  const out: Published[] = [];
  for (const t of tables) {
    const cols = colCodes.get(t.id)!;
    const at = (row: string, col: string, shown: number | string | null) => {
      if (shown === null) return;
      out.push({
        where: `${year} ${service} ${orientation} ${t.id} ${row}/${col}`,
        form: formOf(domains, year, service, orientation, t.id, row, col),
        shown,
      });
    };
    const countCols = t.id === 'referral_response_times' ? ['referrals'] : cols;
    for (const r of t.rows) {
      r.cells.forEach((v, j) => countCols.includes(cols[j]!) && at(r.code, cols[j]!, v));
      at(r.code, TOTAL, r.total);
    }
    if (t.totalRow) {
      t.totalRow.cells.forEach((v, j) => at(TOTAL, cols[j]!, v));
      at(TOTAL, TOTAL, t.totalRow.total);
    }
    // Rows a view leaves out are rows of zeros (for the series: years without check-lists).
    if (t.id === 'checklists_over_years') {
      const shown = new Set(t.rows.map((r) => r.code));
      for (const y of domains.keys())
        if (!shown.has(String(y))) for (const c of ['checklists', 'persons_met']) at(String(y), c, 0);
    }
    const family = t.id === 'checklists_by_region' || t.id === 'checklists_over_years' ? null : FAMILY[t.id];
    const domain = family ? domains.get(year)?.get(family) : undefined;
    if (domain) {
      const shown = new Set(t.rows.map((r) => r.code));
      for (const r of domain.rows) if (!shown.has(r)) for (const c of countCols) at(r, c, 0);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The data
// ---------------------------------------------------------------------------------------------

/** A small seeded generator, so the data (and the result) are the same at every run. */
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

describe('publication mode across every view', async () => {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  makeOrganisation('guardianship', 'Tutelles', 'tutelles');
  const staff = Object.fromEntries(
    await Promise.all(
      Object.entries(centres).map(
        async ([code, org]) => [code, await makeUser({ role: 'centre_staff', organisation: org })] as const,
      ),
    ),
  );
  const policeOrg = makeOrganisation('police');
  const referrers: Record<string, Awaited<ReturnType<typeof makeUser>>> = {
    police: await makeUser({ role: 'referrer', organisation: policeOrg }),
    // Federal police counts under "police" too.
    police_federal: await makeUser({
      role: 'referrer',
      organisation: { ...makeOrganisation('police'), service: 'police_federal' },
    }),
    onss: await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') }),
    cls: await makeUser({ role: 'referrer', organisation: makeOrganisation('cls') }),
    guardianship: await makeUser({ role: 'referrer', organisation: makeOrganisation('guardianship') }),
    // A referring organisation without a detecting service of its own counts as "other",
    // which has no view: only "all services" includes it.
    other: await makeUser({ role: 'referrer', organisation: { ...makeOrganisation('police'), service: null } }),
  };
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });

  const next = mulberry32(2025);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const referable: { id: string; by: string; when: string }[] = [];
  const make = (by: string, year: number, over: Record<string, unknown> = {}) => {
    const minor = next() < 0.15;
    const answers: Record<string, unknown> = {
      'ctx.control_date': `${year}-03-10`,
      'ctx.region': pick(['bru', 'ant', 'lie', 'hai', 'ovl']),
      'ctx.forms': [pick(['economic', 'economic', 'sexual'])],
      'ctx.sector': pick(['construction', 'horeca', 'cleaning', 'prostitution']),
      'vic.sex': pick(['m', 'm', 'f', 'x']),
      'vic.birth_date': minor ? `${year - 16}-01-15` : `${year - 20 - Math.floor(next() * 35)}-05-02`,
      ...(minor ? { 'vic.unaccompanied': 'no' } : {}),
      'vic.nationality': pick(['RO', 'RO', 'MA', 'BG', 'IN', 'BE', 'stateless']),
      'doc.residence': pick(['belgian', 'irregular', 'asylum_seeker', 'eu_national_id']),
      'doc.identity': pick(['own', 'held_by_other', 'none']),
      ...(next() < 0.5 ? { 'exp.housing': 'yes' } : {}),
      ...(next() < 0.3 ? { 'pay.level': 'very_low' } : {}),
      'out.sufficient': 'yes',
      'out.wish': 'accepts_referral',
      ...over,
    };
    const when = `${year}-0${4 + Math.floor(next() * 6)}-1${Math.floor(next() * 9)}T10:00:00Z`;
    const id = createChecklist({
      actor: referrers[by]!.actor,
      idempotencyKey: randomUUID(),
      answers,
      complete: true,
      now: new Date(when),
    }).id;
    referable.push({ id, by, when });
  };
  // 2025: the probe's case — Brussels: police 8 (one of them federal), ONSS 5, CLS 4, guardianship
  // 0, other 0 — with every other count of table 1 large enough to be published in each view
  // (police: Antwerp 6, Liège 6; guardianship: Antwerp 5) except CLS's 2 in Liège.
  for (let i = 0; i < 7; i++) make('police', 2025, { 'ctx.region': 'bru' });
  make('police_federal', 2025, { 'ctx.region': 'bru' });
  for (let i = 0; i < 5; i++) make('onss', 2025, { 'ctx.region': 'bru' });
  for (let i = 0; i < 4; i++) make('cls', 2025, { 'ctx.region': 'bru' });
  for (let i = 0; i < 5; i++) make('police', 2025, { 'ctx.region': 'ant' });
  make('police_federal', 2025, { 'ctx.region': 'ant' });
  for (let i = 0; i < 6; i++) make('police', 2025, { 'ctx.region': 'lie' });
  for (let i = 0; i < 5; i++) make('guardianship', 2025, { 'ctx.region': 'ant' });
  for (let i = 0; i < 2; i++) make('cls', 2025, { 'ctx.region': 'lie' });
  // 2024 and 2023: fewer, "other" included in 2024.
  for (let i = 0; i < 14; i++) make(pick(['police', 'onss', 'cls', 'guardianship']), 2024);
  for (let i = 0; i < 2; i++) make('other', 2024);
  for (let i = 0; i < 8; i++) make(pick(['police', 'onss', 'police']), 2023);
  // Referrals: some acknowledged only (put in contact), some accepted (oriented, and accompaniments).
  for (const [n, c] of referable.entries()) {
    if (n % 3 !== 0) continue;
    const referral = createReferral({
      actor: referrers[c.by]!.actor,
      input: {
        checklistId: c.id,
        caseType: n % 9 === 0 ? 'smuggling_aggravated' : 'thb',
        idempotencyKey: randomUUID(),
      },
      now: new Date(c.when),
    });
    const centre = staff[referral.centre]!.actor;
    const v = transitionReferral({
      actor: centre,
      referralId: referral.id,
      to: 'acknowledged',
      expectedVersion: 1,
      now: new Date(c.when),
    }).version;
    if (n % 2 === 0)
      transitionReferral({
        actor: centre,
        referralId: referral.id,
        to: 'accepted',
        expectedVersion: v,
        now: new Date(c.when),
      });
  }

  // Presumed victims met in investigations (decision 0020), cells of the series: 2025 — police 9 + 3
  // (local) and 2 (federal), ONSS 3 (a yearly figure, small), CLS 6 (an investigation, and a smaller
  // yearly figure that does not count), guardianship 0; 2024 — ONSS 7, CLS 2 (yearly); 2023 — police 1.
  const personsMet = (by: string, year: number, n: number) => {
    const actor = referrers[by]!.actor;
    const { id } = createInvestigation({
      actor,
      input: { reference: `PM-${randomUUID().slice(0, 8)}` },
      now: new Date(`${year}-05-02T10:00:00Z`),
    });
    setInvestigationPersonsMet({ actor, id, input: { personsMet: n } });
  };
  personsMet('police', 2025, 9);
  personsMet('police', 2025, 3);
  personsMet('police_federal', 2025, 2);
  setYearlyPersonsMet({ actor: referrers.onss!.actor, input: { year: 2025, count: 3 } });
  personsMet('cls', 2025, 6);
  setYearlyPersonsMet({ actor: referrers.cls!.actor, input: { year: 2025, count: 4 } });
  personsMet('onss', 2024, 7);
  setYearlyPersonsMet({ actor: referrers.cls!.actor, input: { year: 2024, count: 2 } });
  setYearlyPersonsMet({ actor: referrers.police!.actor, input: { year: 2023, count: 1 } });

  // The true tables of every view (not published: the coordinator's own), for the unknowns'
  // domains, the columns' codes and the relations' check.
  const raw = new Map<string, StatisticsTable[]>();
  for (const year of YEARS)
    for (const service of SERVICE_FILTERS)
      for (const orientation of ORIENTATIONS) {
        raw.set(
          `${year}|${service}|${orientation}`,
          computeYearStatistics({ actor: coordinator.actor, year, service, orientation, audit: false }),
        );
      }
  const rawTable = (year: number, service: ServiceFilter, orientation: Orientation, id: string) =>
    raw.get(`${year}|${service}|${orientation}`)!.find((t) => t.id === id);
  const colCodes = new Map<string, string[]>();
  const domains: Domains = new Map();
  for (const year of YEARS) {
    const families = new Map<string, Domain>();
    for (const orientation of ORIENTATIONS) {
      for (const t of raw.get(`${year}|all|${orientation}`)!) {
        colCodes.set(t.id, t.cols);
        const family = FAMILY[t.id];
        if (family)
          families.set(family, { rows: t.rows, cols: t.id === 'referral_response_times' ? ['referrals'] : t.cols });
      }
    }
    // Persons met: one number per year and service, a cell of the series only.
    families.set('persons_met', { rows: ['count'], cols: ['count'] });
    domains.set(year, families);
  }
  /** The true value of an unknown: a service's cell ("other": all minus the four). */
  const truth = (u: string): number => {
    const [y, slice, family, r, c] = u.split('|') as [string, string, string, string, string];
    if (family === 'persons_met') {
      const met = (service: ServiceFilter) => {
        const t = rawTable(Number(y), service, 'accepted', 'checklists_over_years')!;
        const i = t.rows.indexOf(y);
        return i < 0 ? 0 : t.cells[i]![t.cols.indexOf('persons_met')]!;
      };
      if (slice === 'other')
        return met('all') - (['police', 'onss', 'cls', 'guardianship'] as const).reduce((a, s) => a + met(s), 0);
      return met(slice as ServiceFilter);
    }
    const id = Object.keys(FAMILY).find((x) => FAMILY[x] === family)!;
    const orientation: Orientation = family.endsWith('_contacted') ? 'contacted' : 'accepted';
    const cell = (service: ServiceFilter) => {
      const t = rawTable(Number(y), service, orientation, id);
      if (!t) return 0;
      const i = t.rows.indexOf(r);
      const j = t.cols.indexOf(c);
      return i < 0 || j < 0 ? 0 : t.cells[i]![j]!;
    };
    if (slice === '-') return cell('all');
    if (slice === 'other')
      return cell('all') - (['police', 'onss', 'cls', 'guardianship'] as const).reduce((a, s) => a + cell(s), 0);
    return cell(slice as ServiceFilter);
  };
  const valueOf = (form: Form) => [...form].reduce((a, [u, c]) => a + Number(c) * truth(u), 0);

  /** The relations a reader knows from the definitions (each checked against the data first). */
  function relations(): Form[] {
    const out: Form[] = [];
    const sum = (...parts: [Form, bigint][]) => {
      const f: Form = new Map();
      for (const [form, sign] of parts) for (const [u, c] of form) f.set(u, (f.get(u) ?? 0n) + sign * c);
      for (const [u, c] of f) if (c === 0n) f.delete(u);
      return f;
    };
    const cells = (
      year: number,
      slice: Slice | null,
      family: string,
      rows: string[] | null,
      cols: string[] | null,
    ): Form => {
      const d = domains.get(year)!.get(family);
      const f: Form = new Map();
      if (!d) return f;
      for (const r of rows ?? d.rows)
        for (const c of cols ?? d.cols)
          if (d.rows.includes(r) && d.cols.includes(c)) f.set(unknown(year, slice, family, r, c), 1n);
      return f;
    };
    for (const year of YEARS) {
      for (const slice of SLICES) {
        const total = cells(year, slice, 'nationality_sex', null, null);
        for (const x of ['m', 'f', 'x'])
          out.push(
            sum(
              [cells(year, slice, 'nationality_sex', null, [x]), 1n],
              [cells(year, slice, 'age_sex', null, [x]), -1n],
            ),
          );
        for (const family of ['sector_region', 'age_sex', 'eu', 'residence', 'identity'])
          out.push(sum([total, 1n], [cells(year, slice, family, null, null), -1n]));
        const nationalities = domains.get(year)!.get('nationality_sex')?.rows ?? [];
        for (const group of ['eu', 'non_eu', 'unknown']) {
          const members = nationalities.filter((n) => {
            const m = isEuNational(n);
            return (m === true ? 'eu' : m === false ? 'non_eu' : 'unknown') === group;
          });
          out.push(
            sum(
              [cells(year, slice, 'eu', [group], null), 1n],
              [cells(year, slice, 'nationality_sex', members, null), -1n],
            ),
          );
        }
        out.push(
          sum(
            [cells(year, slice, 'indicator', ['doc.residence'], null), 1n],
            [cells(year, slice, 'residence', ['irregular', 'asylum_seeker', 'be_permit_pending'], null), -1n],
          ),
        );
        out.push(
          sum(
            [cells(year, slice, 'indicator', ['doc.identity'], null), 1n],
            [cells(year, slice, 'identity', ['held_by_other', 'false_or_borrowed'], null), -1n],
          ),
        );
      }
      // The persons oriented of a direction and sex are its nationalities' (the detail of T8, T15).
      for (const orientation of ORIENTATIONS)
        for (const slice of SLICES) {
          const detail = domains.get(year)!.get(`oriented_nationality_${orientation}`)?.rows ?? [];
          for (const r of domains.get(year)!.get(`oriented_${orientation}`)?.rows ?? [])
            for (const x of ['m', 'f', 'x'])
              out.push(
                sum(
                  [cells(year, slice, `oriented_${orientation}`, [r], [x]), 1n],
                  [
                    cells(
                      year,
                      slice,
                      `oriented_nationality_${orientation}`,
                      detail.filter((d) => d.startsWith(`${r}:`)),
                      [x],
                    ),
                    -1n,
                  ],
                ),
              );
        }
      // Centre × minor / adult (rows: centres) and sex × centre (columns: centres).
      const centres = domains.get(year)!.get('c_minor')?.rows ?? [];
      for (const c of centres) {
        out.push(sum([cells(year, null, 'c_minor', [c], null), 1n], [cells(year, null, 'c_sex', null, [c]), -1n]));
        out.push(
          sum([cells(year, null, 'c_requests', [c], null), 1n], [cells(year, null, 'c_app_referrals', [c], null), -1n]),
        );
      }
      out.push(
        sum([cells(year, null, 'c_minor', null, null), 1n], [cells(year, null, 'c_nationality', null, null), -1n]),
      );
      out.push(
        sum([cells(year, null, 'c_requests', null, null), 1n], [cells(year, null, 'c_service', null, null), -1n]),
      );
      out.push(
        sum(
          [cells(year, null, 'c_requests', null, ['not_a_victim']), 1n],
          [cells(year, null, 'c_service', null, ['not_a_victim']), -1n],
        ),
      );
    }
    return out.filter((f) => f.size > 0);
  }

  /**
   * Attacks a set of views: returns the hidden positions whose value the published numbers
   * and the relations fix, with that value.
   */
  function attack(views: Published[]): { where: string; value: number; truth: number }[] {
    const system = new System();
    for (const relation of relations()) {
      expect(valueOf(relation), 'a relation the reader uses must hold').toBe(0);
      system.add(relation, 0n);
    }
    const hidden: Published[] = [];
    for (const p of views) {
      if (typeof p.shown === 'number') {
        expect(valueOf(p.form), p.where).toBe(p.shown);
        system.add(p.form, BigInt(p.shown));
      } else hidden.push(p);
    }
    // Counts are never negative: a sum of them found to be 0 makes each 0. Tried on every
    // position of every table, for every service (the services without a view included).
    const candidates: Form[] = [];
    for (const year of YEARS) {
      for (const [family, d] of domains.get(year)!) {
        const slices: readonly (Slice | null)[] = family.startsWith('c_') ? [null] : SLICES;
        for (const s of slices) {
          for (const r of [...d.rows, TOTAL])
            for (const c of [...d.cols, TOTAL]) {
              const f: Form = new Map();
              for (const rr of r === TOTAL ? d.rows : [r])
                for (const cc of c === TOTAL ? d.cols : [c]) f.set(unknown(year, s, family, rr, cc), 1n);
              if (f.size > 0) candidates.push(f);
            }
        }
      }
    }
    const zero = new Set<string>();
    for (let changed = true; changed;) {
      changed = false;
      for (const f of candidates) {
        if ([...f.keys()].every((u) => zero.has(u)) || system.value(f) !== 0) continue;
        for (const u of f.keys()) {
          if (zero.has(u)) continue;
          zero.add(u);
          system.add(new Map([[u, 1n]]), 0n);
          changed = true;
        }
      }
    }
    return hidden.flatMap((p) => {
      const value = system.value(p.form);
      return value === null ? [] : [{ where: p.where, value, truth: valueOf(p.form) }];
    });
  }

  const locale = 'fr' as const;
  const t = (key: string) => key;

  it('recovered hidden counts when each table was protected on its own (the probe), and recovers none now', async () => {
    // Before: every table of every view protected on its own.
    const before: Published[] = [];
    for (const year of YEARS)
      for (const service of SERVICE_FILTERS)
        for (const orientation of ORIENTATIONS) {
          const ctx = { t, labels: {}, country: (c: string) => c };
          const tables = raw
            .get(`${year}|${service}|${orientation}`)!
            .map((table) => presentTable(table, { publication: true, k: K }, ctx));
          before.push(...readView(domains, year, service, orientation, tables, colCodes));
        }
    const leaked = attack(before);
    for (const l of leaked) expect(l.value, l.where).toBe(l.truth);
    // The probe's cell: CLS in Brussels, 2025, shown "< 5" in the CLS view, is 4.
    expect(leaked).toContainEqual({ where: '2025 cls accepted checklists_by_region bru/count', value: 4, truth: 4 });
    expect(leaked.length).toBeGreaterThan(8);

    // Now: every view as the application publishes it (page, API JSON, CSV, XLSX).
    const now: Published[] = [];
    let hiddenCount = 0;
    for (const year of YEARS)
      for (const service of SERVICE_FILTERS)
        for (const orientation of ORIENTATIONS) {
          const { k, tables } = presentedStatistics({
            actor: coordinator.actor,
            year,
            service,
            orientation,
            publication: true,
            locale,
            t,
            audit: false,
          });
          expect(k).toBe(K);
          const published = readView(domains, year, service, orientation, tables, colCodes);
          hiddenCount += published.filter((p) => typeof p.shown === 'string').length;
          now.push(...published);
          // The exports carry the same numbers and marks as the JSON.
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load(
            (await buildWorkbook(
              tables.map((table) => ({ table, title: table.id })),
              'Total',
              { year, publication: true, k },
            )) as unknown as ArrayBuffer,
          );
          tables.forEach((table, n) => {
            const csv = csvRows(table, 'Total');
            const sheet = workbook.worksheets[n]!;
            csv.forEach((row, i) =>
              row.forEach((v, j) =>
                expect(sheet.getRow(3 + i).getCell(j + 1).value ?? null, `${table.id} ${i}/${j}`).toEqual(
                  v === '' ? null : v,
                ),
              ),
            );
            expect(csv.slice(1, 1 + table.rows.length).map((row) => row.slice(1, 1 + table.columns.length))).toEqual(
              table.rows.map((r) => r.cells),
            );
          });
        }
    expect(hiddenCount).toBeGreaterThan(100); // the data does exercise suppression
    // The probe's cell is still hidden, and its total for all services still published.
    const cls = now.find((p) => p.where === '2025 cls accepted checklists_by_region bru/count')!;
    expect(cls.shown).toBe('< 5');
    // Persons met in investigations: the ONSS's 3 of 2025 is hidden in every view and year that shows
    // it, the police's 14 is published (the attack below then tries all services minus the others).
    const met = (where: string) => now.filter((p) => p.where.endsWith(where)).map((p) => p.shown);
    expect(new Set(met('onss accepted checklists_over_years 2025/persons_met'))).toEqual(new Set(['< 5']));
    expect(new Set(met('police contacted checklists_over_years 2025/persons_met'))).toEqual(new Set([14]));
    expect(attack(now)).toEqual([]);
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------
// The linked suppression on its own
// ---------------------------------------------------------------------------------------------

/**
 * A rows × columns table for each of `slices.length` services plus their sum ("all", last),
 * with row, column and grand totals: entries (s, i, j) with i = rows or j = cols for a total.
 */
function slicedSystem(
  slices: number[][][],
  unpublished: number[] = [],
): { system: LinkedSystem; id: (s: number, i: number, j: number) => number } {
  const S = slices.length;
  const R = slices[0]!.length;
  const C = slices[0]![0]!.length;
  const all = slices[0]!.map((row, i) => row.map((_, j) => slices.reduce((a, m) => a + m[i]![j]!, 0)));
  const tables = [...slices, all];
  const id = (s: number, i: number, j: number) => s * (R + 1) * (C + 1) + i * (C + 1) + j;
  const entries: LinkedSystem['entries'] = [];
  const lines: LinkedSystem['lines'] = [];
  tables.forEach((m, s) => {
    for (let i = 0; i <= R; i++) {
      for (let j = 0; j <= C; j++) {
        let v = 0;
        for (let a = 0; a < R; a++)
          for (let b = 0; b < C; b++) if ((i === R || i === a) && (j === C || j === b)) v += m[a]![b]!;
        const weight = [1, 4, 16][(i === R ? 1 : 0) + (j === C ? 1 : 0)]! * (s === S ? 4 : 1);
        entries.push({
          value: v,
          cost: weight * 1_000_000 + v,
          ...(unpublished.includes(s) ? { unpublished: true } : {}),
        });
      }
    }
    for (let i = 0; i <= R; i++)
      lines.push({ total: id(s, i, C), parts: Array.from({ length: C }, (_, j) => id(s, i, j)) });
    for (let j = 0; j <= C; j++)
      lines.push({ total: id(s, R, j), parts: Array.from({ length: R }, (_, i) => id(s, i, j)) });
  });
  for (let i = 0; i <= R; i++)
    for (let j = 0; j <= C; j++)
      lines.push({ total: id(S, i, j), parts: Array.from({ length: S }, (_, s) => id(s, i, j)) });
  return { system: { entries, lines, atLeast: [] }, id };
}

/** Checks a certificate without the library: published entries stay, lines still add up, bounds hold for t = 1 or −1. */
function holds(
  system: LinkedSystem,
  hidden: boolean[],
  primary: boolean[],
  k: number,
  move: Map<number, number>,
): boolean {
  for (const [e] of move) if (!hidden[e] && !system.entries[e]!.unpublished) return false;
  for (const { total, parts } of system.lines)
    if ((move.get(total) ?? 0) !== parts.reduce((a, p) => a + (move.get(p) ?? 0), 0)) return false;
  return [1, -1].some((t) =>
    [...move].every(([e, d]) => {
      const x = system.entries[e]!.value + t * d;
      return system.entries[e]!.unpublished ? x >= 1 : primary[e] ? x >= 1 && x <= k - 1 : x >= k;
    }),
  );
}

describe('the linked suppression', () => {
  it('on one table: every small count hidden, no zero hidden, and the exact single-table audit recovers nothing', () => {
    const next = mulberry32(42);
    for (let n = 0; n < 150; n++) {
      const R = 2 + Math.floor(next() * 5);
      const C = 2 + Math.floor(next() * 5);
      const m = Array.from({ length: R }, () => Array.from({ length: C }, () => Math.floor(next() * 21)));
      // One service: "all" is the same table, entry for entry.
      const { system, id } = slicedSystem([m]);
      const r = protectLinked(system, K);
      expect(r.unprotected).toEqual([]);
      const at = (i: number, j: number): Suppressed => {
        const e = id(0, i, j);
        return r.hidden[e]
          ? { value: null, suppressed: true, primary: r.primary[e]! }
          : { value: system.entries[e]!.value, suppressed: false, primary: false };
      };
      const result = {
        k: K,
        cells: m.map((row, i) => row.map((_, j) => at(i, j))),
        rowTotals: m.map((_, i) => at(i, C)),
        colTotals: m[0]!.map((_, j) => at(R, j)),
        grandTotal: at(R, C),
        hiddenTotals: { rows: [], cols: [], grand: false },
      };
      m.forEach((row, i) =>
        row.forEach((v, j) => {
          if (v === 0) expect(at(i, j)).toEqual({ value: 0, suppressed: false, primary: false });
          if (v >= 1 && v < K) expect(at(i, j)).toEqual({ value: null, suppressed: true, primary: true });
        }),
      );
      expect(isRecoverable(result), JSON.stringify(m)).toBe(false);
    }
  });

  it('the probe’s case alone: 17 = 8 + 5 + 4 + 0 (+ 0 for the rest) no longer gives the 4, and every certificate holds', () => {
    // Brussels and Liège by two sectors, for police, ONSS, CLS, guardianship and the rest (never shown).
    const police = [
      [5, 6],
      [3, 9],
    ];
    const onss = [
      [5, 0],
      [0, 7],
    ];
    const cls = [
      [4, 0],
      [2, 0],
    ];
    const guardianship = [
      [0, 0],
      [0, 6],
    ];
    const other = [
      [0, 0],
      [0, 0],
    ];
    const { system, id } = slicedSystem([police, onss, cls, guardianship, other], [4]);
    const r = protectLinked(system, K);
    expect(r.unprotected).toEqual([]);
    expect(r.hidden[id(2, 0, 0)]).toBe(true); // CLS's 4
    expect(r.primary[id(2, 0, 0)]).toBe(true);
    // Every hidden entry has a certificate, and each certificate holds on its own.
    r.hidden.forEach((h, e) => h && expect(r.certificateOf[e], `entry ${e}`).toBeGreaterThanOrEqual(0));
    for (const { move, bounded } of r.certificates)
      if (bounded) expect(holds(system, r.hidden, r.primary, K, move)).toBe(true);
    // And the equations of everything published leave every hidden entry open.
    const eq = new System();
    for (const { total, parts } of system.lines) {
      const f: Form = new Map([[String(total), 1n]]);
      for (const p of parts) f.set(String(p), (f.get(String(p)) ?? 0n) - 1n);
      eq.add(f, 0n);
    }
    system.entries.forEach(
      (x, e) => !r.hidden[e] && !x.unpublished && eq.add(new Map([[String(e), 1n]]), BigInt(x.value)),
    );
    r.hidden.forEach((h, e) => h && expect(eq.value(new Map([[String(e), 1n]])), `entry ${e}`).toBeNull());
  });

  it('on random tables of four services and the rest: nothing hidden follows from the published numbers', () => {
    const next = mulberry32(7);
    for (let n = 0; n < 25; n++) {
      const R = 2 + Math.floor(next() * 4);
      const C = 2 + Math.floor(next() * 3);
      const rest = next() < 0.5;
      const slices = Array.from({ length: 5 }, (_, s) =>
        Array.from({ length: R }, () =>
          Array.from({ length: C }, () => (s === 4 && !rest ? 0 : Math.floor(next() ** 2 * (s === 0 ? 30 : 8)))),
        ),
      );
      const { system } = slicedSystem(slices, [4]);
      const r = protectLinked(system, K);
      expect(r.unprotected).toEqual([]);
      const eq = new System();
      for (const { total, parts } of system.lines) {
        const f: Form = new Map([[String(total), 1n]]);
        for (const p of parts) f.set(String(p), (f.get(String(p)) ?? 0n) - 1n);
        eq.add(f, 0n);
      }
      // A reader who knows where the rest is zero.
      system.entries.forEach(
        (x, e) => (x.unpublished ? x.value === 0 : !r.hidden[e]) && eq.add(new Map([[String(e), 1n]]), BigInt(x.value)),
      );
      const sensitive = system.entries.flatMap((x, e) =>
        r.hidden[e] || (x.unpublished && x.value > 0 && x.value < K) ? [e] : [],
      );
      for (const e of sensitive)
        expect(eq.value(new Map([[String(e), 1n]])), `${JSON.stringify(slices)} entry ${e}`).toBeNull();
    }
  });
});
