import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getSqlite } from '@/db/client';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { setDisclosureThreshold } from '@/lib/server/statistics/set-disclosure-threshold';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { makeOrganisation, makeUser } from '../support/factories';

const NOW = new Date('2023-06-15T10:00:00Z');
const ANSWERS = {
  'ctx.control_date': '2023-03-10',
  'ctx.region': 'lim',
  'ctx.forms': ['economic'],
  'ctx.sector': 'horeca',
  'vic.sex': 'f',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'MA',
  'exp.housing': 'yes',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};

describe('statistics kept between page views (decision 0016)', async () => {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  makeOrganisation('guardianship', 'Tutelles', 'tutelles');
  const onss = await makeUser({
    role: 'referrer',
    organisation: makeOrganisation('onss', 'ONSS cache', `onss-cache-${Date.now()}`),
  });
  const staff = Object.fromEntries(
    await Promise.all(
      Object.entries(centres).map(
        async ([code, org]) => [code, await makeUser({ role: 'centre_staff', organisation: org })] as const,
      ),
    ),
  );
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const platformAdmin = await makeUser({ role: 'admin', organisation: makeOrganisation('coordination') });
  const view = (publication = false) =>
    presentedStatistics({
      actor: coordinator.actor,
      year: 2023,
      service: 'onss',
      orientation: 'accepted',
      publication,
      locale: 'fr',
      t: (key) => key,
    });
  const limburg = (p: ReturnType<typeof view>) =>
    p.tables.find((t) => t.id === 'checklists_by_region')!.rows.find((r) => r.code === 'lim')!.cells[0];
  const audited = () =>
    (
      getSqlite().prepare(`SELECT count(*) AS n FROM audit_events WHERE action = 'statistics.read'`).get() as {
        n: number;
      }
    ).n;

  it('answers from the cache while nothing changed, and every view is still audited', () => {
    const first = view();
    const before = audited();
    const second = view();
    expect(second).toBe(first);
    expect(audited()).toBe(before + 1);
  });

  it('shows a completion, a referral transition and a new threshold at the next view', () => {
    const before = view();
    const id = createChecklist({
      actor: onss.actor,
      idempotencyKey: randomUUID(),
      answers: ANSWERS,
      complete: true,
      now: NOW,
    }).id;
    const afterCompletion = view();
    expect(afterCompletion).not.toBe(before);
    expect(limburg(afterCompletion)).toBe(Number(limburg(before) ?? 0) + 1);

    const referral = createReferral({
      actor: onss.actor,
      input: { checklistId: id, caseType: 'thb', idempotencyKey: randomUUID() },
      now: NOW,
    });
    const afterReferral = view();
    expect(afterReferral).not.toBe(afterCompletion);
    transitionReferral({
      actor: staff[referral.centre]!.actor,
      referralId: referral.id,
      to: 'acknowledged',
      expectedVersion: 1,
      now: NOW,
    });
    expect(view()).not.toBe(afterReferral);

    // The threshold is a setting: published cells follow it at once.
    const published = view(true);
    expect(published.k).toBe(5);
    expect(limburg(published)).toBe('< 5');
    setDisclosureThreshold({ actor: platformAdmin.actor, k: 7 });
    const republished = view(true);
    expect(republished.k).toBe(7);
    expect(limburg(republished)).toBe('< 7');
    setDisclosureThreshold({ actor: platformAdmin.actor, k: 5 });
  });
});
