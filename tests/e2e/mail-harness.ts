import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { openDatabase } from '../../db/client';
import { HttpClient } from './http-client';

/**
 * What the e-mail tests and `npm run bench:mail` share: a real SMTP server (smtp-server) that
 * records the messages it accepts, and the production server (lib/runtime/serve.mjs, a worker
 * per slot) started on a database of its own with RELAIS_SMTP_URL pointing at it.
 */
const ROOT = path.resolve(__dirname, '../..');

export interface ReceivedMail {
  to: string[];
  messageId: string;
  subject: string;
  kind: string;
  urgent: boolean;
  text: string;
  acceptedAt: number;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / ?B?) as text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function decodeQuotedPrintable(body: string): string {
  return Buffer.from(
    body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

export function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return {
    to,
    messageId: headers.get('message-id') ?? '',
    subject: decodeWords(headers.get('subject') ?? ''),
    kind: headers.get('x-relais-kind') ?? '',
    urgent: (headers.get('importance') ?? '').toLowerCase() === 'high',
    text: decodeQuotedPrintable(raw.slice(split + 4)),
    acceptedAt: Date.now(),
  };
}

/** A real SMTP server on 127.0.0.1 that needs a user name and password, and records what it accepts. */
export class TestSmtp {
  readonly received: ReceivedMail[] = [];
  /** Recipients whose messages are held without an answer (to kill Relais in the middle of a send). */
  readonly stallFor = new Set<string>();
  /** Messages received but not answered: their sender is waiting. */
  stalled: { messageId: string; release: () => void }[] = [];
  /** Recipients refused for good (550). */
  readonly refuse = new Set<string>();
  private server: SMTPServer | null = null;
  port = 0;
  readonly user = 'relais';
  readonly password = 'smtp secret';

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      closeTimeout: 100,
      size: 1024 * 1024,
      onAuth: (auth, _session, cb) =>
        auth.username === this.user && auth.password === this.password
          ? cb(null, { user: auth.username })
          : cb(new Error('Invalid username or password')),
      onRcptTo: (address, _session, cb) => {
        if (this.refuse.has(address.address.toLowerCase())) {
          const error = Object.assign(new Error('No such mailbox'), { responseCode: 550 });
          cb(error);
          return;
        }
        cb();
      },
      onData: (stream, session: SMTPServerSession, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const mail = parseMail(Buffer.concat(chunks).toString('utf8'), to);
          if (to.some((a) => this.stallFor.has(a))) {
            // Never answered: the message is not accepted (a sender that dies now must send it again).
            this.stalled.push({ messageId: mail.messageId, release: () => cb(new Error('released')) });
            return;
          }
          mail.acceptedAt = Date.now();
          this.received.push(mail);
          cb(null);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
    this.port = address.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://${this.user}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }
}

export interface RelaisServer {
  port: number;
  dbFile: string;
  baseURL: string;
  process: ChildProcess;
  env: NodeJS.ProcessEnv;
  log: string;
}

/** A fresh migrated, demo-seeded database in a temporary folder. */
export function freshDatabase(): { dir: string; dbFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-mail-'));
  const dbFile = path.join(dir, 'relais.sqlite');
  const init = openDatabase(dbFile);
  migrate(drizzle(init), { migrationsFolder: path.join(ROOT, 'db/migrations') });
  init.close();
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['db/seed.ts', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, RELAIS_DB_PATH: dbFile, RELAIS_DEMO: '1', NODE_OPTIONS: '--conditions=react-server' },
    stdio: 'pipe',
  });
  return { dir, dbFile };
}

/** Starts the production launcher on `port` with e-mail through `smtpUrl`; resolves once it answers. */
export async function startRelais({
  port,
  dbFile,
  smtpUrl,
  extraEnv = {},
}: {
  port: number;
  dbFile: string;
  smtpUrl: string;
  extraEnv?: Record<string, string>;
}): Promise<RelaisServer> {
  const log = path.join(path.dirname(dbFile), 'server.log');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next',
    RELAIS_DB_PATH: dbFile,
    RELAIS_DEMO: '1',
    RELAIS_WORKERS: '2',
    NEXTAUTH_URL: `http://localhost:${port}`,
    PORT: String(port),
    RELAIS_SMTP_URL: smtpUrl,
    RELAIS_MAIL_FROM: 'Relais <relais@relais.test>',
    RELAIS_MAIL_POLL_MS: '200',
    RELAIS_MAIL_SCAN_SECONDS: '1',
    RELAIS_MAIL_RETRY_BASE_SECONDS: '1',
    RELAIS_MAIL_LEASE_SECONDS: '6',
    ...extraEnv,
  };
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, [path.join(ROOT, 'lib/runtime/serve.mjs'), '-p', String(port)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Relais exited; see ${log}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/signin', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
    });
    if (ok) return { port, dbFile, baseURL: `http://localhost:${port}`, process: child, env, log };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Relais did not answer within 60 s; see ${log}`);
}

export async function killRelais(server: RelaisServer, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
  server.process.kill(signal);
  await exited;
  // The workers end when their channel to the killed launcher closes; wait until the port is free.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const listening = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: server.port, path: '/healthz', agent: false }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
    });
    if (!listening) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Direct access to a server's database (the tests' controlled clock moves its timestamps back). */
export function withDb<T>(dbFile: string, run: (db: Database.Database) => T): T {
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 5000');
  try {
    return run(db);
  } finally {
    db.close();
  }
}

export const DEMO_PASSWORD = 'Relais-demo-2026';

export async function signedIn(baseURL: string, who: string): Promise<HttpClient> {
  const client = new HttpClient(baseURL);
  const { ok } = await client.signIn(`${who}@demo.relais.be`, DEMO_PASSWORD);
  if (!ok) throw new Error(`${who} could not sign in`);
  return client;
}

export const ADULT_ANSWERS = {
  'ctx.control_date': '2026-03-10',
  'ctx.region': 'lie',
  'ctx.forms': ['economic'],
  'ctx.sector': 'construction',
  'vic.sex': 'm',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'RO',
  'vic.name': 'Ion Popescu',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
export const MINOR_ANSWERS = {
  ...ADULT_ANSWERS,
  'vic.birth_date': '2010-03-10',
  'vic.unaccompanied': 'yes',
  'vic.name': 'Amira Kowalczyk',
  'vic.sex': 'f',
  'vic.nationality': 'NG',
  'ctx.forms': ['sexual'],
  'ctx.sector': undefined,
};

let keys = 0;
const key = () => `mail-${Date.now().toString(36)}-${(keys++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

async function json(response: Response, status: number): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A completed check-list and its referral, through the API; returns the referral's id. */
export async function refer(client: HttpClient, answers: Record<string, unknown>): Promise<string> {
  const checklist = await json(
    await client.fetch('/api/v1/checklists', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': key() },
      body: JSON.stringify({ complete: true, answers }),
    }),
    201,
  );
  const referral = await json(
    await client.fetch('/api/v1/referrals', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': key() },
      body: JSON.stringify({ checklistId: checklist.id }),
    }),
    201,
  );
  return String(referral.id);
}

export async function draft(client: HttpClient, answers: Record<string, unknown>): Promise<string> {
  const checklist = await json(
    await client.fetch('/api/v1/checklists', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': key() },
      body: JSON.stringify({ answers }),
    }),
    201,
  );
  return String(checklist.id);
}

export async function transition(client: HttpClient, id: string, to: string, expectedVersion: number): Promise<void> {
  await json(
    await client.fetch(`/api/v1/referrals/${id}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to, expectedVersion }),
    }),
    200,
  );
}

/** Sets an organisation's duty addresses directly (the screen that sets them is tested once, with the on-call address). */
export function setDuty(dbFile: string, organisationCode: string, addresses: string[], locale = 'fr'): void {
  withDb(dbFile, (db) =>
    db
      .prepare(
        `INSERT INTO organisation_mail (organisation_id, duty_addresses, locale, updated_at)
         SELECT id, ?, ?, ? FROM organisations WHERE code = ?
         ON CONFLICT (organisation_id) DO UPDATE SET duty_addresses = excluded.duty_addresses, locale = excluded.locale`,
      )
      .run(addresses.join('\n'), locale, new Date().toISOString(), organisationCode),
  );
}
