import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { writeAudit } from '@/lib/server/audit/write-audit';
import { NotFoundError } from '@/lib/server/errors';
import { findAuditEvents } from '@/lib/server/audit/find-audit-events';
import { brusselsDayStart } from '@/lib/time';
import { auditFiltersSchema } from '@/lib/validation/audit';
import { makeOrganisation, makeUser } from '../support/factories';

describe('reading the audit log', async () => {
  const police = makeOrganisation('police');
  const onss = makeOrganisation('onss');
  const policeAdmin = await makeUser({ role: 'admin', organisation: police });
  const platformAdmin = await makeUser({ role: 'admin', organisation: makeOrganisation('coordination') });
  const officer = await makeUser({ role: 'referrer', organisation: police });
  const inspector = await makeUser({ role: 'referrer', organisation: onss });
  getDb().transaction((tx) => {
    writeAudit(tx, {
      action: 'checklist.complete',
      outcome: 'ok',
      actorUserId: officer.id,
      actorOrganisationId: police.id,
      targetType: 'checklist',
      targetId: 'cl-police',
      ip: '192.0.2.7',
      at: new Date('2026-03-01T22:30:00Z'),
    });
    writeAudit(tx, {
      action: 'referral.read',
      outcome: 'refused',
      actorUserId: officer.id,
      actorOrganisationId: police.id,
      targetType: 'referral',
      targetId: 'rf-1',
      detail: { reason: 'scope' },
      at: new Date('2026-03-02T09:00:00Z'),
    });
    writeAudit(tx, {
      action: 'checklist.complete',
      outcome: 'ok',
      actorUserId: inspector.id,
      actorOrganisationId: onss.id,
      targetType: 'checklist',
      targetId: 'cl-onss',
      at: new Date('2026-03-02T10:00:00Z'),
    });
  });

  it('shows an organisation administrator who did what to which record, when and from where — for their organisation only', () => {
    const { events } = findAuditEvents({ actor: policeAdmin.actor, filters: { category: 'checklist' } });
    expect(events.map((e) => e.targetId)).toEqual(['cl-police']);
    expect(events[0]).toMatchObject({
      action: 'checklist.complete',
      outcome: 'ok',
      userEmail: officer.email,
      targetType: 'checklist',
      ip: '192.0.2.7',
      organisationName: police.name,
    });
    expect(
      findAuditEvents({ actor: platformAdmin.actor, filters: { category: 'checklist' } }).events.map((e) => e.targetId),
    ).toEqual(expect.arrayContaining(['cl-police', 'cl-onss']));
  });

  it('filters by outcome, user, record and Brussels dates', () => {
    expect(
      findAuditEvents({ actor: policeAdmin.actor, filters: { outcome: 'refused' } }).events.map((e) => [
        e.targetId,
        e.reason,
      ]),
    ).toEqual([['rf-1', 'scope']]);
    expect(
      findAuditEvents({ actor: platformAdmin.actor, filters: { user: inspector.email.slice(0, 20) } }).events.map(
        (e) => e.targetId,
      ),
    ).toContain('cl-onss');
    expect(findAuditEvents({ actor: platformAdmin.actor, filters: { target: 'cl-onss' } }).events).toHaveLength(1);
    // 22:30 UTC on 1 March is 23:30 in Brussels: still 1 March there.
    expect(
      findAuditEvents({ actor: policeAdmin.actor, filters: { from: '2026-03-01', to: '2026-03-01' } }).events.map(
        (e) => e.targetId,
      ),
    ).toEqual(['cl-police']);
    expect(
      findAuditEvents({
        actor: policeAdmin.actor,
        filters: { from: '2026-03-02', to: '2026-03-02', category: 'referral' },
      }).events.map((e) => e.targetId),
    ).toEqual(['rf-1']);
    expect(brusselsDayStart('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
  });

  it('is refused (not found, audited) to anyone but administrators, and its own reading is audited', () => {
    expect(() => findAuditEvents({ actor: officer.actor })).toThrow(NotFoundError);
    findAuditEvents({ actor: policeAdmin.actor });
    const reads = findAuditEvents({ actor: policeAdmin.actor, filters: { category: 'audit' } }).events;
    expect(reads.every((e) => e.action === 'audit.read')).toBe(true);
    expect(reads.some((e) => e.userEmail === policeAdmin.email && e.outcome === 'ok')).toBe(true);
    expect(reads.some((e) => e.userEmail === officer.email && e.outcome === 'refused')).toBe(true);
  });

  it('names the filter that is wrong', () => {
    const bad = auditFiltersSchema.safeParse({
      category: 'everything',
      from: '2026-02-30',
      to: '2026-01-01',
      target: '<script>',
      before: '-1',
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`).sort()).toEqual(
      [
        'before:errors.wholeNumber',
        'category:errors.invalidOption',
        'from:errors.invalidDate',
        'target:errors.invalidId',
      ].sort(),
    );
    expect(auditFiltersSchema.safeParse({ from: '2026-02-03', to: '2026-02-01' }).error!.issues[0]!.path).toEqual([
      'to',
    ]);
    expect(auditFiltersSchema.parse({ category: '', user: '' })).toEqual({});
  });
});
