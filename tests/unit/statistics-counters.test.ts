import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getSqlite } from '@/db/client';
import { completeChecklist } from '@/lib/server/checklists/complete-checklist';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { importChecklists } from '@/lib/server/checklists/import-checklists';
import { startChecklistCorrection } from '@/lib/server/checklists/start-checklist-correction';
import { updateChecklistDraft } from '@/lib/server/checklists/update-checklist-draft';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { rebuildStatisticsCounts, verifyStatisticsCounts } from '@/lib/statistics/counters';
import { makeOrganisation, makeUser } from '../support/factories';

const NOW = new Date('2025-06-15T10:00:00Z');
const ANSWERS = {
  'ctx.control_date': '2025-03-10',
  'ctx.region': 'lie',
  'ctx.forms': ['economic'],
  'ctx.sector': 'horeca',
  'vic.sex': 'f',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'MA',
  'exp.housing': 'yes',
  'agg.coercion': 'yes',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};

describe('statistics counters (decision 0015)', async () => {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  makeOrganisation('guardianship', 'Tutelles', 'tutelles');
  const onssCode = `onss-counters-${Date.now()}`;
  const onss = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss', 'ONSS counters', onssCode) });
  const surya = await makeUser({ role: 'centre_staff', organisation: centres.surya! });
  const payoke = await makeUser({ role: 'centre_staff', organisation: centres.payoke! });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const complete = (answers: Record<string, unknown>) =>
    createChecklist({ actor: onss.actor, idempotencyKey: randomUUID(), answers, complete: true, now: NOW }).id;

  it('stay equal to a recomputation from the records through completions, corrections, referrals, redirects, withdrawals and imports', () => {
    const a = complete(ANSWERS);
    const b = complete({ ...ANSWERS, 'vic.sex': 'm', 'ctx.region': 'bru' });
    complete({ ...ANSWERS, 'out.sufficient': 'no' });
    complete({ ...ANSWERS, 'out.wish': 'already_in_care', 'out.care_centre': 'payoke' });
    // A correction that moves the check-list to another direction, then one that makes it not count.
    startChecklistCorrection({ actor: onss.actor, id: b, now: NOW });
    updateChecklistDraft({ actor: onss.actor, id: b, patch: { 'ctx.region': 'ant', 'exp.housing': 'no' }, now: NOW });
    completeChecklist({ actor: onss.actor, id: b, reason: 'direction corrigée', now: NOW });
    expect(verifyStatisticsCounts(getSqlite())).toEqual([]);
    // Accepted, closed: oriented in both definitions; redirected then accepted elsewhere.
    const r1 = createReferral({
      actor: onss.actor,
      input: { checklistId: a, caseType: 'thb', idempotencyKey: randomUUID() },
      now: NOW,
    }).id;
    let v = transitionReferral({
      actor: surya.actor,
      referralId: r1,
      to: 'acknowledged',
      expectedVersion: 1,
      now: NOW,
    }).version;
    expect(verifyStatisticsCounts(getSqlite())).toEqual([]);
    v = transitionReferral({
      actor: surya.actor,
      referralId: r1,
      to: 'no_capacity',
      reason: 'shelter_full',
      expectedVersion: v,
      now: NOW,
    }).version;
    const { newReferralId } = transitionReferral({
      actor: surya.actor,
      referralId: r1,
      to: 'redirected',
      redirectTo: 'payoke',
      reason: 'no_place',
      expectedVersion: v,
      now: NOW,
    });
    v = transitionReferral({
      actor: payoke.actor,
      referralId: newReferralId!,
      to: 'acknowledged',
      expectedVersion: 1,
      now: NOW,
    }).version;
    transitionReferral({
      actor: payoke.actor,
      referralId: newReferralId!,
      to: 'accepted',
      expectedVersion: v,
      now: NOW,
    });
    expect(verifyStatisticsCounts(getSqlite())).toEqual([]);
    // Contacted then withdrawn by the referrer: no longer "put in contact".
    const c = complete({ ...ANSWERS, 'vic.nationality': 'RO' });
    const r2 = createReferral({
      actor: onss.actor,
      input: { checklistId: c, caseType: 'thb', idempotencyKey: randomUUID() },
      now: NOW,
    }).id;
    transitionReferral({ actor: surya.actor, referralId: r2, to: 'acknowledged', expectedVersion: 1, now: NOW });
    expect(verifyStatisticsCounts(getSqlite())).toEqual([]);
    transitionReferral({
      actor: onss.actor,
      referralId: r2,
      to: 'withdrawn',
      reason: 'no_longer_needed',
      expectedVersion: 2,
      now: NOW,
    });
    startChecklistCorrection({ actor: onss.actor, id: c, now: NOW });
    updateChecklistDraft({ actor: onss.actor, id: c, patch: { 'out.sufficient': 'no' }, now: NOW });
    completeChecklist({ actor: onss.actor, id: c, reason: 'indices insuffisants', now: NOW });
    const csv = `organisation,completed_on,ctx.control_date,ctx.region,ctx.forms,ctx.sector,vic.sex,vic.age_estimate,vic.nationality,exp.housing,out.sufficient,out.wish\n${onssCode},2024-02-01,2024-01-20,hai,economic,cleaning,m,40,BG,yes,yes,accepts_referral\n${onssCode},2024-02-01,2024-01-21,hai,economic,cleaning,f,16,BG,no,yes,accepts_referral\n`;
    // A minor without vic.unaccompanied is refused: nothing imported, nothing counted.
    expect(importChecklists({ actor: coordinator.actor, body: csv, now: NOW })).toMatchObject({ ok: false });
    expect(verifyStatisticsCounts(getSqlite())).toEqual([]);
    expect(
      importChecklists({ actor: coordinator.actor, body: csv.replace(',16,BG', ',36,BG'), now: NOW }),
    ).toMatchObject({ ok: true, imported: 2 });
    expect(verifyStatisticsCounts(getSqlite())).toEqual([]);

    // What the tables read is what a rebuild from the records gives.
    const before = computeYearStatistics({ actor: coordinator.actor, year: 2025, service: 'onss', audit: false });
    rebuildStatisticsCounts(getSqlite());
    expect(computeYearStatistics({ actor: coordinator.actor, year: 2025, service: 'onss', audit: false })).toEqual(
      before,
    );
    const oriented = before.find((t) => t.id === 'checklists_oriented_by_region_accepted')!;
    expect(oriented.cells.flat().reduce((x, y) => x + y, 0)).toBe(2); // a (accepted at Payoke) and the person already in care
  });

  it('are found out when they drift from the records', () => {
    getSqlite().prepare("update statistics_counts set n = n + 1 where dimension = 'total' and year = 2025").run();
    expect(verifyStatisticsCounts(getSqlite()).join('\n')).toMatch(/2025 onss total .*stored \d+, records \d+/);
    rebuildStatisticsCounts(getSqlite());
    expect(verifyStatisticsCounts(getSqlite())).toEqual([]);
  });
});
