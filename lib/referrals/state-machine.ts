import { eligibleCentres, type CentreCode } from './routing';

/**
 * The referral life cycle (docs/domain/referrals.md) — the single source of its rules: statuses,
 * allowed transitions, who may make them, which need a reason. The database column, the zod
 * enums, the UI badges and actions, and the statistics derive from these constants.
 *
 *                  ┌────────────── withdrawn (by referrer)
 *  sent ──► acknowledged ──► accepted ──► closed (reason)
 *    │            ├──► not_a_victim / refused_by_person / lost_contact
 *    │            └──► no_capacity ──► redirected ──► (new referral: sent)
 *    └──► no_capacity / redirected
 */
export const REFERRAL_STATUSES = [
  'sent',
  'acknowledged',
  'accepted',
  'not_a_victim',
  'refused_by_person',
  'lost_contact',
  'no_capacity',
  'redirected',
  'withdrawn',
  'closed',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** The two sides of a referral. */
export type Side = 'referrer' | 'centre';

export const CLOSE_REASONS = ['autonomy', 'voluntary_return', 'transferred', 'other'] as const;
export const REFUSAL_REASONS = ['not_exploited', 'fear', 'wants_to_leave', 'other'] as const;
export const NOT_A_VICTIM_REASONS = ['other_offence', 'no_indicators', 'other'] as const;
export const NO_CAPACITY_REASONS = ['shelter_full', 'profile_not_suited', 'other'] as const;
/** Why the referrer takes a referral back: sent by mistake, or no longer needed. */
export const WITHDRAWAL_REASONS = ['sent_by_mistake', 'no_longer_needed'] as const;
/** Why a referral moves to another centre (the centre the person is redirected to is chosen beside it). */
export const REDIRECT_REASONS = [
  'no_place',
  'profile_not_suited',
  'safety',
  'language',
  'person_wish',
  'other',
] as const;

interface Transition {
  from: ReferralStatus;
  to: ReferralStatus;
  by: readonly Side[];
  /** The reasons allowed (one is required) for this target status. */
  reasons?: readonly string[];
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'sent', to: 'acknowledged', by: ['centre'] },
  { from: 'sent', to: 'no_capacity', by: ['centre'], reasons: NO_CAPACITY_REASONS },
  { from: 'sent', to: 'refused_by_person', by: ['centre', 'referrer'], reasons: REFUSAL_REASONS },
  { from: 'sent', to: 'withdrawn', by: ['referrer'], reasons: WITHDRAWAL_REASONS },
  { from: 'sent', to: 'redirected', by: ['referrer', 'centre'], reasons: REDIRECT_REASONS },
  { from: 'acknowledged', to: 'accepted', by: ['centre'] },
  { from: 'acknowledged', to: 'not_a_victim', by: ['centre'], reasons: NOT_A_VICTIM_REASONS },
  { from: 'acknowledged', to: 'refused_by_person', by: ['centre', 'referrer'], reasons: REFUSAL_REASONS },
  { from: 'acknowledged', to: 'lost_contact', by: ['centre'] },
  { from: 'acknowledged', to: 'no_capacity', by: ['centre'], reasons: NO_CAPACITY_REASONS },
  { from: 'acknowledged', to: 'withdrawn', by: ['referrer'], reasons: WITHDRAWAL_REASONS },
  { from: 'no_capacity', to: 'redirected', by: ['referrer', 'centre'], reasons: REDIRECT_REASONS },
  { from: 'accepted', to: 'closed', by: ['centre'], reasons: CLOSE_REASONS },
];

/** Statuses after which nothing more happens on this referral. */
export const FINAL_STATUSES: readonly ReferralStatus[] = [
  'not_a_victim',
  'refused_by_person',
  'lost_contact',
  'redirected',
  'withdrawn',
  'closed',
];

/** "Open": the referral still involves the centre (at most one open referral per check-list). */
export function isOpen(status: ReferralStatus): boolean {
  return !FINAL_STATUSES.includes(status);
}

export function findTransition(from: ReferralStatus, to: ReferralStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export type TransitionCheck =
  | { ok: true }
  | {
      ok: false;
      error: 'forbidden_transition' | 'not_your_side' | 'reason_required' | 'invalid_reason' | 'not_for_minor';
    };

/**
 * What the referral itself changes in the rules: a minor's referral cannot be "refused by the
 * person" (child protection does not wait for consent, so the minor's refusal ends nothing), and
 * is redirected only to another centre that takes minors — when there is none, redirecting is
 * not offered at all rather than leading to an empty list.
 */
export interface TransitionContext {
  minor: boolean;
  /** The centre the referral is addressed to (a redirect goes elsewhere). */
  centre: CentreCode | string;
}

function forbiddenFor(to: ReferralStatus, context: TransitionContext | undefined): boolean {
  if (!context) return false;
  if (context.minor && to === 'refused_by_person') return true;
  if (to === 'redirected') return !eligibleCentres(context.minor).some((c) => c !== context.centre);
  return false;
}

/** Whether `side` may move a referral from `from` to `to` with this reason (and, given the referral, for this person). */
export function checkTransition(
  from: ReferralStatus,
  to: ReferralStatus,
  side: Side,
  reason?: string | null,
  context?: TransitionContext,
): TransitionCheck {
  const t = findTransition(from, to);
  if (!t) return { ok: false, error: 'forbidden_transition' };
  if (!t.by.includes(side)) return { ok: false, error: 'not_your_side' };
  if (forbiddenFor(to, context)) return { ok: false, error: 'not_for_minor' };
  if (t.reasons) {
    if (!reason) return { ok: false, error: 'reason_required' };
    if (!t.reasons.includes(reason)) return { ok: false, error: 'invalid_reason' };
  } else if (reason) {
    return { ok: false, error: 'invalid_reason' };
  }
  return { ok: true };
}

/** The actions a side may take now (for buttons; the server checks again). */
export function allowedTransitions(from: ReferralStatus, side: Side, context?: TransitionContext): Transition[] {
  return TRANSITIONS.filter((t) => t.from === from && t.by.includes(side) && !forbiddenFor(t.to, context));
}

/**
 * Whether the referral waits for this side to act: a centre for a referral it has not yet taken
 * up or decided on, a referrer for one the centre has no place for (it redirects or withdraws).
 * Lists put these first and mark them.
 */
export function needsActionBy(status: ReferralStatus, side: Side | null): boolean {
  if (side === 'centre') return status === 'sent' || status === 'acknowledged';
  if (side === 'referrer') return status === 'no_capacity';
  return false;
}

/** Actions with consequences the person cannot undo by another click: asked for confirmation first. */
export function needsConfirmation(to: ReferralStatus): boolean {
  return to !== 'acknowledged' && to !== 'accepted';
}

/** Overdue: still `sent` after 24 hours, or 2 hours for a minor (docs/domain/referrals.md). */
export const OVERDUE_MS = { adult: 24 * 60 * 60 * 1000, minor: 2 * 60 * 60 * 1000 } as const;

export function isOverdue(status: ReferralStatus, sentAt: string, minor: boolean, now: Date): boolean {
  return status === 'sent' && now.getTime() - Date.parse(sentAt) >= (minor ? OVERDUE_MS.minor : OVERDUE_MS.adult);
}

export const CASE_TYPES = ['thb', 'smuggling_aggravated', 'honour_violence'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const REQUEST_SOURCES = [
  'app',
  'walk_in',
  'ngo',
  'lawyer',
  'hospital',
  'fedasil',
  'child_focus',
  'outreach',
  'other',
] as const;
