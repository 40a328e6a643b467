import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { auditHash, GENESIS_HASH, writeAudit } from '@/lib/server/audit';

describe('audit trail', () => {
  it('chains every entry to the previous one', () => {
    const db = getDb();
    db.transaction((tx) => {
      writeAudit(tx, { action: 'test.one', outcome: 'ok', targetType: 'x', targetId: '1' });
      writeAudit(tx, { action: 'test.two', outcome: 'refused', detail: { reason: 'permission' } });
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
    const sqlite = (globalThis as unknown as { relaisDb: { sqlite: import('better-sqlite3').Database } }).relaisDb.sqlite;
    getDb().transaction((tx) => writeAudit(tx, { action: 'test.three', outcome: 'ok' }));
    expect(() => sqlite.prepare("UPDATE audit_events SET action = 'forged'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });
});
