import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '@/db/scripts/backup';
import { databasePath, getDb, openDatabase } from '@/db/client';
import { writeAudit } from '@/lib/server/audit/write-audit';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { makeOrganisation, makeUser } from '../support/factories';

describe('npm run db:backup', () => {
  it('copies the database consistently while another process writes, and the copy restores', async () => {
    const onss = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
    for (let i = 0; i < 50; i++)
      createChecklist({
        actor: onss.actor,
        idempotencyKey: randomUUID(),
        answers: { ...VALID_ADULT_ANSWERS },
        complete: i % 2 === 0,
      });
    getDb().transaction((tx) => writeAudit(tx, { action: 'settings.update', outcome: 'ok' }));
    const source = databasePath();

    // Another process (like the running server) writes all along.
    const writer = spawn(process.execPath, [
      '-e',
      `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(source)}); db.pragma('busy_timeout = 5000');
       const ins = db.prepare("insert into settings (key, value, updated_at) values (?, '1', '2026-01-01T00:00:00Z')");
       let i = 0; const tick = () => { for (let j = 0; j < 20; j++) ins.run('load.' + (i++)); if (i < 20000) setImmediate(tick); else process.exit(0); };
       process.stdout.write('started\\n'); tick();`,
    ]);
    await new Promise((resolve) => writer.stdout.once('data', resolve));
    const destination = path.join(os.tmpdir(), `relais-backup-${randomUUID()}.sqlite`);
    const result = await backupDatabase(source, destination);
    await new Promise((resolve) => writer.once('exit', resolve));

    expect(result.checklists).toBe(50);
    expect(result.auditEntries).toBeGreaterThan(50);
    const copy = new Database(destination, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    // A snapshot: the writer's rows in the copy are exactly its first n commits, no hole.
    const { n, top } = copy
      .prepare(
        "select count(*) as n, coalesce(max(cast(substr(key, 6) as integer)), -1) as top from settings where key like 'load.%'",
      )
      .get() as { n: number; top: number };
    copy.close();
    expect(top + 1).toBe(n);

    // Restore: the copy becomes a database file of its own, migrates (no-op) and serves the data.
    const restored = path.join(os.tmpdir(), `relais-restored-${randomUUID()}.sqlite`);
    fs.copyFileSync(destination, restored);
    const db = openDatabase(restored);
    migrate(drizzle(db), { migrationsFolder: path.resolve('db/migrations') });
    expect(db.prepare("select count(*) from checklists where status = 'completed'").pluck().get()).toBe(25);
    expect(db.prepare("select count(*) from audit_events where action = 'settings.update'").pluck().get()).toBe(1);
    db.close();
    await expect(backupDatabase(source, destination)).rejects.toThrow(/refusing to overwrite/);
    for (const f of [destination, restored]) for (const s of ['', '-wal', '-shm']) fs.rmSync(f + s, { force: true });
  });
});
