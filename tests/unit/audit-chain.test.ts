import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, getSqlite } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { auditHash, GENESIS_HASH, writeAudit } from '@/lib/server/audit/write-audit';

describe('audit trail', () => {
  it('chains every entry to the previous one', () => {
    const db = getDb();
    db.transaction((tx) => {
      writeAudit(tx, { action: 'audit.read', outcome: 'ok', targetType: 'x', targetId: '1' });
      writeAudit(tx, { action: 'checklist.read', outcome: 'refused', detail: { reason: 'permission' } });
    });
    const rows = db.select().from(auditEvents).orderBy(asc(auditEvents.id)).all();
    let prev = GENESIS_HASH;
    for (const { id: _id, hash, prevHash, ...row } of rows) {
      expect(prevHash).toBe(prev);
      expect(hash).toBe(auditHash(prevHash, row));
      prev = hash;
    }
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses to change or delete an entry, even in SQL', () => {
    const sqlite = getSqlite();
    getDb().transaction((tx) => writeAudit(tx, { action: 'retention.run', outcome: 'ok' }));
    expect(() => sqlite.prepare("UPDATE audit_events SET action = 'forged'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });
});

describe('npm run audit:verify', () => {
  const verify = () => {
    try {
      return {
        code: 0,
        out: execFileSync(path.resolve('node_modules/.bin/tsx'), ['db/scripts/audit-verify.ts'], {
          env: { ...process.env },
          encoding: 'utf8',
        }),
      };
    } catch (e) {
      const err = e as { status: number; stdout: string };
      return { code: err.status, out: err.stdout };
    }
  };
  // What someone with write access to the file could do: drop the append-only triggers and edit.
  const tamper = (statement: string) =>
    getSqlite().exec(
      `DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete; ${statement}`,
    );

  it('says the chain is whole, then finds a row changed, a row deleted and the end cut off directly in SQL', () => {
    getDb().transaction((tx) => {
      for (let i = 0; i < 8; i++)
        writeAudit(tx, {
          action: 'retention.draft_deleted',
          outcome: 'ok',
          targetType: 'checklist',
          targetId: `c-${i}`,
        });
    });
    const whole = verify();
    expect(whole.code, whole.out).toBe(0);
    expect(whole.out).toMatch(/chain\s+whole/);
    const ids = getSqlite()
      .prepare("SELECT id FROM audit_events WHERE action = 'retention.draft_deleted' ORDER BY id")
      .pluck()
      .all() as number[];

    tamper(`UPDATE audit_events SET target_id = 'c-forged' WHERE id = ${ids[2]}`);
    const changed = verify();
    expect(changed.code).toBe(1);
    expect(changed.out).toContain(`entry ${ids[2]}: changed`);

    tamper(`DELETE FROM audit_events WHERE id = ${ids[5]}`);
    const deleted = verify();
    expect(deleted.out).toContain(`entry ${ids[6]}: missing_ids`);
    expect(deleted.out).toContain(`entry ${ids[6]}: link_broken`);

    tamper(`DELETE FROM audit_events WHERE id = ${ids[7]}`);
    const cut = verify();
    expect(cut.code).toBe(1);
    expect(cut.out).toContain(`end: truncated — entries ${ids[7]}–${ids[7]} were removed from the end`);
  });
});
