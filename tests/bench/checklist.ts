/**
 * npm run bench:checklist — server time to save a draft and to complete a check-list (the data
 * access layer's verbs, in process: what the server spends per request besides HTTP), median
 * and 95th percentile, with 10,000 and then 1,000,000 check-lists already stored.
 * Targets: p95 under 20 ms (save) and 50 ms (complete) with 1,000,000 stored.
 * Options: --sizes=10000,1000000 --runs=300
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const sizes = (args.sizes ?? '10000,1000000').split(',').map(Number);
const runs = Number(args.runs ?? 300);
const file = path.join(os.tmpdir(), `relais-bench-checklist-${process.pid}.sqlite`);
process.env.RELAIS_DB_PATH = file;

async function main() {
  const { openDatabase, getDb, getSqlite } = await import('../../db/client');
  const schema = await import('../../db/schema');
  const { createChecklist } = await import('../../lib/server/checklists/create-checklist');
  const { updateChecklistDraft } = await import('../../lib/server/checklists/update-checklist-draft');
  const { completeChecklist } = await import('../../lib/server/checklists/complete-checklist');
  const { factsOf } = await import('../../lib/checklist/facts');

  const init = openDatabase(file);
  migrate(drizzle(init), { migrationsFolder: path.resolve('db/migrations') });
  init.close();

  const db = getDb();
  const sqlite = getSqlite();
  const now = new Date().toISOString();
  const orgId = randomUUID();
  const userId = randomUUID();
  db.insert(schema.organisations)
    .values({ id: orgId, code: 'bench-onss', name: 'Bench ONSS', kind: 'onss', service: 'onss', createdAt: now })
    .run();
  db.insert(schema.users)
    .values({
      id: userId,
      email: 'bench@relais.invalid',
      name: 'Bench',
      role: 'referrer',
      organisationId: orgId,
      passwordHash: 'x',
      createdAt: now,
      updatedAt: now,
    })
    .run();
  const actor = {
    userId,
    name: 'Bench',
    email: 'bench@relais.invalid',
    role: 'referrer' as const,
    organisationId: orgId,
    organisationName: 'Bench ONSS',
    organisationKind: 'onss' as const,
    organisationService: 'onss',
    sessionId: 'bench',
    mustChangePassword: false,
    ip: '127.0.0.1',
  };

  const REGIONS = ['wvl', 'ovl', 'ant', 'lim', 'hai', 'nam_lux', 'lie', 'vbr', 'bru', 'bwa'];
  const answersFor = (i: number) => ({
    'ctx.service': 'onss',
    'ctx.control_date': `20${16 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}`,
    'ctx.region': REGIONS[i % 10]!,
    'ctx.forms': ['economic'],
    'ctx.sector': 'construction',
    'vic.sex': i % 3 ? 'm' : 'f',
    'vic.birth_date': `19${60 + (i % 40)}-04-02`,
    'vic.nationality': i % 2 ? 'RO' : 'MA',
    'exp.housing': 'yes',
    'pay.level': 'very_low',
    'out.sufficient': 'yes',
    'out.wish': 'accepts_referral',
    'ctx.reference': `PV-${i}`,
  });

  /** Stores `target` completed check-lists in total (bulk SQL in one transaction per 50,000). */
  function fillTo(target: number) {
    const have = sqlite.prepare('select count(*) from checklists').pluck().get() as number;
    const insert =
      sqlite.prepare(`insert into checklists (id, organisation_id, created_by, idempotency_key, catalogue_version, status, version, revision, answers, imported,
    created_at, updated_at, first_completed_at, last_completed_at, year, reference, control_date, service, region, sex, age, minor, nationality, eu_national, sector,
    form_sexual, form_economic, form_begging, form_forced_crime, form_organs, form_smuggling, residence, identity_documents, sufficient, wish)
    values (?, ?, ?, ?, '2015.1', 'completed', 1, 1, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, 0, 0, 0, 0, null, null, 1, ?)`);
    const insertIndicator = sqlite.prepare(
      'insert into checklist_indicators (checklist_id, code, year, sufficient, service) values (?, ?, ?, 1, ?)',
    );
    const batch = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const a = answersFor(i);
        const year = 2016 + (i % 10);
        const f = factsOf(a, year);
        const id = randomUUID();
        const at = `${year}-06-01T10:00:00.000Z`;
        insert.run(
          id,
          orgId,
          userId,
          `bulk-${i}`,
          JSON.stringify(a),
          at,
          at,
          at,
          at,
          year,
          f.reference,
          f.controlDate,
          f.service,
          f.region,
          f.sex,
          f.age,
          f.minor ? 1 : 0,
          f.nationality,
          f.euNational ? 1 : 0,
          f.sector,
          f.wish,
        );
        insertIndicator.run(id, 'exp.housing', year, 'onss');
        insertIndicator.run(id, 'pay.level', year, 'onss');
      }
    });
    const started = performance.now();
    for (let from = have; from < target; from += 50_000) batch(from, Math.min(target, from + 50_000));
    return (performance.now() - started) / 1000;
  }

  function stats(samples: number[]) {
    const s = [...samples].sort((a, b) => a - b);
    const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
    return { median: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
  }

  function measure() {
    const save: number[] = [];
    const complete: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { id } = createChecklist({ actor, idempotencyKey: randomUUID() });
      const { 'ctx.service': _fixed, ...patch } = answersFor(i);
      let t = performance.now();
      updateChecklistDraft({ actor, id, patch });
      save.push(performance.now() - t);
      t = performance.now();
      completeChecklist({ actor, id });
      complete.push(performance.now() - t);
    }
    return { save: stats(save), complete: stats(complete) };
  }

  try {
    console.log(
      `bench:checklist — ${runs} saves and ${runs} completions per size, SQLite WAL synchronous=FULL, ${os.cpus().length} cores`,
    );
    console.log('stored      fill(s)  save median  save p95  complete median  complete p95   (ms)');
    for (const size of sizes) {
      const fill = fillTo(size);
      // A draft save patches ~13 items; a completion validates, writes the version, facts, indicators and audit.
      measure(); // warm-up at this size
      const r = measure();
      const f = (n: number) => n.toFixed(2).padStart(8);
      console.log(
        `${String(size).padStart(9)}  ${fill.toFixed(1).padStart(7)}  ${f(r.save.median)}    ${f(r.save.p95)}   ${f(r.complete.median)}        ${f(r.complete.p95)}`,
      );
      console.log(
        `           targets: save p95 < 20 ms ${r.save.p95 < 20 ? 'met' : 'NOT met'}; complete p95 < 50 ms ${r.complete.p95 < 50 ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    sqlite.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
