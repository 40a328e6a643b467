/**
 * npm run bench:stats — a benchmark, not a test. Fills a database with ten years of completed
 * check-lists (100,000 a year by default: 1,000,000), their indicators and referrals to the four
 * centres (plus requests the centres registered from other channels), then times
 * computeYearStatistics — every table of one year — for all services and for ONSS: median and
 * 95th percentile. The floor is one plain SQL count over the same year's rows on the same
 * database; the ratio says how many such counts all the tables cost.
 * Targets (issue): all tables of a year under 100 ms, and under 20 times the floor.
 * Also timed: the two-year view (every table of the year and the year before, side by side).
 * Options: --per-year=100000 --years=10 --runs=15 --year=<default: the last>
 *          --explain (print each statement's query plan)
 *          --db=<file> (keep the database in <file> and reuse it when already filled; for development)
 *          --cache-mb=<n> --mmap-mb=<n> (PRAGMA cache_size / mmap_size on the connection: what a
 *          different db/client.ts setting would change; the default is the client's as it is)
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { EU_MEMBER_STATES } from '../../lib/checklist/countries';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]),
);
const perYear = Number(args['per-year'] ?? 100_000);
const years = Number(args.years ?? 10);
const runs = Number(args.runs ?? 15);
const firstYear = 2026 - years;
const lastYear = 2025;
const measuredYear = Number(args.year ?? lastYear);
const explain = 'explain' in args;
const keep = Boolean(args.db);
const cacheMb = args['cache-mb'] ? Number(args['cache-mb']) : null;
const mmapMb = args['mmap-mb'] ? Number(args['mmap-mb']) : null;
const file = args.db ? path.resolve(args.db) : path.join(os.tmpdir(), `relais-bench-stats-${process.pid}.sqlite`);
process.env.RELAIS_DB_PATH = file;

// ---------------------------------------------------------------------------------------------
// Plausible distributions, invented: the exact shares do not matter for the timing, the
// cardinalities do (~30 nationalities, 10 regions, 19 sectors, 5 services, ~8 of 30 indicators
// per check-list, a referral for ~27 % of check-lists, more than half of them accepted).
// ---------------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32): the same data on every run, so figures compare. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20250101);

/** A picker over weighted values. */
function weighted<T>(entries: readonly (readonly [T, number])[]): () => T {
  const total = entries.reduce((a, [, w]) => a + w, 0);
  const cumulative = entries.map(
    ([v], i) => [v, entries.slice(0, i + 1).reduce((a, [, w]) => a + w, 0) / total] as const,
  );
  return () => {
    const x = random();
    return (cumulative.find(([, c]) => x < c) ?? cumulative[cumulative.length - 1]!)[0];
  };
}

const SERVICE = weighted([
  ['police_local', 35],
  ['police_federal', 20],
  ['onss', 30],
  ['cls', 10],
  ['guardianship', 5],
] as const);
const REGION = weighted([
  ['bru', 22],
  ['ant', 18],
  ['ovl', 10],
  ['wvl', 8],
  ['lim', 7],
  ['lie', 9],
  ['hai', 10],
  ['nam_lux', 5],
  ['vbr', 7],
  ['bwa', 4],
] as const);
const SECTOR = weighted<string | null>([
  ['construction', 18],
  ['horeca', 16],
  ['prostitution', 14],
  ['cleaning', 7],
  ['carwash', 5],
  ['retail', 5],
  ['butchery', 2],
  ['bakery', 3],
  ['hairdressing_beauty', 4],
  ['manufacturing', 3],
  ['wholesale', 2],
  ['horticulture', 5],
  ['logistics', 3],
  ['riding_stable', 1],
  ['various_services', 3],
  ['transport', 3],
  ['domestic_work', 2],
  ['sorting_recycling', 1],
  ['other', 2],
  [null, 1],
]);
const SEX = weighted<string | null>([
  ['m', 64],
  ['f', 34],
  ['x', 1],
  [null, 1],
]);
const NATIONALITY = weighted<string | null>([
  ['RO', 12],
  ['BG', 8],
  ['MA', 7],
  ['NG', 5],
  ['BE', 5],
  ['PL', 4],
  ['UA', 4],
  ['BR', 4],
  ['PT', 3],
  ['IN', 3],
  ['CN', 3],
  ['VN', 3],
  ['TH', 3],
  ['AL', 3],
  ['TR', 3],
  ['AF', 3],
  ['SY', 2],
  ['ER', 2],
  ['PK', 2],
  ['FR', 2],
  ['DZ', 2],
  ['EG', 2],
  ['PH', 2],
  ['MD', 2],
  ['ES', 1],
  ['IT', 1],
  ['TN', 1],
  ['RS', 1],
  ['GE', 1],
  ['unknown', 2],
  ['stateless', 0.3],
  [null, 0.5],
]);
const RESIDENCE_NON_EU = weighted<string | null>([
  ['be_permit', 6],
  ['be_permit_pending', 4],
  ['other_eu_permit', 6],
  ['asylum_seeker', 10],
  ['irregular', 50],
  ['unknown', 12],
  [null, 12],
]);
const IDENTITY_DOCUMENTS = weighted<string | null>([
  ['own', 45],
  ['held_by_other', 15],
  ['copies_only', 8],
  ['none', 12],
  ['false_or_borrowed', 8],
  [null, 12],
]);
const WISH = weighted([
  ['accepts_referral', 18],
  ['refuses', 45],
  ['already_in_care', 5],
  ['could_not_ask', 28],
] as const);
const FORM = weighted([
  ['economic', 62],
  ['sexual', 28],
  ['begging', 3],
  ['forced_crime', 4],
  ['smuggling_aggravated', 2.5],
  ['organs', 0.5],
] as const);
/** Final (or current) status of an app referral; `closed` went through `accepted`. */
const REFERRAL_STATUS = weighted([
  ['sent', 3],
  ['acknowledged', 6],
  ['accepted', 30],
  ['closed', 25],
  ['not_a_victim', 10],
  ['refused_by_person', 8],
  ['lost_contact', 6],
  ['no_capacity', 2],
  ['redirected', 4],
  ['withdrawn', 6],
] as const);
const REQUEST_STATUS = weighted([
  ['acknowledged', 10],
  ['accepted', 40],
  ['closed', 25],
  ['not_a_victim', 10],
  ['lost_contact', 10],
  ['refused_by_person', 5],
] as const);
const REQUEST_SOURCE = weighted([
  ['walk_in', 20],
  ['ngo', 25],
  ['lawyer', 15],
  ['hospital', 8],
  ['fedasil', 12],
  ['child_focus', 5],
  ['outreach', 10],
  ['other', 5],
] as const);
const ADULT_CENTRE = weighted([
  ['pag-asa', 36],
  ['payoke', 36],
  ['surya', 28],
] as const);
const CHOICE_REASON = weighted([
  ['safety', 40],
  ['language', 15],
  ['no_place', 30],
  ['person_wish', 10],
  ['other', 5],
] as const);

/** Indicators of sections 2–5 with their relative frequency; ~8 present per check-list. */
const INDICATOR_WEIGHTS: readonly (readonly [string, number])[] = [
  ['doc.residence', 9],
  ['doc.identity', 6],
  ['doc.under_exploiter_identity', 3],
  ['pay.level', 10],
  ['pay.promised_unpaid', 7],
  ['pay.ceded', 3],
  ['pay.debt', 5],
  ['pay.dimona', 8],
  ['exp.no_equipment', 4],
  ['exp.dangerous', 4],
  ['exp.no_contact', 3],
  ['exp.movement', 3],
  ['exp.housing', 7],
  ['exp.no_medical', 3],
  ['exp.long_hours', 9],
  ['exp.sex_earnings_handed', 2],
  ['exp.sex_no_choice', 2],
  ['exp.sex_moved', 1.5],
  ['exp.sex_online', 1.5],
  ['agg.victim_minor', 0.8],
  ['agg.vulnerable', 7],
  ['agg.authority', 2],
  ['agg.public_officer', 0.3],
  ['agg.coercion', 4],
  ['agg.life_endangered', 1],
  ['agg.permanent_harm', 0.5],
  ['agg.partial_incapacity', 0.3],
  ['agg.death', 0.05],
  ['agg.habitual', 3],
  ['agg.association', 4],
];
const INDICATOR_TOTAL = INDICATOR_WEIGHTS.reduce((a, [, w]) => a + w, 0);
const INDICATOR_PROBABILITY = INDICATOR_WEIGHTS.map(
  ([code, w]) => [code, Math.min(0.95, (w / INDICATOR_TOTAL) * 8)] as const,
);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Log-normal delay in hours around a median (response times are long-tailed). */
const delayHours = (median: number) =>
  median * Math.exp(0.9 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));

interface Person {
  sex: string | null;
  age: number | null;
  minor: boolean | null;
  nationality: string | null;
  forms: string[];
}

function formsOf(): string[] {
  const forms = new Set([FORM()]);
  if (random() < 0.08) forms.add(FORM());
  return [...forms];
}

function personOf(): Person {
  const r = random();
  // ~7 % minors (14–17), a few unknown ages, the rest 18–70 skewed young.
  const age = r < 0.07 ? 14 + Math.floor(random() * 4) : r < 0.1 ? null : 18 + Math.floor(53 * random() ** 1.6);
  return {
    sex: SEX(),
    age,
    minor: age === null ? (random() < 0.5 ? false : null) : age < 18,
    nationality: NATIONALITY(),
    forms: formsOf(),
  };
}

async function main() {
  const { openDatabase, getSqlite } = await import('../../db/client');
  const { computeYearStatistics } = await import('../../lib/server/statistics/compute-year-statistics');
  const { suggestedCentre } = await import('../../lib/referrals/routing');
  const { DURATIONS_BACKFILL_SQL, rebuildStatisticsCounts } = await import('../../lib/statistics/counters');
  type Actor = import('../../lib/server/auth/actor').Actor;

  const init = openDatabase(file);
  migrate(drizzle(init), { migrationsFolder: path.resolve('db/migrations') });
  init.close();

  const sqlite = getSqlite();
  if (cacheMb !== null) sqlite.pragma(`cache_size = -${cacheMb * 1024}`);
  if (mmapMb !== null) sqlite.pragma(`mmap_size = ${mmapMb * 1024 * 1024}`);
  const count = (table: string) => sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number;
  const now = new Date().toISOString();

  // Organisations and users: one referring organisation per detecting service, the four
  // centres, the guardianship service (notified for minors), and the coordination.
  const orgIds = new Map<string, string>();
  const userIds = new Map<string, string>();
  function ensureOrganisation(code: string, kind: string, service: string | null, role: string) {
    const existing = sqlite.prepare('select id from organisations where code = ?').pluck().get(code) as
      string | undefined;
    const id = existing ?? randomUUID();
    if (!existing) {
      sqlite
        .prepare('insert into organisations (id, code, name, kind, service, created_at) values (?, ?, ?, ?, ?, ?)')
        .run(id, code, `Bench ${code}`, kind, service, now);
      sqlite
        .prepare(
          'insert into users (id, email, name, role, organisation_id, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(randomUUID(), `bench-${code}@relais.invalid`, `Bench ${code}`, role, id, 'x', now, now);
    }
    orgIds.set(code, id);
    userIds.set(code, sqlite.prepare('select id from users where organisation_id = ?').pluck().get(id) as string);
  }
  for (const s of ['police_local', 'police_federal', 'onss', 'cls'])
    ensureOrganisation(`bench-${s}`, s.startsWith('police') ? 'police' : s, s, 'referrer');
  ensureOrganisation('tutelles', 'guardianship', 'guardianship', 'referrer');
  orgIds.set('bench-guardianship', orgIds.get('tutelles')!);
  userIds.set('bench-guardianship', userIds.get('tutelles')!);
  for (const c of ['pag-asa', 'payoke', 'surya', 'esperanto']) ensureOrganisation(c, 'centre', null, 'centre_staff');
  ensureOrganisation('bench-coordination', 'coordination', null, 'coordinator');
  const actor: Actor = {
    userId: userIds.get('bench-coordination')!,
    name: 'Bench coordination',
    email: 'bench-bench-coordination@relais.invalid',
    role: 'coordinator',
    organisationId: orgIds.get('bench-coordination')!,
    organisationName: 'Bench bench-coordination',
    organisationKind: 'coordination',
    organisationService: null,
    sessionId: 'bench',
    mustChangePassword: false,
    ip: '127.0.0.1',
  };

  const insertChecklist =
    sqlite.prepare(`insert into checklists (id, organisation_id, created_by, idempotency_key, catalogue_version, status, version, revision, answers,
    imported, created_at, updated_at, first_completed_at, last_completed_at, year, reference, control_date, service, region, sex, age, minor, nationality, eu_national,
    sector, form_sexual, form_economic, form_begging, form_forced_crime, form_organs, form_smuggling, residence, identity_documents, sufficient, wish)
    values (?, ?, ?, ?, '2015.1', 'completed', 1, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertIndicator = sqlite.prepare(
    'insert into checklist_indicators (checklist_id, code, year, sufficient, service) values (?, ?, ?, ?, ?)',
  );
  const insertReferral =
    sqlite.prepare(`insert into referrals (id, checklist_id, centre_id, referring_organisation_id, guardianship_organisation_id, source,
    case_type, status, version, idempotency_key, minor, person_sex, person_age, person_nationality, forms, choice_reason, share_checklist, packet, created_by,
    received_at, year, first_action_at, accepted_at, accepted_year, ended_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const yearOf = (ms: number | null) => (ms === null ? null : new Date(ms).getUTCFullYear());
  const b = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  const caseTypeOf = (forms: string[]) =>
    forms.includes('smuggling_aggravated') ? 'smuggling_aggravated' : random() < 0.01 ? 'honour_violence' : 'thb';

  /** Timestamps of a referral's life, from its final status (the transitions it went through). */
  function lifeOf(status: string, received: number) {
    const acted = !(
      status === 'sent' ||
      (status === 'withdrawn' && random() < 0.5) ||
      (status === 'refused_by_person' && random() < 0.3)
    );
    const firstAction = acted ? received + delayHours(6) * HOUR : null;
    const accepted =
      (status === 'accepted' || status === 'closed') && firstAction !== null
        ? firstAction + delayHours(30) * HOUR
        : null;
    const final = !['sent', 'acknowledged', 'accepted', 'no_capacity'].includes(status);
    const ended = final
      ? (accepted ?? firstAction ?? received) + (status === 'closed' ? 60 + random() * 300 : random() * 10) * DAY
      : null;
    const steps = 1 + (firstAction ? 1 : 0) + (accepted ? 1 : 0) + (final ? 1 : 0);
    return { firstAction, accepted, ended, steps, updated: ended ?? accepted ?? firstAction ?? received };
  }

  /** Check-list `i` of the fill (year = firstYear + i / perYear), its indicators and maybe its referral. */
  function storeChecklist(i: number): { indicators: number; referrals: number } {
    const year = firstYear + Math.floor(i / perYear);
    const service = SERVICE();
    const region = REGION();
    const person = personOf();
    if (service === 'guardianship' && random() < 0.8)
      Object.assign(person, { age: 14 + Math.floor(random() * 4), minor: true });
    const sector = person.forms.includes('sexual') && random() < 0.7 ? 'prostitution' : SECTOR();
    const eu =
      person.nationality === null || person.nationality === 'unknown' || person.nationality === 'stateless'
        ? null
        : EU_MEMBER_STATES.has(person.nationality);
    const residence =
      person.nationality === 'BE'
        ? 'belgian'
        : eu
          ? random() < 0.85
            ? 'eu_national_id'
            : 'unknown'
          : RESIDENCE_NON_EU();
    const documents = IDENTITY_DOCUMENTS();
    const sufficient = random() < 0.9;
    const wish = WISH();
    // Completed between 2 January and 30 December, office hours (no New Year ambiguity in Brussels).
    const completed = Date.UTC(year, 0, 2) + Math.floor(random() * 362) * DAY + (7 + random() * 11) * HOUR;
    const created = completed - random() * 3 * DAY;
    const indicators = INDICATOR_PROBABILITY.filter(
      ([code, p]) => random() < (code.startsWith('exp.sex_') && !person.forms.includes('sexual') ? p / 10 : p),
    ).map(([code]) => code);
    const answers: Record<string, unknown> = {
      'ctx.service': service,
      'ctx.control_date': new Date(created).toISOString().slice(0, 10),
      'ctx.region': region,
      'ctx.forms': person.forms,
      'ctx.sector': sector,
      'ctx.reference': `PV-${year}-${i}`,
      'vic.sex': person.sex,
      'vic.nationality': person.nationality,
      'vic.birth_date': person.age === null ? null : `${year - person.age - 1}-0${1 + (i % 9)}-1${i % 10}`,
      'doc.residence': residence,
      'doc.identity': documents,
      'out.sufficient': sufficient ? 'yes' : 'no',
      'out.wish': wish,
      'out.informed': 'yes',
      'out.notes': 'Contrôle conjoint, personne entendue avec interprète.',
    };
    for (const code of indicators) answers[code] = 'yes';
    const id = randomUUID();
    const organisationCode = `bench-${service}`;
    insertChecklist.run(
      id,
      orgIds.get(organisationCode),
      userIds.get(organisationCode),
      `bench-${i}`,
      3 + Math.floor(random() * 20),
      JSON.stringify(answers),
      iso(created),
      iso(completed),
      iso(completed),
      iso(completed),
      year,
      `PV-${year}-${i}`,
      answers['ctx.control_date'],
      service,
      region,
      person.sex,
      person.age,
      b(person.minor),
      person.nationality,
      b(eu),
      sector,
      b(person.forms.includes('sexual')),
      b(person.forms.includes('economic')),
      b(person.forms.includes('begging')),
      b(person.forms.includes('forced_crime')),
      b(person.forms.includes('organs')),
      b(person.forms.includes('smuggling_aggravated')),
      residence,
      documents,
      b(sufficient),
      wish,
    );
    for (const code of indicators) insertIndicator.run(id, code, year, b(sufficient), service);

    // Referral (docs/domain/referrals.md): minors always, adults who accept it; most of them are sent.
    if (!(person.minor || (wish === 'accepts_referral' && random() < 0.95)))
      return { indicators: indicators.length, referrals: 0 };
    const suggested = suggestedCentre(region, person.minor === true);
    const centre = person.minor || random() < 0.85 ? suggested : ADULT_CENTRE();
    const status = REFERRAL_STATUS();
    const received = completed + (0.1 + random() * 48) * HOUR;
    const life = lifeOf(status, received);
    insertReferral.run(
      randomUUID(),
      id,
      orgIds.get(centre),
      orgIds.get(organisationCode),
      person.minor ? orgIds.get('tutelles') : null,
      'app',
      caseTypeOf(person.forms),
      status,
      life.steps,
      `bench-ref-${i}`,
      b(person.minor === true),
      person.sex,
      person.age,
      person.nationality,
      person.forms.join(','),
      centre === suggested ? null : CHOICE_REASON(),
      random() < 0.3 ? 1 : 0,
      JSON.stringify({
        person: { sex: person.sex, age: person.age, minor: person.minor === true, nationality: person.nationality },
        forms: person.forms,
      }),
      userIds.get(organisationCode),
      iso(received),
      yearOf(received),
      iso(life.firstAction),
      iso(life.accepted),
      yearOf(life.accepted),
      iso(life.ended),
      iso(life.updated),
    );
    return { indicators: indicators.length, referrals: 1 };
  }

  /** Request `i` a centre registered from another channel (no check-list; starts acknowledged). */
  function storeCentreRequest(i: number, year: number) {
    const person = personOf();
    const centre = person.minor ? 'esperanto' : ADULT_CENTRE();
    const status = REQUEST_STATUS();
    const received = Date.UTC(year, 0, 2) + Math.floor(random() * 362) * DAY + 12 * HOUR;
    const life = lifeOf(status === 'acknowledged' ? 'acknowledged' : status, received);
    const firstAction = life.firstAction ?? received + delayHours(2) * HOUR;
    insertReferral.run(
      randomUUID(),
      null,
      orgIds.get(centre),
      null,
      null,
      REQUEST_SOURCE(),
      caseTypeOf(person.forms),
      status,
      life.steps,
      `bench-request-${i}`,
      b(person.minor === true),
      person.sex,
      person.age,
      person.nationality ?? 'unknown',
      person.forms.join(','),
      null,
      0,
      JSON.stringify({
        person: { sex: person.sex, age: person.age, minor: person.minor === true, nationality: person.nationality },
        forms: person.forms,
      }),
      userIds.get(centre),
      iso(received),
      yearOf(received),
      iso(firstAction),
      iso(life.accepted),
      yearOf(life.accepted),
      iso(life.ended),
      iso(life.updated),
    );
  }

  /** Stores perYear × years check-lists (bulk SQL, one transaction per 50,000) and ~3 % as many centre requests. */
  function fill() {
    const target = perYear * years;
    const batch = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        storeChecklist(i);
        if (random() < 0.03) storeCentreRequest(i, firstYear + Math.floor(i / perYear));
      }
    });
    const started = performance.now();
    for (let from = 0; from < target; from += 50_000) {
      batch(from, Math.min(target, from + 50_000));
      if (target >= 200_000)
        process.stdout.write(
          `\r  filling… ${Math.min(target, from + 50_000).toLocaleString('en')} / ${target.toLocaleString('en')}`,
        );
    }
    if (target >= 200_000) process.stdout.write('\n');
    // No ANALYZE: the application never runs it, so the planner chooses without sqlite_stat1 here too.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return (performance.now() - started) / 1000;
  }

  // Per-statement timing: drizzle prepares every one-time query through this connection's
  // prepare() and runs it with all(), so wrapping both sees each statement of the computation.
  let trace: { sql: string; params: unknown[]; ms: number }[] | null = null;
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const t0 = performance.now();
    const stmt = prepare(source);
    const prepared = performance.now() - t0;
    const all = stmt.all.bind(stmt);
    stmt.all = ((...params: unknown[]) => {
      const t = performance.now();
      const rows = all(...params);
      trace?.push({ sql: source, params, ms: prepared + performance.now() - t });
      return rows;
    }) as typeof stmt.all;
    return stmt;
  }) as typeof sqlite.prepare;

  function summary(samples: number[]) {
    const s = [...samples].sort((a, b) => a - b);
    const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
    return { median: q(0.5), p95: q(0.95) };
  }

  const floorStatement = sqlite
    .prepare('select count(*) from checklists where year = ? and version > 0 and sufficient = 1')
    .pluck();
  const ms = (n: number) => `${n.toFixed(1)} ms`;

  function measure(service: 'all' | 'onss') {
    for (let i = 0; i < 2; i++) computeYearStatistics({ actor, year: measuredYear, service, audit: false });
    const total: number[] = [];
    const perStatement = new Map<string, { label: string; params: unknown[]; samples: number[]; calls: number }>();
    for (let i = 0; i < runs; i++) {
      trace = [];
      const t = performance.now();
      computeYearStatistics({ actor, year: measuredYear, service, audit: false });
      total.push(performance.now() - t);
      const thisRun = new Map<string, number>();
      for (const s of trace) {
        thisRun.set(s.sql, (thisRun.get(s.sql) ?? 0) + s.ms);
        if (!perStatement.has(s.sql))
          perStatement.set(s.sql, {
            label: labelOf(s.sql, perStatement.size + 1),
            params: s.params,
            samples: [],
            calls: 0,
          });
        if (i === 0) perStatement.get(s.sql)!.calls++;
      }
      for (const [key, v] of thisRun) perStatement.get(key)!.samples.push(v);
      trace = null;
    }
    const floor: number[] = [];
    let floorCount = 0;
    for (let i = 0; i < 2 + runs; i++) {
      const t = performance.now();
      floorCount = floorStatement.get(measuredYear) as number;
      if (i >= 2) floor.push(performance.now() - t);
    }
    const all = summary(total);
    const floorMedian = summary(floor).median;
    const ratio = all.median / floorMedian;
    console.log(
      `\nyear ${measuredYear}, service=${service}: ${runs} runs after 2 warm-ups (floor: ${floorCount.toLocaleString('en')} check-lists counted)`,
    );
    console.log(`  all tables      median ${ms(all.median).padStart(9)}   p95 ${ms(all.p95).padStart(9)}`);
    console.log(`  floor (1 count) median ${ms(floorMedian).padStart(9)}`);
    console.log(`  ratio           ${ratio.toFixed(1)} × the floor`);
    console.log(
      `  targets: all tables < 100 ms ${all.median < 100 ? 'met' : 'NOT met'}; < 20 × floor ${ratio < 20 ? 'met' : 'NOT met'}`,
    );
    console.log('  per statement (median ms, prepare included; the total also counts the JS work between them):');
    for (const s of perStatement.values()) {
      console.log(
        `    ${summary(s.samples).median.toFixed(2).padStart(7)}  ${s.calls > 1 ? `${s.calls}× ` : ''}${s.label}`,
      );
    }
    if (explain) {
      console.log('  query plans:');
      for (const [source, s] of perStatement) {
        console.log(`    ${s.label}`);
        const plan = prepare(`explain query plan ${source}`).all(...s.params) as {
          id: number;
          parent: number;
          detail: string;
        }[];
        const depth = new Map<number, number>([[0, 0]]);
        for (const p of plan) {
          depth.set(p.id, (depth.get(p.parent) ?? 0) + 1);
          console.log(`      ${'  '.repeat(depth.get(p.id)! - 1)}${p.detail}`);
        }
      }
    }
  }

  /**
   * The coordinators' dashboard of the year (getDashboard: key figures of the year and the one
   * before, trends over every year, the referral flow, the map, overdue referrals now), outside
   * publication mode, audit entry included — what a page view costs the server.
   */
  async function measureDashboard(service: 'all' | 'onss') {
    const { getDashboard } = await import('../../lib/server/statistics/get-dashboard');
    const view = () =>
      getDashboard({ actor, year: measuredYear, service, publication: false, locale: 'fr', t: (key) => key });
    for (let i = 0; i < 2; i++) view();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      view();
      samples.push(performance.now() - t);
    }
    const { median, p95 } = summary(samples);
    console.log(`\ndashboard ${measuredYear}, service=${service}: ${runs} runs after 2 warm-ups`);
    console.log(`  dashboard       median ${ms(median).padStart(9)}   p95 ${ms(p95).padStart(9)}`);
    console.log(`  target: < 100 ms ${median < 100 ? 'met' : 'NOT met'}`);
  }

  /**
   * The two-year view (decision 0022): every table of the measured year and the year before,
   * computed, presented (labels, outside publication mode) and put side by side — what a page
   * view of two years costs when nothing is cached. Its target is twice the one year's.
   */
  async function measureBiennial(service: 'all' | 'onss') {
    const { presentTable } = await import('../../lib/statistics/present');
    const { biennialTables } = await import('../../lib/statistics/biennial');
    const ctx = { t: (key: string) => key, labels: {}, country: (code: string) => code };
    const presented = (year: number) =>
      computeYearStatistics({ actor, year, service, audit: false }).map((table) =>
        presentTable(table, { publication: false, k: 5 }, ctx),
      );
    const overYears = new Set(['checklists_over_years']);
    const view = () =>
      biennialTables(
        { year: measuredYear, tables: presented(measuredYear) },
        { year: measuredYear - 1, tables: presented(measuredYear - 1) },
        overYears,
      );
    for (let i = 0; i < 2; i++) view();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      view();
      samples.push(performance.now() - t);
    }
    const { median, p95 } = summary(samples);
    console.log(`
two-year view ${measuredYear - 1} | ${measuredYear}, service=${service}: ${runs} runs after 2 warm-ups`);
    console.log(`  all tables × 2  median ${ms(median).padStart(9)}   p95 ${ms(p95).padStart(9)}`);
    console.log(`  target: < 200 ms (twice a year's) ${median < 200 ? 'met' : 'NOT met'}`);
  }

  /** "# 1 select c.region as region, c.sector… from checklists c where c.version > 0…": enough to recognise the table. */
  function labelOf(source: string, n: number): string {
    const flat = source
      .replace(/\s+/g, ' ')
      .replace(/(\(\?\), )+\(\?\)/g, '(?)…')
      .trim();
    const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
    const from = flat.indexOf(' from ');
    const text =
      flat.startsWith('select') && from > 0
        ? `${cut(flat.slice(0, from), 60)} ${cut(flat.slice(from + 1), 80)}`
        : cut(flat, 141);
    return `#${String(n).padStart(2)} ${text}`;
  }

  try {
    const pragmas = `cache_size ${sqlite.pragma('cache_size', { simple: true })}, mmap_size ${sqlite.pragma('mmap_size', { simple: true })}`;
    console.log(
      `bench:stats — ${years} years (${firstYear}–${lastYear}) × ${perYear.toLocaleString('en')} check-lists, SQLite WAL (${pragmas}), ${os.cpus().length} cores`,
    );
    const fillSeconds = count('checklists') > 0 ? null : fill();
    // The rows were written in bulk, beside the application's verbs: its statistics counters
    // (decision 0015) are built from them, as the migration does for an existing database.
    if (fillSeconds !== null || count('statistics_counts') === 0) {
      const t0 = performance.now();
      sqlite.exec(DURATIONS_BACKFILL_SQL);
      const counters = rebuildStatisticsCounts(sqlite);
      console.log(
        `statistics counters built from the records: ${counters.toLocaleString('en')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const requests = sqlite.prepare("select count(*) from referrals where source <> 'app'").pluck().get() as number;
    const size = (fs.statSync(file).size / 1024 / 1024).toFixed(0);
    console.log(
      `stored: checklists ${count('checklists').toLocaleString('en')}, checklist_indicators ${count('checklist_indicators').toLocaleString('en')}, ` +
        `referrals ${count('referrals').toLocaleString('en')} (of which ${requests.toLocaleString('en')} centre requests); database ${size} MB; ` +
        (fillSeconds === null ? `reused ${file}` : `fill ${fillSeconds.toFixed(1)} s`),
    );
    measure('all');
    measure('onss');
    await measureBiennial('all');
    await measureBiennial('onss');
    await measureDashboard('all');
    await measureDashboard('onss');
  } finally {
    sqlite.close();
    if (!keep) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
