/**
 * npm run bench:mail — from an event to the SMTP server's acceptance of its e-mail.
 *
 * Starts a real SMTP server (smtp-server) and the production launcher (lib/runtime/serve.mjs,
 * an existing build: --dist) on a fresh demo database with e-mail on. A producer process then
 * commits N events through the data access layer — a completed check-list and its referral to
 * Sürya (createChecklist, createReferral: the same verbs, transaction and outbox write as the
 * API, without HTTP in front) — at --rate events per second (0: as fast as it can), while the
 * server's mail worker sends the centre's message for each. The SMTP server runs in this
 * process, the producer in its own, so that neither delays the other's clock. Reported: the time from each event's commit
 * to the SMTP server accepting its message (p50/p95/max; target p95 ≤ 5 s), the worker's
 * throughput (messages accepted per second between the first and the last), and duplicates.
 *
 * Options: --events=10000 --rate=100 --port=3590 --dist=.next --poll-ms=500 (RELAIS_MAIL_POLL_MS)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ADULT_ANSWERS, freshDatabase, killRelais, setDuty, startRelais, TestSmtp } from '../e2e/mail-harness';

const args = new Map(
  process.argv
    .slice(2)
    .map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2] ?? 'true']),
);
const EVENTS = Number(args.get('events') ?? 10_000);
const RATE = Number(args.get('rate') ?? 100);
const PORT = Number(args.get('port') ?? 3590);
const POLL_MS = args.get('poll-ms') ?? '500';
if (args.has('dist')) process.env.NEXT_DIST_DIR = args.get('dist');

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const smtp = new TestSmtp();
  await smtp.start();
  const { dir, dbFile } = freshDatabase();
  setDuty(dbFile, 'surya', ['duty@surya.test']);
  const relais = await startRelais({
    port: PORT,
    dbFile,
    smtpUrl: smtp.url,
    extraEnv: { RELAIS_MAIL_POLL_MS: POLL_MS, RELAIS_MAIL_SCAN_SECONDS: '60', RELAIS_MAIL_LEASE_SECONDS: '120' },
  });
  console.log(
    `bench:mail — ${EVENTS} events at ${RATE > 0 ? `${RATE}/s` : 'once'}, server on :${PORT} (${relais.env.RELAIS_WORKERS} workers, poll ${POLL_MS} ms), SMTP on :${smtp.port}`,
  );
  try {
    // The events are committed by a process of their own, so that neither slows the other.
    const committed = new Map<string, number>();
    const started = Date.now();
    const producer = spawn(
      path.resolve('node_modules/.bin/tsx'),
      [__filename, '--produce', `--events=${EVENTS}`, `--rate=${RATE}`],
      {
        env: {
          ...process.env,
          RELAIS_DB_PATH: dbFile,
          RELAIS_SMTP_URL: smtp.url,
          RELAIS_MAIL_FROM: 'relais@relais.test',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let buffer = '';
    producer.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [id, at] = line.split(' ');
        if (id && at) committed.set(id, Number(at));
      }
    });
    const code = await new Promise<number | null>((resolve) => producer.on('exit', resolve));
    if (code !== 0) throw new Error(`the producer ended with ${code}`);
    const eventsDone = Date.now();
    const acceptedAt = new Map<string, number>();
    const collect = () => {
      for (const m of smtp.received) {
        const id = /\/referrals\/([0-9a-f-]{36})/.exec(m.text)?.[1];
        if (id && committed.has(id) && !acceptedAt.has(id)) acceptedAt.set(id, m.acceptedAt);
      }
    };
    const deadline = Date.now() + 300_000;
    for (collect(); acceptedAt.size < committed.size && Date.now() < deadline; collect()) await sleep(200);
    const latencies = [...acceptedAt].map(([id, at]) => at - committed.get(id)!).sort((a, b) => a - b);
    const times = [...acceptedAt.values()].sort((a, b) => a - b);
    const drain = (times.at(-1)! - times[0]!) / 1000;
    const ids = smtp.received.map((m) => m.messageId);
    console.log(`events committed: ${committed.size} in ${((eventsDone - started) / 1000).toFixed(1)} s`);
    console.log(`messages accepted: ${acceptedAt.size}; duplicates by Message-ID: ${ids.length - new Set(ids).size}`);
    console.log(
      `event → SMTP acceptance: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${latencies.at(-1)} ms (target p95 ≤ 5000 ms)`,
    );
    console.log(
      `throughput: ${(acceptedAt.size / drain).toFixed(0)} messages/s accepted (first to last, ${drain.toFixed(1)} s); end to end ${(acceptedAt.size / ((times.at(-1)! - started) / 1000)).toFixed(0)} events/s`,
    );
    if (acceptedAt.size < committed.size || ids.length !== new Set(ids).size) process.exitCode = 1;
  } finally {
    await killRelais(relais, 'SIGTERM');
    await smtp.stop();
    if (process.exitCode) console.log(`kept for inspection: ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The producer (--produce): commits the events and prints "<referral id> <commit time ms>" per event. */
async function produce() {
  const { getDb } = await import('../../db/client');
  const schema = await import('../../db/schema');
  const { eq } = await import('drizzle-orm');
  const { createChecklist } = await import('../../lib/server/checklists/create-checklist');
  const { createReferral } = await import('../../lib/server/referrals/create-referral');
  const user = getDb().select().from(schema.users).where(eq(schema.users.email, 'police@demo.relais.be')).get()!;
  const org = getDb()
    .select()
    .from(schema.organisations)
    .where(eq(schema.organisations.id, user.organisationId))
    .get()!;
  const actor = {
    userId: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: org.id,
    organisationName: org.name,
    organisationKind: org.kind,
    organisationService: org.service,
    sessionId: 'bench',
    mustChangePassword: false,
    ip: '127.0.0.1',
  };
  const started = Date.now();
  let out = '';
  for (let i = 0; i < EVENTS; i++) {
    const due = RATE > 0 ? started + (i * 1000) / RATE : 0;
    if (due > Date.now()) {
      process.stdout.write(out);
      out = '';
      await sleep(due - Date.now());
    }
    const checklist = createChecklist({ actor, idempotencyKey: randomUUID(), answers: ADULT_ANSWERS, complete: true });
    const { id } = createReferral({
      actor,
      input: { checklistId: checklist.id, caseType: 'thb', idempotencyKey: randomUUID() },
    });
    out += `${id} ${Date.now()}\n`;
    if (out.length > 4096) {
      process.stdout.write(out);
      out = '';
    }
  }
  process.stdout.write(out);
}

if (args.has('produce'))
  produce().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
else
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
