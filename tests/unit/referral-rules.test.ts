import { describe, expect, it } from 'vitest';
import { caseLabel, caseNumber, glimpseFromPacket, initialsOf } from '@/lib/referrals/case-label';
import { parseReferralListQuery } from '@/lib/referrals/list-query';
import { eligibleCentres, referralEligibility, suggestedCentre } from '@/lib/referrals/routing';
import {
  allowedTransitions,
  checkTransition,
  isOpen,
  needsActionBy,
  needsConfirmation,
  isOverdue,
  REFERRAL_STATUSES,
  TRANSITIONS,
  type ReferralStatus,
  type Side,
} from '@/lib/referrals/state-machine';

/** The life cycle of docs/domain/referrals.md, written out by hand: from → to → who. */
const EXPECTED: [ReferralStatus, ReferralStatus, Side[]][] = [
  ['sent', 'acknowledged', ['centre']],
  ['sent', 'no_capacity', ['centre']],
  ['sent', 'refused_by_person', ['centre', 'referrer']],
  ['sent', 'withdrawn', ['referrer']],
  ['sent', 'redirected', ['referrer', 'centre']],
  ['acknowledged', 'accepted', ['centre']],
  ['acknowledged', 'not_a_victim', ['centre']],
  ['acknowledged', 'refused_by_person', ['centre', 'referrer']],
  ['acknowledged', 'lost_contact', ['centre']],
  ['acknowledged', 'no_capacity', ['centre']],
  ['acknowledged', 'withdrawn', ['referrer']],
  ['no_capacity', 'redirected', ['referrer', 'centre']],
  ['accepted', 'closed', ['centre']],
];
const REASON: Partial<Record<ReferralStatus, string>> = {
  no_capacity: 'shelter_full',
  refused_by_person: 'fear',
  not_a_victim: 'no_indicators',
  closed: 'autonomy',
  withdrawn: 'sent_by_mistake',
  redirected: 'no_place',
};

describe('referral state machine', () => {
  it('allows exactly the transitions of the specification, each to the right side', () => {
    for (const from of REFERRAL_STATUSES) {
      for (const to of REFERRAL_STATUSES) {
        for (const side of ['referrer', 'centre'] as Side[]) {
          const expected = EXPECTED.some(([f, t, by]) => f === from && t === to && by.includes(side));
          const result = checkTransition(from, to, side, REASON[to] ?? null);
          expect(result.ok, `${from} → ${to} by ${side}`).toBe(expected);
        }
      }
    }
    expect(TRANSITIONS).toHaveLength(EXPECTED.length);
  });

  it('says why a transition is refused', () => {
    expect(checkTransition('sent', 'accepted', 'centre')).toEqual({ ok: false, error: 'forbidden_transition' });
    expect(checkTransition('sent', 'acknowledged', 'referrer')).toEqual({ ok: false, error: 'not_your_side' });
    expect(checkTransition('accepted', 'closed', 'centre')).toEqual({ ok: false, error: 'reason_required' });
    expect(checkTransition('accepted', 'closed', 'centre', 'fear')).toEqual({ ok: false, error: 'invalid_reason' });
    expect(checkTransition('sent', 'acknowledged', 'centre', 'autonomy')).toEqual({
      ok: false,
      error: 'invalid_reason',
    });
  });

  it('ends nothing but the final statuses, and offers each side its own actions', () => {
    expect(REFERRAL_STATUSES.filter(isOpen)).toEqual(['sent', 'acknowledged', 'accepted', 'no_capacity']);
    expect(
      allowedTransitions('sent', 'referrer')
        .map((t) => t.to)
        .sort(),
    ).toEqual(['redirected', 'refused_by_person', 'withdrawn']);
    expect(allowedTransitions('closed', 'centre')).toEqual([]);
  });

  it('flags a referral still sent after 24 hours, or 2 hours for a minor', () => {
    const sent = '2026-05-01T08:00:00.000Z';
    const at = (h: number) => new Date(Date.parse(sent) + h * 3_600_000 - 1);
    expect(isOverdue('sent', sent, false, at(24))).toBe(false);
    expect(isOverdue('sent', sent, false, new Date(Date.parse(sent) + 24 * 3_600_000))).toBe(true);
    expect(isOverdue('sent', sent, true, at(2))).toBe(false);
    expect(isOverdue('sent', sent, true, new Date(Date.parse(sent) + 2 * 3_600_000))).toBe(true);
    expect(isOverdue('acknowledged', sent, true, at(100))).toBe(false);
  });
});

describe('routing', () => {
  it('suggests the centre of the region for adults', () => {
    expect(suggestedCentre('bru', false)).toBe('pag-asa');
    for (const r of ['ant', 'lim', 'ovl', 'wvl', 'vbr']) expect(suggestedCentre(r, false)).toBe('payoke');
    for (const r of ['lie', 'hai', 'nam_lux', 'bwa']) expect(suggestedCentre(r, false)).toBe('surya');
  });

  it('sends every minor to Esperanto, and only minors', () => {
    for (const r of ['bru', 'ant', 'lie']) expect(suggestedCentre(r, true)).toBe('esperanto');
    expect(eligibleCentres(true)).toEqual(['esperanto']);
    expect(eligibleCentres(false)).not.toContain('esperanto');
  });

  it('refers on consent for adults, always for minors, never twice at once', () => {
    const done = { status: 'completed' };
    expect(referralEligibility({ ...done, wish: 'accepts_referral', minor: false }, false)).toEqual({
      ok: true,
      minor: false,
    });
    expect(referralEligibility({ ...done, wish: 'refuses', minor: false }, false)).toEqual({
      ok: false,
      reason: 'refused',
    });
    expect(referralEligibility({ ...done, wish: 'refuses', minor: true }, false)).toEqual({ ok: true, minor: true });
    expect(referralEligibility({ ...done, wish: 'already_in_care', minor: false }, false)).toEqual({
      ok: false,
      reason: 'already_in_care',
    });
    expect(referralEligibility({ ...done, wish: 'accepts_referral', minor: false }, true)).toEqual({
      ok: false,
      reason: 'open_referral_exists',
    });
    expect(referralEligibility({ status: 'draft', wish: 'accepts_referral', minor: false }, false)).toEqual({
      ok: false,
      reason: 'not_completed',
    });
  });

  it('requires a reason to withdraw, to redirect, for "not a victim" and for the person\'s refusal', () => {
    for (const [from, to, side] of [
      ['sent', 'withdrawn', 'referrer'],
      ['acknowledged', 'withdrawn', 'referrer'],
      ['sent', 'redirected', 'referrer'],
      ['no_capacity', 'redirected', 'centre'],
      ['acknowledged', 'not_a_victim', 'centre'],
      ['acknowledged', 'refused_by_person', 'referrer'],
    ] as [ReferralStatus, ReferralStatus, Side][]) {
      expect(checkTransition(from, to, side, null), `${from} → ${to}`).toEqual({
        ok: false,
        error: 'reason_required',
      });
    }
    expect(checkTransition('sent', 'withdrawn', 'referrer', 'sent_by_mistake')).toEqual({ ok: true });
    expect(checkTransition('sent', 'withdrawn', 'referrer', 'no_longer_needed')).toEqual({ ok: true });
    expect(checkTransition('sent', 'withdrawn', 'referrer', 'fear')).toEqual({ ok: false, error: 'invalid_reason' });
  });

  it("keeps a minor's referral off the dead ends: no refusal by the person, redirect only to another minors' centre", () => {
    const minorAtEsperanto = { minor: true, centre: 'esperanto' };
    // Esperanto is the only centre for minors: redirecting is not offered at all, rather than an empty list.
    expect(allowedTransitions('sent', 'referrer', minorAtEsperanto).map((t) => t.to)).toEqual(['withdrawn']);
    expect(allowedTransitions('acknowledged', 'centre', minorAtEsperanto).map((t) => t.to)).not.toContain(
      'refused_by_person',
    );
    expect(checkTransition('sent', 'refused_by_person', 'referrer', 'fear', minorAtEsperanto)).toEqual({
      ok: false,
      error: 'not_for_minor',
    });
    expect(checkTransition('no_capacity', 'redirected', 'centre', 'no_place', minorAtEsperanto)).toEqual({
      ok: false,
      error: 'not_for_minor',
    });
    // A minor's request registered at an adults' centre may go on to Esperanto.
    expect(checkTransition('sent', 'redirected', 'centre', 'no_place', { minor: true, centre: 'pag-asa' })).toEqual({
      ok: true,
    });
    // Adults keep every action.
    expect(
      allowedTransitions('sent', 'referrer', { minor: false, centre: 'surya' })
        .map((t) => t.to)
        .sort(),
    ).toEqual(['redirected', 'refused_by_person', 'withdrawn']);
  });

  it('says which side a referral waits for, and which actions ask for confirmation', () => {
    expect(needsActionBy('sent', 'centre')).toBe(true);
    expect(needsActionBy('acknowledged', 'centre')).toBe(true);
    expect(needsActionBy('accepted', 'centre')).toBe(false);
    expect(needsActionBy('no_capacity', 'referrer')).toBe(true);
    expect(needsActionBy('sent', 'referrer')).toBe(false);
    expect(needsActionBy('sent', null)).toBe(false);
    // Taking a referral up and accepting it are one click; every other action asks first.
    expect(REFERRAL_STATUSES.filter((status) => !needsConfirmation(status))).toEqual(['acknowledged', 'accepted']);
  });
});

describe('case label', () => {
  it("is the check-list's reference, else a short number that a redirect does not change", () => {
    expect(caseLabel({ referralId: 'r1', reference: '  PV-2026-12 ' })).toBe('PV-2026-12');
    const checklistId = '3f2a9c1e-0000-4000-8000-000000000000';
    expect(caseLabel({ referralId: 'aaaaaaaa-1', reference: null, checklistId })).toBe('R-3F2A9C1E');
    expect(caseLabel({ referralId: 'bbbbbbbb-2', reference: '', checklistId })).toBe('R-3F2A9C1E');
    expect(caseLabel({ referralId: '0d9e8f7a-1111-4000-8000-000000000000', reference: null })).toBe(
      caseNumber('0d9e8f7a'),
    );
  });

  it('shows initials, sex and age of the person, never the name', () => {
    expect(initialsOf('maria del Carmen López')).toBe('M. D. C. L.');
    expect(initialsOf('  ')).toBeNull();
    const glimpse = glimpseFromPacket(JSON.stringify({ person: { name: 'Ana Popescu', sex: 'f', age: 24 } }), {
      sex: null,
      age: null,
      minor: false,
    });
    expect(glimpse).toEqual({ initials: 'A. P.', sex: 'f', age: 24, minor: false });
    expect(JSON.stringify(glimpse)).not.toContain('Ana');
    // A minimised packet: no name left, the referral's own columns still give sex and age.
    expect(glimpseFromPacket('{"person":{"name":null}}', { sex: 'm', age: 16, minor: true })).toEqual({
      initials: null,
      sex: 'm',
      age: 16,
      minor: true,
    });
  });

  it("reads the lists' filter and order from the address, with safe defaults", () => {
    expect(parseReferralListQuery({})).toEqual({ state: 'all', sort: 'action' });
    expect(parseReferralListQuery({ state: 'open', sort: 'oldest' })).toEqual({ state: 'open', sort: 'oldest' });
    expect(parseReferralListQuery({ state: 'drop table', sort: '1' })).toEqual({ state: 'all', sort: 'action' });
  });
});
