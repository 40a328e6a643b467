import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, checklists, checklistVersions, referralEvents, referrals } from '@/db/schema';
import { draftDeletionWarning } from '@/lib/checklist/retention';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { findChecklists } from '@/lib/server/checklists/find-checklists';
import { startChecklistCorrection } from '@/lib/server/checklists/start-checklist-correction';
import { updateChecklistDraft } from '@/lib/server/checklists/update-checklist-draft';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { runRetention } from '@/lib/server/retention/run-retention';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { makeOrganisation, makeUser } from '../support/factories';

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2025-01-10T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const ANSWERS = {
  'ctx.control_date': '2025-01-08',
  'ctx.reference': 'PV-2025-SECRET',
  'ctx.region': 'lie',
  'ctx.forms': ['economic'],
  'ctx.sector': 'horeca',
  'vic.sex': 'f',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'MA',
  'vic.name': 'Amina B.',
  'vic.contact': '+32 470 00 00 00',
  'exp.housing': 'yes',
  'exp.housing:note': 'dort dans la cave du restaurant',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
  'out.notes': 'parle arabe',
};

describe('retention, with the clock under the test’s control', async () => {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  makeOrganisation('guardianship', 'Tutelles', `tutelles-${randomUUID().slice(0, 4)}`);
  const onss = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  const surya = await makeUser({ role: 'centre_staff', organisation: centres.surya! });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const row = (id: string) => getDb().select().from(checklists).where(eq(checklists.id, id)).get();
  const audited = (action: string, id: string) =>
    getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, id))
      .all()
      .some((e) => e.action === action);

  it('warns from day 23 and deletes a draft untouched for 30 days; a touched draft lives on', () => {
    const old = createChecklist({
      actor: onss.actor,
      idempotencyKey: randomUUID(),
      answers: { 'vic.name': 'X' },
      now: T0,
    }).id;
    const touched = createChecklist({ actor: onss.actor, idempotencyKey: randomUUID(), now: T0 }).id;
    updateChecklistDraft({ actor: onss.actor, id: touched, patch: { 'vic.sex': 'm' }, now: at(20) });

    expect(draftDeletionWarning(T0.toISOString(), at(22))).toBeNull();
    expect(draftDeletionWarning(T0.toISOString(), at(23))).toBe(7);
    // The author's list says so on day 29.
    expect(
      findChecklists({ actor: onss.actor, filters: { status: 'draft' }, now: at(29) }).find((c) => c.id === old)!
        .deletionInDays,
    ).toBe(1);

    expect(runRetention({ now: at(29.9) }).draftsDeleted).toBe(0);
    expect(row(old)).toBeDefined();
    const report = runRetention({ now: at(30.01) });
    expect(report.draftsDeleted).toBe(1);
    expect(row(old)).toBeUndefined();
    expect(row(touched)).toBeDefined();
    expect(audited('retention.draft_deleted', old)).toBe(true);
    expect(runRetention({ now: at(50.01) }).draftsDeleted).toBe(1);
    expect(row(touched)).toBeUndefined();
  });

  it('returns a correction left for 30 days to the last completed version', () => {
    const id = createChecklist({
      actor: onss.actor,
      idempotencyKey: randomUUID(),
      answers: ANSWERS,
      complete: true,
      now: T0,
    }).id;
    startChecklistCorrection({ actor: onss.actor, id, now: at(1) });
    updateChecklistDraft({ actor: onss.actor, id, patch: { 'vic.sex': 'm' }, now: at(1) });
    expect(runRetention({ now: at(31.1), closedAfterDays: 10_000 }).correctionsAbandoned).toBeGreaterThanOrEqual(1);
    const back = row(id)!;
    expect(back.status).toBe('completed');
    expect(JSON.parse(back.answers)['vic.sex']).toBe('f');
    expect(audited('retention.correction_abandoned', id)).toBe(true);
  });

  it('reduces a closed case after the period: no name, contact, free text or dates — and the statistics do not change', () => {
    const id = createChecklist({
      actor: onss.actor,
      idempotencyKey: randomUUID(),
      answers: ANSWERS,
      complete: true,
      now: T0,
    }).id;
    const { id: referralId } = createReferral({
      actor: onss.actor,
      input: { checklistId: id, caseType: 'thb', idempotencyKey: randomUUID(), urgentNeeds: 'logement ce soir' },
      now: T0,
    });
    let v = transitionReferral({
      actor: surya.actor,
      referralId,
      to: 'acknowledged',
      expectedVersion: 1,
      note: 'rendez-vous jeudi avec Amina',
      now: at(1),
    }).version;
    v = transitionReferral({ actor: surya.actor, referralId, to: 'accepted', expectedVersion: v, now: at(2) }).version;
    transitionReferral({
      actor: surya.actor,
      referralId,
      to: 'closed',
      expectedVersion: v,
      reason: 'voluntary_return',
      note: 'retour au pays',
      now: at(100),
    });
    const before = computeYearStatistics({ actor: coordinator.actor, year: 2025, audit: false });

    // Still within the period after the end: nothing reduced.
    runRetention({ now: at(100 + 364), closedAfterDays: 365 });
    expect(row(id)!.reducedAt).toBeNull();
    expect(
      JSON.parse(getDb().select().from(referrals).where(eq(referrals.id, referralId)).get()!.packet).person.name,
    ).toBe('Amina B.');

    const report = runRetention({ now: at(100 + 366), closedAfterDays: 365 });
    expect(report.referralsReduced).toBeGreaterThanOrEqual(1);
    expect(report.checklistsReduced).toBeGreaterThanOrEqual(1);
    const referral = getDb().select().from(referrals).where(eq(referrals.id, referralId)).get()!;
    expect(JSON.parse(referral.packet)).toEqual({
      person: {
        name: null,
        sex: 'f',
        age: 34,
        minor: false,
        nationality: 'MA',
        contact: null,
        noSafeContact: false,
        languages: null,
        interpreter: null,
      },
      forms: ['economic'],
      urgentNeeds: null,
      referrer: null,
    });
    expect(referral.reducedAt).not.toBeNull();
    expect(
      getDb()
        .select()
        .from(referralEvents)
        .where(eq(referralEvents.referralId, referralId))
        .all()
        .every((e) => e.note === null),
    ).toBe(true);
    const reduced = row(id)!;
    const stored = [
      reduced.answers,
      ...getDb()
        .select()
        .from(checklistVersions)
        .where(eq(checklistVersions.checklistId, id))
        .all()
        .map((x) => x.answers),
    ].join('\n');
    for (const secret of ['Amina', '+32 470', 'PV-2025-SECRET', 'cave', 'arabe', '1990-04-02', '2025-01-08'])
      expect(stored).not.toContain(secret);
    expect(reduced.reference).toBeNull();
    expect(JSON.parse(reduced.answers)).toMatchObject({
      'ctx.region': 'lie',
      'vic.sex': 'f',
      'vic.nationality': 'MA',
      'exp.housing': 'yes',
      'out.sufficient': 'yes',
    });
    expect(audited('retention.referral_reduced', referralId)).toBe(true);
    expect(audited('retention.checklist_reduced', id)).toBe(true);
    // Reduction keeps every count.
    expect(computeYearStatistics({ actor: coordinator.actor, year: 2025, audit: false })).toEqual(before);
    // A second run has nothing left to do.
    expect(runRetention({ now: at(100 + 400), closedAfterDays: 365 })).toMatchObject({
      referralsReduced: 0,
      checklistsReduced: 0,
    });
  });

  it('keeps a case whose referral is still open, however old', () => {
    const id = createChecklist({
      actor: onss.actor,
      idempotencyKey: randomUUID(),
      answers: ANSWERS,
      complete: true,
      now: T0,
    }).id;
    createReferral({
      actor: onss.actor,
      input: { checklistId: id, caseType: 'thb', idempotencyKey: randomUUID() },
      now: T0,
    });
    runRetention({ now: at(2000), closedAfterDays: 365 });
    expect(row(id)!.reducedAt).toBeNull();
    expect(row(id)!.answers).toContain('Amina');
  });
});
