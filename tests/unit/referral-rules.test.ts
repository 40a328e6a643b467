import { describe, expect, it } from 'vitest';
import { eligibleCentres, referralEligibility, suggestedCentre } from '@/lib/referrals/routing';
import {
  allowedTransitions,
  checkTransition,
  isOpen,
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
});
