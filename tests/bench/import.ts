/**
 * npm run bench:import — imports a CSV of 50,000 check-lists ("under a minute, with a
 * progress indication") through the same verb the API uses, and prints the file size, the
 * time to check and to write, the progress reports seen, and the memory used.
 * Options: --rows=50000
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const rows = Number(args.rows ?? 50_000);
const file = path.join(os.tmpdir(), `relais-bench-import-${process.pid}.sqlite`);
process.env.RELAIS_DB_PATH = file;

const REGIONS = ['wvl', 'ovl', 'ant', 'lim', 'hai', 'nam_lux', 'lie', 'vbr', 'bru', 'bwa'];
const SECTORS = ['construction', 'horeca', 'horticulture', 'cleaning', 'logistics', 'retail'];
const NATIONALITIES = ['RO', 'BG', 'MA', 'BR', 'UA', 'IN', 'PK', 'NG', 'VN', 'BE'];
const HEADER = [
  'organisation',
  'completed_on',
  'ctx.reference',
  'ctx.control_date',
  'ctx.region',
  'ctx.forms',
  'ctx.sector',
  'vic.sex',
  'vic.birth_date',
  'vic.nationality',
  'doc.residence',
  'doc.identity',
  'pay.level',
  'pay.dimona',
  'exp.housing',
  'exp.long_hours',
  'exp.dangerous',
  'agg.vulnerable',
  'agg.coercion',
  'out.sufficient',
  'out.wish',
  'out.notes',
];

function csv(): string {
  const lines = [HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const region = REGIONS[i % 10]!;
    const year = 2015 + (i % 5);
    const month = String(1 + (i % 12)).padStart(2, '0');
    lines.push(
      [
        `onss-${region}`,
        `${year}-${month}-20`,
        `PV-${year}-${i}`,
        `${year}-${month}-10`,
        region,
        i % 7 === 0 ? 'economic|sexual' : 'economic',
        SECTORS[i % SECTORS.length],
        i % 4 === 0 ? 'f' : 'm',
        `${1960 + (i % 40)}-0${1 + (i % 9)}-15`,
        NATIONALITIES[i % 10],
        'irregular',
        'held_by_other',
        'very_low',
        'no',
        'yes',
        'yes',
        i % 2 ? 'yes' : 'unknown',
        'yes',
        'unknown',
        i % 10 === 9 ? 'no' : 'yes',
        'accepts_referral',
        '"Contrôle conjoint, logement sur le chantier; ""cash"" payé à la semaine"',
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

async function main() {
  const { openDatabase, getDb } = await import('../../db/client');
  const schema = await import('../../db/schema');
  const { importChecklistsWithProgress } = await import('../../lib/server/checklists/import-checklists');
  const init = openDatabase(file);
  migrate(drizzle(init), { migrationsFolder: path.resolve('db/migrations') });
  init.close();
  const db = getDb();
  const now = new Date().toISOString();
  for (const region of REGIONS)
    db.insert(schema.organisations)
      .values({
        id: randomUUID(),
        code: `onss-${region}`,
        name: `ONSS ${region}`,
        kind: 'onss',
        service: 'onss',
        createdAt: now,
      })
      .run();
  const orgId = randomUUID();
  const userId = randomUUID();
  db.insert(schema.organisations)
    .values({ id: orgId, code: 'cic', name: 'CIC', kind: 'coordination', service: null, createdAt: now })
    .run();
  db.insert(schema.users)
    .values({
      id: userId,
      email: 'bench@relais.invalid',
      name: 'Bench',
      role: 'coordinator',
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
    role: 'coordinator' as const,
    organisationId: orgId,
    organisationName: 'CIC',
    organisationKind: 'coordination' as const,
    organisationService: null,
    sessionId: 'bench',
    mustChangePassword: false,
    ip: '127.0.0.1',
  };

  const body = Buffer.from(csv());
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const reports: string[] = [];
  const started = performance.now();
  let checkedAt = started;
  const result = await importChecklistsWithProgress({
    actor,
    body,
    onProgress: (p) => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (p.phase === 'writing') checkedAt = performance.now();
      reports.push(`${p.phase} ${p.done}/${p.total}`);
    },
  });
  const ended = performance.now();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  try {
    if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.errors.slice(0, 5))}`);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `bench:import — ${rows.toLocaleString('en')} rows, ${mb(body.byteLength)} of CSV, ${os.cpus().length} cores, SQLite WAL synchronous=FULL`,
    );
    console.log(`  imported            ${result.imported.toLocaleString('en')}`);
    console.log(`  check (parse+rules) ${((checkedAt - started) / 1000).toFixed(2)} s`);
    console.log(`  write (one tx)      ${((ended - checkedAt) / 1000).toFixed(2)} s`);
    console.log(
      `  total               ${((ended - started) / 1000).toFixed(2)} s   target < 60 s: ${ended - started < 60_000 ? 'met' : 'NOT met'}`,
    );
    console.log(`  progress reports    ${reports.length} (first "${reports[0]}", last "${reports.at(-1)}")`);
    console.log(`  memory              rss ${mb(rssBefore)} before, peak ≥ ${mb(peakRss)}`);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
