import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { CURRENT_CATALOGUE_VERSION } from '@/lib/checklist/catalogue';
import { auditEvents, checklistIndicators, checklists, checklistVersions } from '@/db/schema';
import { completeChecklist } from '@/lib/server/checklists/complete-checklist';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { yearInBrussels } from '@/lib/time';
import { createInvestigation } from '@/lib/server/checklists/create-investigation';
import { findChecklistVersions } from '@/lib/server/checklists/find-checklist-versions';
import { findChecklists } from '@/lib/server/checklists/find-checklists';
import { getChecklist } from '@/lib/server/checklists/get-checklist';
import { startChecklistCorrection } from '@/lib/server/checklists/start-checklist-correction';
import { updateChecklistDraft } from '@/lib/server/checklists/update-checklist-draft';
import { ConflictError, DomainError, NotFoundError } from '@/lib/server/errors';
import { makeOrganisation, makeUser } from '../support/factories';

const VALID = {
  'ctx.control_date': '2026-03-10',
  'ctx.region': 'bru',
  'ctx.forms': ['economic'],
  'ctx.sector': 'construction',
  'vic.sex': 'm',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'RO',
  'exp.housing': 'yes',
  'doc.identity': 'held_by_other',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
const NOW = new Date('2026-06-15T10:00:00Z');
const key = () => randomUUID();
const row = (id: string) => getDb().select().from(checklists).where(eq(checklists.id, id)).get()!;

async function inspectors() {
  const onss = makeOrganisation('onss');
  const police = makeOrganisation('police');
  const a = await makeUser({ role: 'referrer', organisation: onss });
  const b = await makeUser({ role: 'referrer', organisation: onss });
  const outsider = await makeUser({ role: 'referrer', organisation: police });
  const centre = await makeUser({ role: 'centre_staff', organisation: makeOrganisation('centre') });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  return { a, b, outsider, centre, coordinator };
}

describe('check-list verbs', () => {
  it('creates a draft with the service fixed by the organisation; the same idempotency key returns the same check-list', async () => {
    const { a } = await inspectors();
    const k = key();
    const first = createChecklist({ actor: a.actor, idempotencyKey: k, answers: { 'vic.sex': 'f' } });
    const again = createChecklist({ actor: a.actor, idempotencyKey: k, answers: { 'vic.sex': 'm' } });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(getDb().select({ n: count() }).from(checklists).where(eq(checklists.idempotencyKey, k)).get()!.n).toBe(1);
    const detail = getChecklist({ actor: a.actor, id: first.id });
    expect(detail.answers).toEqual({ 'ctx.service': 'onss', 'vic.sex': 'f' });
    expect(detail.catalogueVersion).toBe(CURRENT_CATALOGUE_VERSION);
  });

  it('lets colleagues of the same organisation read and write; anyone else gets "not found" and changes nothing', async () => {
    const { a, b, outsider, centre, coordinator } = await inspectors();
    const { id } = createChecklist({ actor: a.actor, idempotencyKey: key() });
    updateChecklistDraft({ actor: b.actor, id, patch: { 'vic.sex': 'm' } });
    const before = row(id);
    for (const actor of [outsider.actor, centre.actor, coordinator.actor]) {
      expect(() => getChecklist({ actor, id })).toThrow(NotFoundError);
      expect(() => updateChecklistDraft({ actor, id, patch: { 'vic.sex': 'f' } })).toThrow(NotFoundError);
      expect(() => completeChecklist({ actor, id })).toThrow(NotFoundError);
      expect(() => startChecklistCorrection({ actor, id })).toThrow(NotFoundError);
      expect(() => findChecklistVersions({ actor, id })).toThrow(NotFoundError);
    }
    expect(row(id)).toEqual(before);
    expect(() => getChecklist({ actor: a.actor, id: randomUUID() })).toThrow(NotFoundError);
    const refused = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, outsider.id), eq(auditEvents.outcome, 'refused')))
      .all();
    expect(refused.length).toBe(5);
    expect(refused.every((r) => r.targetId === id)).toBe(true);
  });

  it('merges draft changes item by item and audits every read and change', async () => {
    const { a, b } = await inspectors();
    const { id } = createChecklist({ actor: a.actor, idempotencyKey: key() });
    updateChecklistDraft({ actor: a.actor, id, patch: { 'vic.sex': 'f', 'ctx.reference': 'PV 1' } });
    updateChecklistDraft({ actor: b.actor, id, patch: { 'ctx.region': 'lie', 'ctx.reference': null } });
    expect(getChecklist({ actor: a.actor, id }).answers).toEqual({
      'ctx.service': 'onss',
      'vic.sex': 'f',
      'ctx.region': 'lie',
    });
    const actions = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, id))
      .all()
      .map((e) => e.action);
    expect(actions.filter((x) => x === 'checklist.update')).toHaveLength(2);
    expect(actions).toContain('checklist.read');
    expect(actions).toContain('checklist.create');
  });

  it('refuses an invalid patch keyed by item code and writes nothing', async () => {
    const { a } = await inspectors();
    const { id } = createChecklist({ actor: a.actor, idempotencyKey: key() });
    const before = row(id);
    try {
      updateChecklistDraft({ actor: a.actor, id, patch: { 'vic.sex': 'q', 'nope.nope': 1 } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).fieldErrors).toEqual({
        'vic.sex': ['errors.invalidOption'],
        'nope.nope': ['errors.unknownItem'],
      });
    }
    expect(row(id)).toEqual(before);
  });

  it('completes only a valid check-list; the completed one is read-only and counted with its facts and indicators', async () => {
    const { a } = await inspectors();
    const { id } = createChecklist({ actor: a.actor, idempotencyKey: key(), answers: { 'vic.sex': 'm' } });
    expect(() => completeChecklist({ actor: a.actor, id, now: NOW })).toThrow(DomainError);
    expect(row(id).status).toBe('draft');
    expect(
      getDb().select({ n: count() }).from(checklistVersions).where(eq(checklistVersions.checklistId, id)).get()!.n,
    ).toBe(0);

    updateChecklistDraft({ actor: a.actor, id, patch: VALID });
    expect(completeChecklist({ actor: a.actor, id, now: NOW })).toEqual({ version: 1 });
    const r = row(id);
    expect(r).toMatchObject({
      status: 'completed',
      version: 1,
      year: 2026,
      region: 'bru',
      sex: 'm',
      age: 35,
      minor: false,
      nationality: 'RO',
      euNational: true,
      formEconomic: true,
      formSexual: false,
      sector: 'construction',
      sufficient: true,
      wish: 'accepts_referral',
      service: 'onss',
    });
    const indicators = getDb()
      .select()
      .from(checklistIndicators)
      .where(eq(checklistIndicators.checklistId, id))
      .all()
      .map((i) => i.code)
      .sort();
    expect(indicators).toEqual(['doc.identity', 'exp.housing']);
    expect(() => updateChecklistDraft({ actor: a.actor, id, patch: { 'vic.sex': 'f' } })).toThrow(ConflictError);
    expect(() => completeChecklist({ actor: a.actor, id })).toThrow(ConflictError);
  });

  it('creates a completed check-list in one call, or nothing at all', async () => {
    const { a } = await inspectors();
    const bad = key();
    expect(() =>
      createChecklist({
        actor: a.actor,
        idempotencyKey: bad,
        answers: { ...VALID, 'vic.sex': undefined as never },
        complete: true,
        now: NOW,
      }),
    ).toThrow(DomainError);
    expect(getDb().select({ n: count() }).from(checklists).where(eq(checklists.idempotencyKey, bad)).get()!.n).toBe(0);
    const ok = createChecklist({ actor: a.actor, idempotencyKey: key(), answers: VALID, complete: true, now: NOW });
    expect(ok).toMatchObject({ status: 'completed', version: 1, created: true });
  });

  it('corrects as a new version with a reason; statistics keep the completed version meanwhile; history shows what changed', async () => {
    const { a } = await inspectors();
    const { id } = createChecklist({ actor: a.actor, idempotencyKey: key(), answers: VALID, complete: true, now: NOW });
    startChecklistCorrection({ actor: a.actor, id });
    updateChecklistDraft({ actor: a.actor, id, patch: { 'ctx.region': 'lie' } });
    expect(row(id)).toMatchObject({ status: 'correcting', region: 'bru' });
    expect(() => completeChecklist({ actor: a.actor, id, now: NOW })).toThrow(DomainError);
    expect(completeChecklist({ actor: a.actor, id, reason: 'Erreur de direction', now: NOW })).toEqual({ version: 2 });
    expect(row(id)).toMatchObject({ status: 'completed', version: 2, region: 'lie', year: 2026 });
    const versions = findChecklistVersions({ actor: a.actor, id });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]!.reason).toBe('Erreur de direction');
    expect(versions[1]!.changed).toEqual([{ code: 'ctx.region', before: 'bru', after: 'lie' }]);
    expect(versions[0]!.answers['ctx.region']).toBe('bru');
  });

  it('counts a check-list in the Belgian calendar year of its first completion', () => {
    expect(yearInBrussels(new Date('2026-12-31T22:30:00Z'))).toBe(2026);
    expect(yearInBrussels(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
  });

  it('lists and filters the organisation’s check-lists only, with the deletion warning for old drafts', async () => {
    const { a, outsider } = await inspectors();
    const inv = createInvestigation({ actor: a.actor, input: { reference: `INV-${randomUUID().slice(0, 6)}` } });
    const done = createChecklist({
      actor: a.actor,
      idempotencyKey: key(),
      answers: { ...VALID, 'ctx.reference': 'PV-42/2026' },
      complete: true,
      now: NOW,
      investigationId: inv.id,
    });
    const draft = createChecklist({
      actor: a.actor,
      idempotencyKey: key(),
      answers: { 'ctx.region': 'ant' },
      now: new Date(Date.now() - 25 * 86_400_000),
    });
    createChecklist({ actor: outsider.actor, idempotencyKey: key() });
    const all = findChecklists({ actor: a.actor });
    expect(all.map((c) => c.id).sort()).toEqual([done.id, draft.id].sort());
    expect(findChecklists({ actor: a.actor, filters: { status: 'draft' } }).map((c) => c.id)).toEqual([draft.id]);
    expect(
      findChecklists({ actor: a.actor, filters: { year: 2026, region: 'bru', form: 'economic' } }).map((c) => c.id),
    ).toEqual([done.id]);
    expect(findChecklists({ actor: a.actor, filters: { q: 'PV-42' } }).map((c) => c.id)).toEqual([done.id]);
    expect(findChecklists({ actor: a.actor, filters: { q: '%' } })).toEqual([]);
    expect(findChecklists({ actor: a.actor, filters: { investigationId: inv.id } }).map((c) => c.id)).toEqual([
      done.id,
    ]);
    expect(all.find((c) => c.id === draft.id)!.deletionInDays).toBe(5);
    expect(all.find((c) => c.id === done.id)!.deletionInDays).toBeNull();
  });

  it('refuses a check-list in another organisation’s investigation', async () => {
    const { a, outsider } = await inspectors();
    const inv = createInvestigation({ actor: outsider.actor, input: { reference: 'X-1' } });
    expect(() => createChecklist({ actor: a.actor, idempotencyKey: key(), investigationId: inv.id })).toThrow(
      NotFoundError,
    );
    expect(() => createInvestigation({ actor: outsider.actor, input: { reference: 'X-1' } })).toThrow(DomainError);
  });
});
