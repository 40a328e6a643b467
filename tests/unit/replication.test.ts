import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSqlite, openDatabase } from '@/db/client';
import { checkDatabaseCopy } from '@/db/scripts/backup';
import { parseRestoreTime, restoreDatabase } from '@/db/scripts/restore';
import { evaluateReplication } from '@/lib/replication/status';
import { NotFoundError } from '@/lib/server/errors';
import { getReplicationStatus } from '@/lib/server/replication/get-replication-status';
import { makeOrganisation, makeUser } from '../support/factories';
import {
  litestreamBinary,
  litestreamConfig,
  nextStatus,
  parseMetrics,
  parseReplicaUrl,
  type ReplicationStatusFile,
} from '@/lib/runtime/replication.mjs';

describe('replication settings', () => {
  it('accepts file, s3 and sftp replicas and names what is wrong with others', () => {
    expect(parseReplicaUrl('file:///var/backups/relais').type).toBe('file');
    expect(parseReplicaUrl('s3://bucket/relais').type).toBe('s3');
    expect(parseReplicaUrl('sftp://relais@backup.example.be/relais').type).toBe('sftp');
    expect(() => parseReplicaUrl('https://example.be/x')).toThrow(/not supported/);
    expect(() => parseReplicaUrl('file://relative/path')).toThrow(/file:\/\/\/absolute/);
    expect(() => parseReplicaUrl('')).toThrow(/not a URL/);
  });

  it('writes a Litestream configuration that owns checkpoints and keeps credentials out', () => {
    const yml = litestreamConfig({
      env: {
        NODE_ENV: 'test',
        RELAIS_REPLICA_URL: 's3://relais-backup/prod',
        RELAIS_REPLICA_ENDPOINT: 'https://s3.example.be',
        LITESTREAM_SECRET_ACCESS_KEY: 'secret-never-written',
      },
      dbPath: '/var/lib/relais/relais.sqlite',
      metricsPort: 9999,
    });
    expect(yml).toContain('path: "/var/lib/relais/relais.sqlite"');
    expect(yml).toContain('url: "s3://relais-backup/prod"');
    expect(yml).toContain('endpoint: "https://s3.example.be"');
    expect(yml).toContain('addr: "127.0.0.1:9999"');
    expect(yml).toContain('sync-interval: "1s"');
    expect(yml).not.toContain('secret-never-written');
    expect(() =>
      litestreamConfig({
        env: { NODE_ENV: 'test', RELAIS_REPLICA_URL: 'file:///x', RELAIS_REPLICA_SYNC_INTERVAL: 'often' },
      }),
    ).toThrow(/RELAIS_REPLICA_SYNC_INTERVAL/);
  });

  it('opens connections without automatic checkpoints only when replication is configured', () => {
    const file = path.join(os.tmpdir(), `relais-ckpt-${randomUUID()}.sqlite`);
    const saved = process.env.RELAIS_REPLICA_URL;
    try {
      delete process.env.RELAIS_REPLICA_URL;
      let db = openDatabase(file);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      db.close();
      process.env.RELAIS_REPLICA_URL = 'file:///tmp/replica';
      db = openDatabase(file);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      db.close();
    } finally {
      if (saved === undefined) delete process.env.RELAIS_REPLICA_URL;
      else process.env.RELAIS_REPLICA_URL = saved;
      for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
    }
  });
});

describe('replication status', () => {
  const start: ReplicationStatusFile = {
    url: 'file:///r',
    type: 'file',
    startedAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
    metricsOk: false,
    caughtUp: false,
    lastSyncAt: null,
    bytesBehind: null,
    syncErrors: 0,
    syncs: 0,
  };
  const metrics = (replicaOffset: number) =>
    parseMetrics(
      [
        '# HELP litestream_shadow_wal_index x',
        'litestream_shadow_wal_index{db="/d"} 2',
        'litestream_shadow_wal_size{db="/d"} 5000',
        `litestream_replica_wal_index{db="/d",name="file"} 2`,
        `litestream_replica_wal_offset{db="/d",name="file"} ${replicaOffset}`,
        'litestream_replica_validation_total{db="/d",name="file",status="error"} 7',
        'litestream_sync_error_count{db="/d"} 1',
      ].join('\n'),
    );
  const at = (s: number) => new Date(Date.parse('2026-12-06T10:00:00.000Z') + s * 1000).toISOString();
  const evaluate = (f: ReplicationStatusFile | null, s: number, configured = true) =>
    evaluateReplication(f, { configured, maxLag: 30, now: new Date(at(s)) });

  it('records the last moment the replica held everything, and how far behind it is', () => {
    const synced = nextStatus(start, metrics(5000), at(1));
    expect(synced).toMatchObject({ caughtUp: true, lastSyncAt: at(1), bytesBehind: 0, syncErrors: 1 });
    const behind = nextStatus(synced, metrics(3000), at(2));
    expect(behind).toMatchObject({ caughtUp: false, lastSyncAt: at(1), bytesBehind: 2000 });
    expect(evaluate(behind, 2)).toMatchObject({ state: 'ok', lagSeconds: 1 });
    // Still behind 40 s later: the store is unreachable or too slow.
    const later = nextStatus(behind, metrics(3000), at(41));
    expect(evaluate(later, 41)).toMatchObject({ state: 'behind', lagSeconds: 40 });
  });

  it('says off without a replica, starting before the first sync, unknown when the status goes stale', () => {
    expect(evaluate(null, 0, false).state).toBe('off');
    const fresh = nextStatus(start, parseMetrics(''), at(5));
    expect(evaluate(fresh, 5).state).toBe('starting');
    expect(evaluate({ ...fresh, startedAt: at(-120) }, 5).state).toBe('behind');
    const synced = nextStatus(start, metrics(5000), at(1));
    expect(evaluate(synced, 20).state).toBe('unknown');
    expect(evaluate(nextStatus(synced, null, at(2)), 2).state).toBe('unknown');
    expect(evaluate(null, 0).state).toBe('unknown');
  });
});

describe('getReplicationStatus', () => {
  it('gives the details to the coordination platform administrators only, and audits a refusal', async () => {
    const platform = await makeUser({ role: 'admin', organisation: makeOrganisation('coordination') });
    expect(getReplicationStatus({ actor: platform.actor })).toMatchObject({ state: 'off', url: null });
    const local = await makeUser({ role: 'admin', organisation: makeOrganisation('onss') });
    expect(() => getReplicationStatus({ actor: local.actor })).toThrow(NotFoundError);
    const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
    expect(() => getReplicationStatus({ actor: coordinator.actor })).toThrow(NotFoundError);
    const refusals = getSqlite()
      .prepare("SELECT actor_user_id FROM audit_events WHERE action = 'replication.read' AND outcome = 'refused'")
      .pluck()
      .all();
    expect(refusals).toEqual(expect.arrayContaining([local.id, coordinator.id]));
  });
});

/** A migrated database of its own in a folder of its own. */
function freshDatabase(dir: string): string {
  const file = path.join(dir, 'data', 'relais.sqlite');
  const db = openDatabase(file);
  migrate(drizzle(db), { migrationsFolder: path.resolve(__dirname, '../../db/migrations') });
  db.close();
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('npm run db:restore', () => {
  let dir: string;
  let litestream: ChildProcess | null = null;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-replication-'));
  });
  afterEach(() => {
    litestream?.kill('SIGKILL');
    litestream = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores every commit the replica held when the machine was lost, and an earlier moment on request', async () => {
    const dbFile = freshDatabase(dir);
    const replica = `file://${path.join(dir, 'replica')}`;
    const port = await freePort();
    const config = path.join(dir, 'litestream.yml');
    fs.writeFileSync(
      config,
      litestreamConfig({ env: { NODE_ENV: 'test', RELAIS_REPLICA_URL: replica }, dbPath: dbFile, metricsPort: port }),
    );
    litestream = spawn(litestreamBinary(), ['replicate', '-config', config], { stdio: 'ignore' });
    /**
     * Waits (polling, no fixed delay) until Litestream has read the database's WAL past `after`
     * and the replica holds all of it; returns that position.
     */
    const caughtUp = async (after = -1) => {
      for (let i = 0; i < 600; i++) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          const m = parseMetrics(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
          const position = (m.litestream_shadow_wal_index ?? 0) * 2 ** 32 + (m.litestream_shadow_wal_size ?? 0);
          if (position > after && nextStatus({} as ReplicationStatusFile, m, '').caughtUp) return position;
        } catch {
          // not listening yet
        }
      }
      throw new Error('the replica never caught up');
    };
    const write = (keys: string[]) => {
      const saved = process.env.RELAIS_REPLICA_URL;
      process.env.RELAIS_REPLICA_URL = replica;
      const db = openDatabase(dbFile);
      try {
        for (const key of keys) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, '"x"');
      } finally {
        db.close();
        if (saved === undefined) delete process.env.RELAIS_REPLICA_URL;
        else process.env.RELAIS_REPLICA_URL = saved;
      }
    };
    const first = Array.from({ length: 50 }, (_, i) => `first.${i}`);
    const second = Array.from({ length: 50 }, (_, i) => `second.${i}`);
    write(first);
    const afterFirst = await caughtUp();
    // After the first batch's WAL segment reached the replica, before the second's was written.
    const between = new Date();
    write(second);
    await caughtUp(afterFirst);

    // The machine is lost: Litestream killed outright, the database files deleted.
    litestream.kill('SIGKILL');
    litestream = null;
    for (const s of ['', '-wal', '-shm']) fs.rmSync(dbFile + s, { force: true });

    const latest = restoreDatabase({ from: replica, to: dbFile });
    expect(latest.file).toBe(dbFile);
    const keys = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT key FROM settings').pluck().all() as string[];
      } finally {
        db.close();
      }
    };
    expect(keys(dbFile)).toEqual(expect.arrayContaining([...first, ...second]));

    const earlier = path.join(dir, 'earlier.sqlite');
    restoreDatabase({ from: replica, to: earlier, at: between });
    const found = keys(earlier);
    expect(found).toEqual(expect.arrayContaining(first));
    expect(found.filter((k) => k.startsWith('second.'))).toEqual([]);

    // Never over an existing database.
    expect(() => restoreDatabase({ from: replica, to: dbFile })).toThrow(/refusing to restore: .* exists/);
  }, 60_000);

  it('refuses a file that a running process still holds, even deleted', async () => {
    const target = path.join(dir, 'held.sqlite');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const fs=require('fs');fs.openSync(${JSON.stringify(target)},'w');fs.unlinkSync(${JSON.stringify(target)});console.log('held');setInterval(()=>{},1000)`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise((resolve) => holder.stdout!.once('data', resolve));
      expect(fs.existsSync(target)).toBe(false);
      expect(() => restoreDatabase({ from: `file://${path.join(dir, 'replica')}`, to: target })).toThrow(
        new RegExp(`running process \\(pid ${holder.pid}\\)`),
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('checks a copy as a backup is checked, statistics counters included', () => {
    const file = freshDatabase(dir);
    expect(checkDatabaseCopy(file)).toEqual({ checklists: 0, auditEntries: 0 });
    const db = new Database(file);
    db.prepare(
      "INSERT INTO statistics_counts (year, service, dimension, a, b, n) VALUES (2026, 'onss', 'total', '', '', 3)",
    ).run();
    db.close();
    expect(() => checkDatabaseCopy(file)).toThrow(/statistics counters disagree/);
  });

  it('reads --at as a past time with its zone', () => {
    expect(parseRestoreTime('2026-01-02T03:04:05Z').toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(parseRestoreTime('2026-01-02T04:04+01:00').toISOString()).toBe('2026-01-02T03:04:00.000Z');
    expect(() => parseRestoreTime('yesterday')).toThrow(/ISO 8601/);
    expect(() => parseRestoreTime('2026-01-02T03:04:05')).toThrow(/zone/);
    expect(() => parseRestoreTime('2999-01-01T00:00:00Z')).toThrow(/future/);
  });
});
