/**
 * npm run bench:load — the production build on a database of 1,000,000 check-lists, driven over
 * HTTP by autocannon at 1, 10 and 50 concurrent users signed in as different roles:
 *   referrer's list (GET /checklists), a check-list page (GET /checklists/{id}), a draft save
 *   (PATCH /api/v1/checklists/{id}), the centre inbox (GET /inbox), the statistics of a year
 *   (GET /statistics?year=…), and the framework's floor: a static answer of the same build
 *   (GET /healthz). Prints requests per second, p50 / p95 / p99 latency, errors, and each
 *   scenario's p95 against the floor's. Target: p95 < 200 ms at 50 users, no errors.
 * Needs a production build: `npm run build` (or --dist=<dir> for NEXT_DIST_DIR).
 * Loads: users sending --rate (1) request per second each, each at their own moment of the second
 * — the target —, optionally all at the same instant (--modes=…,in-step: a worst case), and saturation
 * (no pause: the capacity). Options: --checklists=1000000 --duration=15 --port=3700
 * --concurrency=1,10,50 --rate=1 --keep-db --scenarios=referrer,check-list,draft,centre,statistics (the floor always runs)
 * --modes=target,in-step,saturation (default target,saturation) --workers=N (RELAIS_WORKERS) --profile=<dir> (V8 CPU profiles of the workers)
 * --db=<file>: fill that file once and keep it; later runs reuse it (the fill takes minutes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { hashPassword } from '../../lib/server/auth/password';
import { DURATIONS_BACKFILL_SQL, rebuildStatisticsCounts } from '../../lib/statistics/counters';
import { HttpClient } from '../e2e/http-client';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const TOTAL = Number(args.checklists ?? 1_000_000);
const DURATION = Number(args.duration ?? 15);
const PORT = Number(args.port ?? 3700);
const LEVELS = (args.concurrency ?? '1,10,50').split(',').map(Number);
/** Requests per second per user in the target run (a person clicking fast). */
const RATE = Number(args.rate ?? 1);
const DIST = args.dist ?? process.env.NEXT_DIST_DIR ?? '.next';
const BASE = `http://localhost:${PORT}`;
const file = args.db ? path.resolve(args.db) : path.join(os.tmpdir(), `relais-bench-load-${process.pid}.sqlite`);
const REUSE = Boolean(args.db) && fs.existsSync(file);
const YEAR = new Date().getFullYear();
const PASSWORD = 'bench load passphrase 2026';
const USERS_PER_ROLE = Math.max(...LEVELS);

const REGIONS = ['wvl', 'ovl', 'ant', 'lim', 'hai', 'nam_lux', 'lie', 'vbr', 'bru', 'bwa'];
const SECTORS = ['construction', 'horeca', 'horticulture', 'cleaning', 'logistics', 'retail', 'transport', 'bakery'];
const NATIONALITIES = ['RO', 'BG', 'MA', 'BR', 'UA', 'IN', 'PK', 'NG', 'VN', 'BE', 'PL', 'TR', 'AL', 'CN', 'ER'];
const SERVICE_OF: Record<string, string> = {
  police: 'police_local',
  onss: 'onss',
  cls: 'cls',
  guardianship: 'guardianship',
};

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}`))));
  });
}

/** The benchmark's users, check-lists and drafts of a database filled by an earlier run (--db); users added if this run needs more. */
async function readPreparedDatabase() {
  const sqlite = new Database(file);
  const pick = (role: string) =>
    sqlite
      .prepare(
        `SELECT id, email, organisation_id AS org FROM users WHERE email LIKE 'bench-${role}-%' ORDER BY CAST(substr(email, ${`bench-${role}-`.length + 1}) AS INTEGER)`,
      )
      .all() as { id: string; email: string; org: string }[];
  const hash = await hashPassword(PASSWORD);
  const now = new Date().toISOString();
  for (const role of ['referrer', 'centre_staff', 'coordinator'] as const) {
    const have = pick(role);
    for (let i = have.length; i < USERS_PER_ROLE; i++) {
      sqlite
        .prepare(
          `INSERT INTO users (id, email, name, role, organisation_id, active, password_hash, must_change_password, is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, 0, 0, ?, ?)`,
        )
        .run(
          randomUUID(),
          `bench-${role}-${i}@load.relais.invalid`,
          `Bench ${role} ${i}`,
          role,
          have[0]!.org,
          hash,
          now,
          now,
        );
    }
  }
  const users = { referrer: pick('referrer'), centre_staff: pick('centre_staff'), coordinator: pick('coordinator') };
  for (const role of ['referrer', 'centre_staff', 'coordinator'] as const)
    users[role] = users[role].slice(0, USERS_PER_ROLE);
  const referrerIds = users.referrer.map((u) => u.id);
  const marks = referrerIds.map(() => '?').join(',');
  const ownIds = (
    sqlite
      .prepare(`SELECT id FROM checklists WHERE created_by IN (${marks}) AND status = 'completed' ORDER BY rowid`)
      .all(...referrerIds) as { id: string }[]
  ).map((r) => r.id);
  const ownDrafts = (
    sqlite
      .prepare(`SELECT id FROM checklists WHERE created_by IN (${marks}) AND status = 'draft' ORDER BY rowid LIMIT ?`)
      .all(...referrerIds, USERS_PER_ROLE) as { id: string }[]
  ).map((r) => r.id);
  sqlite.close();
  if (ownDrafts.length < USERS_PER_ROLE)
    throw new Error(`${file} has fewer drafts than users: remove it or name another --db`);
  return { users, ownIds, ownDrafts };
}

/** Reference organisations through the real seed, then bulk rows with prepared statements. */
async function prepareDatabase(env: NodeJS.ProcessEnv) {
  if (REUSE) {
    console.log(`reusing ${file}`);
    return await readPreparedDatabase();
  }
  const init = new Database(file);
  init.pragma('journal_mode = WAL');
  migrate(drizzle(init), { migrationsFolder: path.resolve('db/migrations') });
  init.close();
  await run(path.resolve('node_modules/.bin/tsx'), ['db/seed.ts', '--organisations'], {
    ...env,
    NODE_OPTIONS: '--conditions=react-server',
  });

  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const orgs = sqlite.prepare('SELECT id, code, kind FROM organisations').all() as {
    id: string;
    code: string;
    kind: string;
  }[];
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const referring = orgs.filter((o) => SERVICE_OF[o.kind]);
  const centres = ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => byCode.get(c)!);
  const now = new Date().toISOString();
  const hash = await hashPassword(PASSWORD);
  const insertUser = sqlite.prepare(
    `INSERT INTO users (id, email, name, role, organisation_id, active, password_hash, must_change_password, is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, 0, 0, ?, ?)`,
  );
  const users: Record<'referrer' | 'centre_staff' | 'coordinator', { id: string; email: string }[]> = {
    referrer: [],
    centre_staff: [],
    coordinator: [],
  };
  const home = {
    referrer: byCode.get('police-bru-ixelles')!,
    centre_staff: byCode.get('surya')!,
    coordinator: byCode.get('cic')!,
  };
  for (const role of ['referrer', 'centre_staff', 'coordinator'] as const) {
    for (let i = 0; i < USERS_PER_ROLE; i++) {
      const id = randomUUID();
      const email = `bench-${role}-${i}@load.relais.invalid`;
      insertUser.run(id, email, `Bench ${role} ${i}`, role, home[role].id, hash, now, now);
      users[role].push({ id, email });
    }
  }

  const insertChecklist =
    sqlite.prepare(`INSERT INTO checklists (id, organisation_id, created_by, idempotency_key, catalogue_version, status, version, revision, answers, imported,
    created_at, updated_at, first_completed_at, last_completed_at, year, reference, control_date, service, region, sex, age, minor, nationality, eu_national, sector,
    form_sexual, form_economic, form_begging, form_forced_crime, form_organs, form_smuggling, residence, identity_documents, sufficient, wish)
    VALUES (?, ?, ?, ?, '2015.1', ?, ?, 1, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, 'irregular', 'held_by_other', ?, ?)`);
  const insertVersion = sqlite.prepare(
    `INSERT INTO checklist_versions (id, checklist_id, version, catalogue_version, answers, created_by, created_at) VALUES (?, ?, 1, '2015.1', ?, ?, ?)`,
  );
  const insertIndicator = sqlite.prepare(
    'INSERT INTO checklist_indicators (checklist_id, code, year, sufficient, service) VALUES (?, ?, ?, ?, ?)',
  );
  const insertReferral =
    sqlite.prepare(`INSERT INTO referrals (id, checklist_id, centre_id, referring_organisation_id, source, case_type, status, version, idempotency_key, minor,
    person_sex, person_age, person_nationality, forms, packet, created_by, received_at, year, first_action_at, accepted_at, accepted_year, ended_at, updated_at)
    VALUES (?, ?, ?, ?, 'app', 'thb', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const referrerOrg = home.referrer;
  const ownIds: string[] = [];
  const drafts: string[] = [];
  const STATUSES = ['sent', 'acknowledged', 'accepted', 'not_a_victim', 'closed', 'refused_by_person'];
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // One check-list in fifty belongs to the benchmark referrers' own zone: a busy zone's list.
      const own = i % 50 === 0;
      const org = own ? referrerOrg : referring[i % referring.length]!;
      const service = SERVICE_OF[org.kind]!;
      const year = YEAR - 9 + (i % 10);
      const draft = own && i % 1000 === 0;
      const region = REGIONS[(i * 7) % 10]!;
      const sex = i % 5 === 0 ? 'f' : i % 97 === 0 ? 'x' : 'm';
      const age = 15 + ((i * 13) % 50);
      const nationality = NATIONALITIES[(i * 11) % NATIONALITIES.length]!;
      const sector = SECTORS[i % SECTORS.length]!;
      const at = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-15T10:00:00.000Z`;
      const answers = JSON.stringify({
        'ctx.service': service,
        'ctx.reference': `PV-${year}-${i}`,
        'ctx.control_date': at.slice(0, 10),
        'ctx.region': region,
        'ctx.forms': ['economic'],
        'ctx.sector': sector,
        'vic.sex': sex,
        'vic.age_estimate': age,
        'vic.nationality': nationality,
        'exp.housing': 'yes',
        'pay.level': 'very_low',
        'out.sufficient': 'yes',
        'out.wish': 'accepts_referral',
      });
      const id = randomUUID();
      const userId = own ? users.referrer[i % USERS_PER_ROLE]!.id : users.coordinator[0]!.id;
      insertChecklist.run(
        id,
        org.id,
        userId,
        `bulk-${i}`,
        draft ? 'draft' : 'completed',
        draft ? 0 : 1,
        answers,
        at,
        at,
        draft ? null : at,
        draft ? null : at,
        draft ? null : year,
        `PV-${year}-${i}`,
        at.slice(0, 10),
        service,
        region,
        sex,
        age,
        age < 18 ? 1 : 0,
        nationality,
        nationality === 'RO' || nationality === 'BG' || nationality === 'PL' ? 1 : 0,
        sector,
        i % 9 === 0 ? 1 : 0,
        1,
        0,
        i % 10 === 9 ? 0 : 1,
        'accepts_referral',
      );
      if (draft) {
        drafts.push(id);
        continue;
      }
      if (own) ownIds.push(id);
      insertVersion.run(randomUUID(), id, answers, userId, at);
      for (const code of ['exp.housing', 'pay.level', i % 3 ? 'exp.long_hours' : 'agg.vulnerable'])
        insertIndicator.run(id, code, year, i % 10 === 9 ? 0 : 1, service);
      if (i % 4 === 0) {
        const centre = age < 18 ? centres[3]! : i % 12 === 0 ? centres[2]! : centres[i % 3]!;
        const status = STATUSES[i % STATUSES.length]!;
        const accepted = status === 'accepted' || status === 'closed';
        const packet = JSON.stringify({
          person: {
            name: null,
            sex,
            age,
            minor: age < 18,
            nationality,
            contact: null,
            noSafeContact: false,
            languages: null,
            interpreter: null,
          },
          forms: ['economic'],
          urgentNeeds: null,
          referrer: null,
        });
        insertReferral.run(
          randomUUID(),
          id,
          centre.id,
          org.id,
          status,
          `bulk-r-${i}`,
          age < 18 ? 1 : 0,
          sex,
          age,
          nationality,
          'economic',
          packet,
          userId,
          at,
          year,
          status === 'sent' ? null : at,
          accepted ? at : null,
          accepted ? year : null,
          ['closed', 'not_a_victim', 'refused_by_person'].includes(status) ? at : null,
          at,
        );
      }
    }
  });
  const started = performance.now();
  for (let from = 0; from < TOTAL; from += 50_000) {
    batch(from, Math.min(TOTAL, from + 50_000));
    process.stdout.write(`\r  filling: ${Math.min(TOTAL, from + 50_000).toLocaleString('en')} check-lists`);
  }
  // Each benchmark referrer gets a draft of their own to save.
  const ownDrafts = drafts.slice(0, USERS_PER_ROLE);
  // As the migration does for an existing database: durations of table 15, statistics counters.
  sqlite.exec(DURATIONS_BACKFILL_SQL);
  rebuildStatisticsCounts(sqlite);
  sqlite.prepare('ANALYZE').run();
  sqlite.close();
  console.log(` in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { users, ownIds, ownDrafts };
}

async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  // The server gets its own NODE_OPTIONS (not this script's react-server condition); --profile=<dir>
  // writes a V8 CPU profile of the server there when it stops.
  const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
  // The production launcher (npm start): one worker per core; --workers=N sets RELAIS_WORKERS
  // (node options such as --cpu-prof pass on to the workers).
  const server = spawn(process.execPath, [...profile, path.resolve('lib/runtime/serve.mjs'), '-p', String(PORT)], {
    env: { ...env, NODE_OPTIONS: '', ...(args.workers ? { RELAIS_WORKERS: args.workers } : {}) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return server;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill('SIGKILL');
  throw new Error('server did not start');
}

interface Scenario {
  name: string;
  role: 'referrer' | 'centre_staff' | 'coordinator' | null;
  request: (user: number) => { path: string; method?: 'GET' | 'PATCH'; body?: string };
}

/** One autocannon run for the given users (one connection each); latencies as answered. */
function cannon(scenario: Scenario, users: number[], cookies: Record<string, string[]>, rate: number) {
  const latencies: number[] = [];
  let non2xx = 0;
  let n = 0;
  return new Promise<{ latencies: number[]; non2xx: number; errors: number }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: BASE,
        connections: users.length,
        // rate > 0: each user sends that many requests per second (a person clicking), else as fast as answered.
        ...(rate > 0 ? { connectionRate: rate } : {}),
        duration: DURATION,
        requests: [{ path: '/' }],
        setupClient: (client) => {
          const user = users[n++ % users.length]! % USERS_PER_ROLE;
          const r = scenario.request(user);
          client.setHeaders({
            ...(scenario.role ? { cookie: cookies[scenario.role]![user]! } : {}),
            ...(r.body ? { 'content-type': 'application/json' } : {}),
          });
          client.setRequests([{ path: r.path, method: r.method ?? 'GET', ...(r.body ? { body: r.body } : {}) }]);
        },
      },
      (error, result) =>
        error ? reject(error) : resolve({ latencies, non2xx, errors: result.errors + result.timeouts }),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status < 200 || status >= 300) non2xx++;
    });
  });
}

/** A small deterministic generator: the same phases at every run. */
function seeded(seed: number) {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/**
 * `connections` users on a scenario. With a rate, three ways for the users to click:
 * 'independent' — each user at their own moment of the second (a random phase, as people do);
 * 'in-step' — every user at the same instant each second (a worst case no office produces:
 * autocannon's own rate limiter starts all its connections together). Without a rate: saturation.
 */
async function measure(
  scenario: Scenario,
  connections: number,
  cookies: Record<string, string[]>,
  rate = 0,
  phases: 'independent' | 'in-step' = 'in-step',
) {
  const users = Array.from({ length: connections }, (_, i) => i);
  let runs: Promise<{ latencies: number[]; non2xx: number; errors: number }>[];
  if (rate > 0 && phases === 'independent') {
    const random = seeded(connections * 7919 + scenario.name.length);
    runs = users.map((user) =>
      new Promise<number>((r) => setTimeout(r, ((user + random()) / connections) * (1000 / rate))).then(() =>
        cannon(scenario, [user], cookies, rate),
      ),
    );
  } else {
    runs = [cannon(scenario, users, cookies, rate)];
  }
  const results = await Promise.all(runs);
  const sorted = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  const errors = results.reduce((a, r) => a + r.errors, 0);
  const non2xx = results.reduce((a, r) => a + r.non2xx, 0);
  return {
    rps: sorted.length / DURATION,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    errors,
    non2xx,
    total: sorted.length,
  };
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'BUILD_ID')))
    throw new Error(`no production build in ${DIST}: run npm run build first (or --dist=<dir>)`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RELAIS_DB_PATH: file,
    NEXT_DIST_DIR: DIST,
    NEXTAUTH_URL: BASE,
    PORT: String(PORT),
    RELAIS_RETENTION_JOB: 'off',
    NODE_ENV: 'production',
  };
  console.log(
    `bench:load — ${TOTAL.toLocaleString('en')} check-lists, ${os.cpus().length} cores, ${DURATION} s per run, build ${DIST}`,
  );
  const { users, ownIds, ownDrafts } = await prepareDatabase(env);
  const server = await startServer(env);
  try {
    // Sessions: every benchmark user signs in once (sessions live in the database).
    const cookies: Record<string, string[]> = {};
    for (const role of ['referrer', 'centre_staff', 'coordinator'] as const) {
      cookies[role] = [];
      for (const u of users[role]) {
        const client = new HttpClient(BASE);
        const signed = await client.signIn(u.email, PASSWORD);
        if (!signed.ok) throw new Error(`sign-in failed for ${u.email}`);
        cookies[role]!.push(client.cookieHeader());
      }
    }
    const allScenarios: Scenario[] = [
      { name: 'static floor (GET /healthz)', role: null, request: () => ({ path: '/healthz' }) },
      { name: "referrer's list (GET /checklists)", role: 'referrer', request: () => ({ path: '/checklists' }) },
      {
        name: 'check-list page (GET /checklists/{id})',
        role: 'referrer',
        request: (u) => ({ path: `/checklists/${ownIds[(u * 37) % ownIds.length]}` }),
      },
      {
        name: 'draft save (PATCH /api/v1/checklists/{id})',
        role: 'referrer',
        request: (u) => ({
          path: `/api/v1/checklists/${ownDrafts[u % ownDrafts.length]}`,
          method: 'PATCH',
          body: JSON.stringify({ answers: { 'vic.sex': 'f', 'ctx.reference': `PV-LOAD-${u}` } }),
        }),
      },
      { name: 'centre inbox (GET /inbox)', role: 'centre_staff', request: () => ({ path: '/inbox' }) },
      {
        name: `statistics of a year (GET /statistics?year=${YEAR - 1})`,
        role: 'coordinator',
        request: () => ({ path: `/statistics?year=${YEAR - 1}` }),
      },
    ];
    const only = args.scenarios?.split(',');
    const scenarios = allScenarios.filter((s) => s.role === null || !only || only.some((o) => s.name.startsWith(o)));
    const header =
      'scenario                                             users  req/s  p50ms  p95ms  p99ms  errors  ×floor(p95)';
    const report: string[] = [];
    let failed = false;
    // Loads: people (each user sends one request per second — a fast human) and saturation
    // (each user sends the next request as soon as the answer arrives: the server's capacity).
    const modes = (
      [
        [
          `users clicking ${RATE} time(s) per second each, each at their own moment (target)`,
          RATE,
          'target',
          'independent',
        ],
        [`users clicking ${RATE} time(s) per second each, all at the same instant`, RATE, 'in-step', 'in-step'],
        ['saturation: no pause between requests', 0, 'saturation', 'in-step'],
      ] as const
    ).filter(([, , key]) => (args.modes ?? 'target,saturation').split(',').includes(key));
    for (const [mode, rate, key, phases] of modes) {
      const rows: string[] = [];
      const floor: Record<number, number> = {};
      console.log(`\n${mode}\n${header}`);
      for (const scenario of scenarios) {
        await measure(scenario, 2, cookies).catch(() => undefined); // warm-up
        for (const c of LEVELS) {
          const r = await measure(scenario, c, cookies, rate, phases);
          if (scenario.role === null) floor[c] = r.p95;
          const ratio = floor[c] ? r.p95 / floor[c]! : NaN;
          const judged = key === 'target' && c === 50;
          const ok = r.p95 < 200 && r.errors === 0 && r.non2xx === 0;
          if (judged && !ok) failed = true;
          rows.push(
            `${scenario.name.padEnd(52)} ${String(c).padStart(3)}  ${r.rps.toFixed(0).padStart(6)}  ${r.p50.toFixed(0).padStart(5)}  ${r.p95.toFixed(0).padStart(5)}  ${r.p99.toFixed(0).padStart(5)}  ${String(r.errors + r.non2xx).padStart(6)}  ${Number.isFinite(ratio) ? ratio.toFixed(1).padStart(6) : '     —'}${judged ? (ok ? '  met' : '  NOT met') : ''}`,
          );
          console.log(rows.at(-1));
        }
      }
      report.push(`\n${mode}\n${header}`, ...rows);
    }
    console.log(`\n=== bench:load summary (${TOTAL.toLocaleString('en')} check-lists, ${os.cpus().length} cores) ===`);
    for (const row of report) console.log(row);
    console.log(
      LEVELS.includes(50)
        ? `\ntarget at 50 users (${RATE} request/s each, each at their own moment): p95 < 200 ms and no errors in every scenario — ${failed ? 'NOT met' : 'met'}`
        : '\ntarget at 50 users: not measured (add 50 to --concurrency)',
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (!server.killed) server.kill('SIGKILL');
    if (args['keep-db'] === undefined && !args.db)
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    else console.log(`database kept: ${file}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
