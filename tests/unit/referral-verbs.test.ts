import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { notifications, referrals } from '@/db/schema';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { findCentreCapacities, updateCentreCapacity } from '@/lib/server/centres/capacity';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { findReferrals } from '@/lib/server/referrals/find-referrals';
import { getReferral } from '@/lib/server/referrals/get-referral';
import { markReferralNotificationsRead } from '@/lib/server/notifications/mark-referral-notifications-read';
import { registerCentreRequest } from '@/lib/server/referrals/register-centre-request';
import { ReferralConflictError, transitionReferral } from '@/lib/server/referrals/transition-referral';
import { makeOrganisation, makeUser } from '../support/factories';

const NOW = new Date('2026-06-15T10:00:00Z');
const ADULT = {
  'ctx.control_date': '2026-03-10',
  'ctx.region': 'lie',
  'ctx.forms': ['economic'],
  'ctx.sector': 'horeca',
  'vic.sex': 'f',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'MA',
  'vic.name': 'A. B.',
  'vic.contact': 'via ONG',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
const MINOR = {
  ...ADULT,
  'vic.birth_date': '2010-01-01',
  'vic.unaccompanied': 'yes',
  'out.wish': 'refuses',
  'out.refusal_reason': 'fear',
};

type Users = Awaited<ReturnType<typeof setting>>;
let s: Users;

async function setting() {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  const tutelles = makeOrganisation('guardianship', 'Service des Tutelles', 'tutelles');
  const onss = makeOrganisation('onss');
  const otherOnss = makeOrganisation('onss');
  return {
    centres,
    inspector: await makeUser({ role: 'referrer', organisation: onss }),
    colleague: await makeUser({ role: 'referrer', organisation: onss }),
    otherInspector: await makeUser({ role: 'referrer', organisation: otherOnss }),
    surya: await makeUser({ role: 'centre_staff', organisation: centres.surya! }),
    surya2: await makeUser({ role: 'centre_staff', organisation: centres.surya! }),
    payoke: await makeUser({ role: 'centre_staff', organisation: centres.payoke! }),
    esperanto: await makeUser({ role: 'centre_staff', organisation: centres.esperanto! }),
    guardian: await makeUser({ role: 'referrer', organisation: tutelles }),
    coordinator: await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') }),
  };
}

beforeAll(async () => {
  s = await setting();
});

function completed(answers: Record<string, unknown>) {
  return createChecklist({ actor: s.inspector.actor, idempotencyKey: randomUUID(), answers, complete: true, now: NOW })
    .id;
}
const refer = (checklistId: string, extra: Record<string, unknown> = {}) =>
  createReferral({
    actor: s.inspector.actor,
    input: { checklistId, caseType: 'thb', idempotencyKey: randomUUID(), ...extra },
    now: NOW,
  });
const unread = (userId: string) =>
  getDb()
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .get()!.n;

describe('referral verbs', () => {
  it('sends an adult to the suggested centre with the minimal packet, notifies it, and keeps the investigation details back', () => {
    const { id, centre } = refer(completed({ ...ADULT, 'ctx.reference': 'PV-SECRET', 'ctx.employer_name': 'SPRL X' }));
    expect(centre).toBe('surya');
    const seen = getReferral({ actor: s.surya.actor, id });
    expect(seen.packet.person).toMatchObject({
      name: 'A. B.',
      sex: 'f',
      age: 35,
      minor: false,
      nationality: 'MA',
      contact: 'via ONG',
    });
    expect(JSON.stringify(seen.packet)).not.toContain('PV-SECRET');
    expect(JSON.stringify(seen.packet)).not.toContain('SPRL X');
    expect(seen.checklistId).toBeNull();
    expect(seen.side).toBe('centre');
    expect(seen.actions.map((a) => a.to)).toContain('acknowledged');
    expect(unread(s.surya2.id)).toBeGreaterThan(0);
  });

  it('requires a reason to choose another centre than the suggested one, and refuses Esperanto for an adult', () => {
    const checklistId = completed(ADULT);
    expect(() => refer(checklistId, { centre: 'payoke' })).toThrow(DomainError);
    expect(() => refer(checklistId, { centre: 'esperanto', choiceReason: 'safety' })).toThrow(DomainError);
    expect(refer(checklistId, { centre: 'payoke', choiceReason: 'safety' }).centre).toBe('payoke');
    expect(() => refer(checklistId)).toThrow(DomainError); // one open referral at a time
  });

  it('sends a minor to Esperanto whatever was asked and despite a refusal, and the guardianship service sees it at once', () => {
    const { id, centre } = refer(completed(MINOR), { centre: 'pag-asa', choiceReason: 'safety' });
    expect(centre).toBe('esperanto');
    expect(unread(s.guardian.id)).toBeGreaterThan(0);
    expect(unread(s.esperanto.id)).toBeGreaterThan(0);
    expect(getReferral({ actor: s.guardian.actor, id }).side).toBeNull();
    expect(unread(s.guardian.id)).toBeGreaterThan(0); // a read by the page's own refresh marks nothing
    markReferralNotificationsRead({ actor: s.guardian.actor, referralId: id });
    expect(unread(s.guardian.id)).toBe(0);
    expect(findReferrals({ actor: s.guardian.actor }).map((r) => r.id)).toContain(id);
    expect(() =>
      transitionReferral({
        actor: s.guardian.actor,
        referralId: id,
        to: 'withdrawn',
        reason: 'sent_by_mistake',
        expectedVersion: 1,
      }),
    ).toThrow(NotFoundError);
  });

  it('sends nothing when the adult refuses', () => {
    const checklistId = completed({ ...ADULT, 'out.wish': 'refuses', 'out.refusal_reason': 'fear' });
    expect(() => refer(checklistId)).toThrow(DomainError);
    expect(getDb().select({ n: count() }).from(referrals).where(eq(referrals.checklistId, checklistId)).get()!.n).toBe(
      0,
    );
  });

  it('runs the life cycle with timeline, and tells the referrer when the centre acts', () => {
    const { id } = refer(completed(ADULT));
    const before = unread(s.inspector.id);
    let v = transitionReferral({
      actor: s.surya.actor,
      referralId: id,
      to: 'acknowledged',
      expectedVersion: 1,
      note: 'Entretien jeudi',
    }).version;
    v = transitionReferral({ actor: s.surya.actor, referralId: id, to: 'accepted', expectedVersion: v }).version;
    expect(unread(s.inspector.id)).toBe(before + 2);
    expect(() =>
      transitionReferral({ actor: s.surya.actor, referralId: id, to: 'closed', expectedVersion: v }),
    ).toThrow(DomainError);
    transitionReferral({ actor: s.surya.actor, referralId: id, to: 'closed', reason: 'autonomy', expectedVersion: v });
    const seen = getReferral({ actor: s.colleague.actor, id });
    expect(seen.timeline.map((e) => e.to)).toEqual(['sent', 'acknowledged', 'accepted', 'closed']);
    expect(seen.timeline[1]!.note).toBe('Entretien jeudi');
    expect(seen.status).toBe('closed');
    const row = getDb().select().from(referrals).where(eq(referrals.id, id)).get()!;
    expect(row.firstActionAt).not.toBeNull();
    expect(row.acceptedAt).not.toBeNull();
  });

  it('gives the second of two people acting at once a conflict with the current state, and overwrites nothing', () => {
    const { id } = refer(completed(ADULT));
    transitionReferral({ actor: s.surya.actor, referralId: id, to: 'acknowledged', expectedVersion: 1 });
    try {
      transitionReferral({
        actor: s.surya2.actor,
        referralId: id,
        to: 'no_capacity',
        reason: 'shelter_full',
        expectedVersion: 1,
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ReferralConflictError);
      expect((e as ReferralConflictError).current).toEqual({ status: 'acknowledged', version: 2 });
    }
    expect(getDb().select().from(referrals).where(eq(referrals.id, id)).get()!.status).toBe('acknowledged');
  });

  it('redirects after no capacity: the chain is kept, the first centre keeps its history and sees nothing new', () => {
    const { id } = refer(completed(ADULT));
    transitionReferral({
      actor: s.surya.actor,
      referralId: id,
      to: 'no_capacity',
      reason: 'shelter_full',
      expectedVersion: 1,
    });
    const { newReferralId } = transitionReferral({
      actor: s.inspector.actor,
      referralId: id,
      to: 'redirected',
      reason: 'no_place',
      redirectTo: 'payoke',
      expectedVersion: 2,
    });
    expect(newReferralId).not.toBeNull();
    transitionReferral({ actor: s.payoke.actor, referralId: newReferralId!, to: 'acknowledged', expectedVersion: 1 });
    transitionReferral({ actor: s.payoke.actor, referralId: newReferralId!, to: 'accepted', expectedVersion: 2 });
    const chainForReferrer = getReferral({ actor: s.inspector.actor, id: newReferralId! });
    expect(chainForReferrer.previous).toMatchObject({ id, status: 'redirected' });
    const firstCentre = getReferral({ actor: s.surya.actor, id });
    expect(firstCentre.status).toBe('redirected');
    expect(firstCentre.next).toBeNull();
    expect(() => getReferral({ actor: s.surya.actor, id: newReferralId! })).toThrow(NotFoundError);
    expect(findReferrals({ actor: s.surya.actor }).map((r) => r.id)).not.toContain(newReferralId);
  });

  it('answers "not found" to another centre, another police zone and a coordinator, and changes nothing', () => {
    const { id } = refer(completed(ADULT));
    const before = getDb().select().from(referrals).where(eq(referrals.id, id)).get();
    for (const actor of [s.payoke.actor, s.otherInspector.actor, s.coordinator.actor]) {
      expect(() => getReferral({ actor, id })).toThrow(NotFoundError);
      expect(() => transitionReferral({ actor, referralId: id, to: 'acknowledged', expectedVersion: 1 })).toThrow(
        NotFoundError,
      );
    }
    expect(getDb().select().from(referrals).where(eq(referrals.id, id)).get()).toEqual(before);
  });

  it('lets a referrer withdraw but not act for the centre', () => {
    const { id } = refer(completed(ADULT));
    expect(() =>
      transitionReferral({ actor: s.inspector.actor, referralId: id, to: 'acknowledged', expectedVersion: 1 }),
    ).toThrow(DomainError);
    expect(
      transitionReferral({
        actor: s.colleague.actor,
        referralId: id,
        to: 'withdrawn',
        reason: 'sent_by_mistake',
        expectedVersion: 1,
      }).status,
    ).toBe('withdrawn');
  });

  it('refuses a withdrawal, a redirect, "not a victim" or a refusal without its reason, naming the field and writing nothing', () => {
    const { id } = refer(completed(ADULT));
    const fieldOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).fieldErrors;
      }
      throw new Error('accepted without a reason');
    };
    expect(
      fieldOf(() =>
        transitionReferral({ actor: s.inspector.actor, referralId: id, to: 'withdrawn', expectedVersion: 1 }),
      ),
    ).toEqual({ reason: ['errors.referral.reason_required'] });
    expect(
      fieldOf(() =>
        transitionReferral({
          actor: s.inspector.actor,
          referralId: id,
          to: 'redirected',
          redirectTo: 'payoke',
          expectedVersion: 1,
        }),
      ),
    ).toEqual({ reason: ['errors.referral.reason_required'] });
    transitionReferral({ actor: s.surya.actor, referralId: id, to: 'acknowledged', expectedVersion: 1 });
    expect(
      fieldOf(() =>
        transitionReferral({ actor: s.surya.actor, referralId: id, to: 'not_a_victim', expectedVersion: 2 }),
      ),
    ).toEqual({ reason: ['errors.referral.reason_required'] });
    expect(getReferral({ actor: s.inspector.actor, id })).toMatchObject({ status: 'acknowledged', version: 2 });
  });

  it("keeps a minor off the dead ends: no refusal by the person, no redirect with no other minors' centre, withdrawal with a reason told to the Tutelles", () => {
    const { id } = refer(completed(MINOR));
    const offered = (actor: typeof s.inspector.actor) => getReferral({ actor, id }).actions.map((a) => a.to);
    expect(offered(s.inspector.actor)).toEqual(['withdrawn']);
    expect(offered(s.esperanto.actor)).not.toContain('redirected');
    expect(offered(s.esperanto.actor)).not.toContain('refused_by_person');
    expect(() =>
      transitionReferral({
        actor: s.inspector.actor,
        referralId: id,
        to: 'refused_by_person',
        reason: 'fear',
        expectedVersion: 1,
      }),
    ).toThrow(DomainError);
    expect(() =>
      transitionReferral({
        actor: s.esperanto.actor,
        referralId: id,
        to: 'redirected',
        reason: 'no_place',
        redirectTo: 'pag-asa',
        expectedVersion: 1,
      }),
    ).toThrow(DomainError);
    markReferralNotificationsRead({ actor: s.guardian.actor, referralId: id });
    transitionReferral({
      actor: s.inspector.actor,
      referralId: id,
      to: 'withdrawn',
      reason: 'no_longer_needed',
      expectedVersion: 1,
    });
    expect(unread(s.guardian.id)).toBeGreaterThan(0);
    const seen = getReferral({ actor: s.inspector.actor, id });
    expect(seen.guardianshipName).toBe('Service des Tutelles');
    expect(seen.timeline.at(-1)).toMatchObject({ to: 'withdrawn', reason: 'no_longer_needed' });
  });

  it("names each case by the check-list's reference or its short number, puts what waits for the reader first, and filters open and closed", () => {
    const reference = `PV-LIST-${randomUUID().slice(0, 6)}`;
    const { id: named } = refer(completed({ ...ADULT, 'ctx.reference': reference }));
    const { id: numbered } = refer(completed(ADULT));
    transitionReferral({ actor: s.surya.actor, referralId: numbered, to: 'acknowledged', expectedVersion: 1 });
    transitionReferral({
      actor: s.surya.actor,
      referralId: numbered,
      to: 'no_capacity',
      reason: 'shelter_full',
      expectedVersion: 2,
    });
    const mine = findReferrals({ actor: s.inspector.actor, now: NOW });
    const row = (rid: string) => mine.find((r) => r.id === rid)!;
    expect(row(named).label).toBe(reference);
    expect(row(numbered).label).toMatch(/^R-[0-9A-F]{8}$/);
    expect(row(named).person).toEqual({ initials: 'A. B.', sex: 'f', age: 35, minor: false });
    // The referrer must redirect after "no place": that row comes first and is marked.
    expect(row(numbered).needsAction).toBe(true);
    expect(mine[0]!.needsAction).toBe(true);
    expect(mine.findIndex((r) => !r.needsAction)).toBeGreaterThan(mine.findLastIndex((r) => r.needsAction));
    // The centre's inbox: the open case it must act on before any closed one.
    const inbox = findReferrals({ actor: s.surya.actor, now: NOW });
    expect(inbox.findIndex((r) => r.id === named)).toBeLessThan(inbox.findIndex((r) => !r.open));
    expect(findReferrals({ actor: s.surya.actor, state: 'open' }).every((r) => r.open)).toBe(true);
    expect(findReferrals({ actor: s.surya.actor, state: 'closed' }).every((r) => !r.open)).toBe(true);
    expect(findReferrals({ actor: s.surya.actor, state: 'closed' }).map((r) => r.id)).not.toContain(named);
  });

  it('keeps capacity per centre: staff update their own, never another’s', () => {
    updateCentreCapacity({ actor: s.surya.actor, centreId: s.centres.surya!.id, placesFree: 4, ambulatoryOpen: true });
    expect(() =>
      updateCentreCapacity({
        actor: s.surya.actor,
        centreId: s.centres.payoke!.id,
        placesFree: 9,
        ambulatoryOpen: true,
      }),
    ).toThrow(NotFoundError);
    expect(() =>
      updateCentreCapacity({
        actor: s.inspector.actor,
        centreId: s.centres.surya!.id,
        placesFree: 9,
        ambulatoryOpen: true,
      }),
    ).toThrow(NotFoundError);
    const caps = findCentreCapacities({ actor: s.inspector.actor });
    expect(caps.find((c) => c.code === 'surya')).toMatchObject({ placesFree: 4, ambulatoryOpen: true });
    expect(caps.find((c) => c.code === 'payoke')?.placesFree ?? null).not.toBe(9);
  });

  it('registers a request from another channel, seen by that centre only, idempotently', () => {
    const key = randomUUID();
    const input = {
      source: 'walk_in',
      receivedOn: '2026-05-02',
      sex: 'f' as const,
      age: 17,
      nationality: 'NG' as const,
      forms: ['sexual'] as 'sexual'[],
      caseType: 'thb' as const,
      note: null,
      idempotencyKey: key,
    };
    const first = registerCentreRequest({ actor: s.payoke.actor, input });
    expect(registerCentreRequest({ actor: s.payoke.actor, input })).toEqual({ id: first.id, created: false });
    const seen = getReferral({ actor: s.payoke.actor, id: first.id });
    expect(seen).toMatchObject({ status: 'acknowledged', source: 'walk_in', minor: true });
    expect(() => getReferral({ actor: s.surya.actor, id: first.id })).toThrow(NotFoundError);
    expect(() =>
      registerCentreRequest({ actor: s.inspector.actor, input: { ...input, idempotencyKey: randomUUID() } }),
    ).toThrow(NotFoundError);
  });
});
