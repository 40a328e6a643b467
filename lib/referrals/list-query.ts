/** The referral lists' own query: which referrals (open, closed, all) and in which order. */
export const REFERRAL_LIST_STATES = ['open', 'closed', 'all'] as const;
export type ReferralListState = (typeof REFERRAL_LIST_STATES)[number];
/** `action`: those waiting for the reader first, then overdue, then open, then newest. */
export const REFERRAL_LIST_SORTS = ['action', 'newest', 'oldest', 'case', 'status'] as const;
export type ReferralListSort = (typeof REFERRAL_LIST_SORTS)[number];

/** An unknown value falls back to the default (all referrals, those waiting for the reader first). */
export function parseReferralListQuery(p: Record<string, string | undefined>): {
  state: ReferralListState;
  sort: ReferralListSort;
} {
  const state = REFERRAL_LIST_STATES.find((s) => s === p.state) ?? 'all';
  const sort = REFERRAL_LIST_SORTS.find((s) => s === p.sort) ?? 'action';
  return { state, sort };
}
