import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, referralEvents, referrals } from '@/db/schema';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { getChecklist } from '@/lib/server/checklists/get-checklist';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { getReferral } from '@/lib/server/referrals/get-referral';
import { ReferralConflictError, transitionReferral } from '@/lib/server/referrals/transition-referral';
import { runRetention } from '@/lib/server/retention/run-retention';
import { makeOrganisation, makeUser } from '../support/factories';

/**
 * Data minimisation (docs/domain/referrals.md#data-minimisation): once a centre no longer needs
 * the person's identity and contact (the referral was withdrawn, or the person was accepted by
 * the centre a referral was redirected to), its copy of the packet is reduced as retention
 * reduces it, while the fact of the referral stays.
 */
const NOW = new Date('2026-06-15T10:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const NAME = 'Ionela P.';
const CONTACT = '+32 4 123 45 67 (via ONG)';
const NEEDS = 'logement ce soir';
const PHONE = '+32 2 555 01 01';
const ADULT = {
  'ctx.control_date': '2026-03-10',
  'ctx.region': 'bru',
  'ctx.forms': ['sexual'],
  'ctx.sector': 'horeca',
  'vic.sex': 'f',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'RO',
  'vic.name': NAME,
  'vic.contact': CONTACT,
  'vic.languages': 'roumain',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
const MINOR = { ...ADULT, 'vic.birth_date': '2010-01-01', 'vic.unaccompanied': 'yes' };

let s: Awaited<ReturnType<typeof setting>>;

async function setting() {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  const tutelles = makeOrganisation('guardianship', 'Service des Tutelles', 'tutelles');
  const onss = makeOrganisation('onss');
  return {
    inspector: await makeUser({ role: 'referrer', organisation: onss }),
    pagAsa: await makeUser({ role: 'centre_staff', organisation: centres['pag-asa']! }),
    payoke: await makeUser({ role: 'centre_staff', organisation: centres.payoke! }),
    surya: await makeUser({ role: 'centre_staff', organisation: centres.surya! }),
    esperanto: await makeUser({ role: 'centre_staff', organisation: centres.esperanto! }),
    guardian: await makeUser({ role: 'referrer', organisation: tutelles }),
  };
}

beforeAll(async () => {
  s = await setting();
});

function refer(answers: Record<string, unknown>) {
  const checklistId = createChecklist({
    actor: s.inspector.actor,
    idempotencyKey: randomUUID(),
    answers,
    complete: true,
    now: NOW,
  }).id;
  const { id, centre } = createReferral({
    actor: s.inspector.actor,
    input: {
      checklistId,
      caseType: 'thb',
      idempotencyKey: randomUUID(),
      urgentNeeds: NEEDS,
      phone: PHONE,
      shareChecklist: true,
    },
    now: NOW,
  });
  return { checklistId, id, centre };
}

const stored = (id: string) => getDb().select().from(referrals).where(eq(referrals.id, id)).get()!;
const reductions = (id: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, 'referral.packet_reduced')))
    .all();

/** Nothing in what the reader gets, nor in the stored row, names or reaches the person. */
function expectNoIdentity(seen: ReturnType<typeof getReferral>, id: string) {
  expect(seen.packet.person).toMatchObject({ name: null, contact: null, languages: null, interpreter: null });
  expect(seen.packet.urgentNeeds).toBeNull();
  expect(seen.packet.referrer).toBeNull();
  expect(seen.packet.checklist).toBeUndefined();
  const row = JSON.stringify(stored(id));
  for (const secret of [NAME, CONTACT, NEEDS, PHONE, 'roumain']) expect(row).not.toContain(secret);
}

function expectWhole(seen: ReturnType<typeof getReferral>) {
  expect(seen.packet.person).toMatchObject({ name: NAME, contact: CONTACT, languages: 'roumain' });
  expect(seen.packet.urgentNeeds).toBe(NEEDS);
  expect(seen.packet.referrer?.phone).toBe(PHONE);
  expect(seen.packet.checklist?.answers['vic.name']).toBe(NAME);
  expect(seen.minimised).toBeNull();
}

describe('data minimisation after a withdrawal or a redirect', () => {
  it('withdrawal: the centre keeps the status, dates, timeline and notes, not the person; the referrer keeps its check-list', () => {
    const { checklistId, id, centre } = refer(ADULT);
    expect(centre).toBe('pag-asa');
    transitionReferral({
      actor: s.pagAsa.actor,
      referralId: id,
      to: 'acknowledged',
      expectedVersion: 1,
      note: 'premier entretien jeudi',
      now: later(10),
    });
    expectWhole(getReferral({ actor: s.pagAsa.actor, id }));

    transitionReferral({
      actor: s.inspector.actor,
      referralId: id,
      to: 'withdrawn',
      reason: 'sent_by_mistake',
      expectedVersion: 2,
      note: 'envoyée par erreur',
      now: later(20),
    });

    const seen = getReferral({ actor: s.pagAsa.actor, id });
    expectNoIdentity(seen, id);
    expect(seen.status).toBe('withdrawn');
    expect(seen.receivedAt).toBe(NOW.toISOString());
    expect(seen.timeline.map((e) => [e.to, e.note])).toEqual([
      ['sent', null],
      ['acknowledged', 'premier entretien jeudi'],
      ['withdrawn', 'envoyée par erreur'],
    ]);
    expect(seen.minimised).toEqual({ at: later(20).toISOString(), because: 'withdrawn' });
    // What the statistics read is untouched, and the packet keeps the same facts.
    expect(seen.packet.person).toMatchObject({ sex: 'f', age: 35, minor: false, nationality: 'RO' });
    expect(seen.packet.forms).toEqual(['sexual']);
    expect(stored(id)).toMatchObject({
      personSex: 'f',
      personAge: 35,
      personNationality: 'RO',
      forms: 'sexual',
      endedAt: later(20).toISOString(),
      shareChecklist: false,
    });
    // Retention has not run: its own mark and erasure of the notes are still to come.
    expect(seen.reducedAt).toBeNull();

    // The referring service reads its own check-list, whole.
    expect(getChecklist({ actor: s.inspector.actor, id: checklistId }).answers).toMatchObject({
      'vic.name': NAME,
      'vic.contact': CONTACT,
    });
    expect(getReferral({ actor: s.inspector.actor, id }).checklistId).toBe(checklistId);
  });

  it('leaves the packet whole when the withdrawal is refused, and on any other end before retention', () => {
    const { id } = refer(ADULT);
    expect(() =>
      transitionReferral({
        actor: s.inspector.actor,
        referralId: id,
        to: 'withdrawn',
        reason: 'sent_by_mistake',
        expectedVersion: 7,
      }),
    ).toThrow(ReferralConflictError);
    expectWhole(getReferral({ actor: s.pagAsa.actor, id }));
    transitionReferral({
      actor: s.pagAsa.actor,
      referralId: id,
      to: 'refused_by_person',
      reason: 'fear',
      expectedVersion: 1,
    });
    expectWhole(getReferral({ actor: s.pagAsa.actor, id }));
    expect(reductions(id)).toHaveLength(0);
  });

  it('redirect: the first centre keeps the person until the new centre accepts, then only the new centre has them', () => {
    const { checklistId, id } = refer(ADULT);
    transitionReferral({
      actor: s.pagAsa.actor,
      referralId: id,
      to: 'no_capacity',
      reason: 'shelter_full',
      expectedVersion: 1,
      note: 'plus de lit',
      now: later(5),
    });
    const { newReferralId } = transitionReferral({
      actor: s.pagAsa.actor,
      referralId: id,
      to: 'redirected',
      reason: 'no_place',
      redirectTo: 'payoke',
      expectedVersion: 2,
      now: later(6),
    });
    const payokeId = newReferralId!;

    // Payoke has not accepted yet: the person may still come back to PAG-ASA.
    expectWhole(getReferral({ actor: s.pagAsa.actor, id }));
    transitionReferral({
      actor: s.payoke.actor,
      referralId: payokeId,
      to: 'acknowledged',
      expectedVersion: 1,
      now: later(30),
    });
    expectWhole(getReferral({ actor: s.pagAsa.actor, id }));
    expect(reductions(id)).toHaveLength(0);

    transitionReferral({
      actor: s.payoke.actor,
      referralId: payokeId,
      to: 'accepted',
      expectedVersion: 2,
      now: later(60),
    });

    const first = getReferral({ actor: s.pagAsa.actor, id });
    expectNoIdentity(first, id);
    expect(first.status).toBe('redirected');
    expect(first.minimised).toEqual({ at: later(60).toISOString(), because: 'accepted_elsewhere' });
    expect(first.timeline.map((e) => [e.to, e.note])).toEqual([
      ['sent', null],
      ['no_capacity', 'plus de lit'],
      ['redirected', null],
    ]);
    expect(first.next).toBeNull(); // still nothing of the next referral
    expectWhole(getReferral({ actor: s.payoke.actor, id: payokeId }));
    expect(getChecklist({ actor: s.inspector.actor, id: checklistId }).answers['vic.name']).toBe(NAME);
  });

  it('redirect chain: every centre before the one that accepts loses the person', () => {
    const { id } = refer(ADULT);
    const payokeId = transitionReferral({
      actor: s.inspector.actor,
      referralId: id,
      to: 'redirected',
      reason: 'no_place',
      redirectTo: 'payoke',
      expectedVersion: 1,
    }).newReferralId!;
    transitionReferral({
      actor: s.payoke.actor,
      referralId: payokeId,
      to: 'no_capacity',
      reason: 'shelter_full',
      expectedVersion: 1,
    });
    const suryaId = transitionReferral({
      actor: s.payoke.actor,
      referralId: payokeId,
      to: 'redirected',
      reason: 'no_place',
      redirectTo: 'surya',
      expectedVersion: 2,
    }).newReferralId!;
    expectWhole(getReferral({ actor: s.pagAsa.actor, id }));
    expectWhole(getReferral({ actor: s.payoke.actor, id: payokeId }));

    transitionReferral({ actor: s.surya.actor, referralId: suryaId, to: 'acknowledged', expectedVersion: 1 });
    transitionReferral({ actor: s.surya.actor, referralId: suryaId, to: 'accepted', expectedVersion: 2 });

    expectNoIdentity(getReferral({ actor: s.pagAsa.actor, id }), id);
    expectNoIdentity(getReferral({ actor: s.payoke.actor, id: payokeId }), payokeId);
    expectWhole(getReferral({ actor: s.surya.actor, id: suryaId }));
  });

  it('a withdrawal after a redirect also takes the person from the centres before', () => {
    const { id } = refer(ADULT);
    const payokeId = transitionReferral({
      actor: s.pagAsa.actor,
      referralId: id,
      to: 'redirected',
      reason: 'no_place',
      redirectTo: 'payoke',
      expectedVersion: 1,
    }).newReferralId!;
    transitionReferral({
      actor: s.inspector.actor,
      referralId: payokeId,
      to: 'withdrawn',
      reason: 'sent_by_mistake',
      expectedVersion: 1,
    });
    for (const [actor, rid] of [
      [s.pagAsa.actor, id],
      [s.payoke.actor, payokeId],
    ] as const) {
      const seen = getReferral({ actor, id: rid });
      expectNoIdentity(seen, rid);
      expect(seen.minimised?.because).toBe('withdrawn');
    }
  });

  it('audits each reduction once, with who caused it and why, and no personal data', () => {
    const { id } = refer(ADULT);
    const payokeId = transitionReferral({
      actor: s.pagAsa.actor,
      referralId: id,
      to: 'redirected',
      reason: 'no_place',
      redirectTo: 'payoke',
      expectedVersion: 1,
    }).newReferralId!;
    transitionReferral({ actor: s.payoke.actor, referralId: payokeId, to: 'acknowledged', expectedVersion: 1 });
    transitionReferral({
      actor: s.payoke.actor,
      referralId: payokeId,
      to: 'accepted',
      expectedVersion: 2,
      now: later(60),
    });
    transitionReferral({
      actor: s.payoke.actor,
      referralId: payokeId,
      to: 'closed',
      reason: 'autonomy',
      expectedVersion: 3,
    });

    const [accepted, ...again] = reductions(id);
    expect(again).toHaveLength(0);
    expect(accepted).toMatchObject({
      outcome: 'ok',
      targetType: 'referral',
      actorUserId: s.payoke.id,
      at: later(60).toISOString(),
    });
    expect(JSON.parse(accepted!.detail!)).toEqual({ because: 'accepted_elsewhere', cause: payokeId });
    expect(reductions(payokeId)).toHaveLength(0); // the accompanying centre keeps the person

    const { id: withdrawnId } = refer(ADULT);
    transitionReferral({
      actor: s.inspector.actor,
      referralId: withdrawnId,
      to: 'withdrawn',
      reason: 'sent_by_mistake',
      expectedVersion: 1,
    });
    const [withdrawal] = reductions(withdrawnId);
    expect(withdrawal).toMatchObject({
      outcome: 'ok',
      actorUserId: s.inspector.id,
      actorOrganisationId: s.inspector.actor.organisationId,
    });
    expect(JSON.parse(withdrawal!.detail!)).toEqual({ because: 'withdrawn', cause: withdrawnId });
    for (const entry of [accepted!, withdrawal!]) expect(JSON.stringify(entry)).not.toContain(NAME);
  });

  it('a minor’s withdrawn referral: Esperanto and the Service des Tutelles, which read the same packet, no longer see the person', () => {
    const { checklistId, id, centre } = refer(MINOR);
    expect(centre).toBe('esperanto');
    transitionReferral({ actor: s.esperanto.actor, referralId: id, to: 'acknowledged', expectedVersion: 1 });
    expectWhole(getReferral({ actor: s.guardian.actor, id }));

    transitionReferral({
      actor: s.inspector.actor,
      referralId: id,
      to: 'withdrawn',
      reason: 'sent_by_mistake',
      expectedVersion: 2,
    });

    for (const actor of [s.esperanto.actor, s.guardian.actor]) {
      const seen = getReferral({ actor, id });
      expectNoIdentity(seen, id);
      expect(seen).toMatchObject({ status: 'withdrawn', minor: true });
      expect(seen.packet.person.minor).toBe(true);
      expect(seen.timeline.map((e) => e.to)).toEqual(['sent', 'acknowledged', 'withdrawn']);
    }
    expect(getChecklist({ actor: s.inspector.actor, id: checklistId }).answers['vic.name']).toBe(NAME);
  });

  // Last: retention reaches every referral of this file's database.
  it('retention still erases the notes of a reduced referral when its period is over, and then shows its own mark', () => {
    const { id } = refer(ADULT);
    transitionReferral({
      actor: s.pagAsa.actor,
      referralId: id,
      to: 'acknowledged',
      expectedVersion: 1,
      note: 'rendez-vous avec Ionela',
    });
    transitionReferral({
      actor: s.inspector.actor,
      referralId: id,
      to: 'withdrawn',
      reason: 'sent_by_mistake',
      expectedVersion: 2,
      now: later(20),
    });
    expect(
      getDb()
        .select()
        .from(referralEvents)
        .where(eq(referralEvents.referralId, id))
        .all()
        .some((e) => e.note !== null),
    ).toBe(true);

    runRetention({ now: new Date(NOW.getTime() + 400 * 24 * 60 * 60_000), closedAfterDays: 365 });

    expect(
      getDb()
        .select()
        .from(referralEvents)
        .where(eq(referralEvents.referralId, id))
        .all()
        .every((e) => e.note === null),
    ).toBe(true);
    const seen = getReferral({ actor: s.pagAsa.actor, id });
    expect(seen.reducedAt).not.toBeNull();
    expectNoIdentity(seen, id);
  });
});
