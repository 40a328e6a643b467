import type { Region } from '../checklist/catalogue';

/**
 * Routing (docs/domain/referrals.md): minors go to Esperanto, whatever the wish, and the Service des
 * Tutelles is notified in the same step; adults go to PAG-ASA, Payoke or Sürya, the region only
 * suggesting one — another eligible centre may be chosen, with a reason.
 */
export const CENTRE_CODES = ['pag-asa', 'payoke', 'surya', 'esperanto'] as const;
export type CentreCode = (typeof CENTRE_CODES)[number];
export const ADULT_CENTRES: readonly CentreCode[] = ['pag-asa', 'payoke', 'surya'];
export const MINORS_CENTRE: CentreCode = 'esperanto';
export const GUARDIANSHIP_ORGANISATION_CODE = 'tutelles';

const SUGGESTED_BY_REGION: Record<Region, CentreCode> = {
  bru: 'pag-asa',
  ant: 'payoke',
  lim: 'payoke',
  ovl: 'payoke',
  wvl: 'payoke',
  vbr: 'payoke',
  lie: 'surya',
  hai: 'surya',
  nam_lux: 'surya',
  bwa: 'surya',
};

export function suggestedCentre(region: string | null, minor: boolean): CentreCode {
  if (minor) return MINORS_CENTRE;
  return SUGGESTED_BY_REGION[region as Region] ?? 'pag-asa';
}

export function eligibleCentres(minor: boolean): readonly CentreCode[] {
  return minor ? [MINORS_CENTRE] : ADULT_CENTRES;
}

export const CHOICE_REASONS = ['safety', 'language', 'no_place', 'person_wish', 'other'] as const;

export type ReferralEligibility =
  | { ok: true; minor: boolean }
  | { ok: false; reason: 'not_completed' | 'refused' | 'already_in_care' | 'could_not_ask' | 'open_referral_exists' };

/**
 * A referral starts from a completed check-list whose wish is `accepts_referral`, or from any
 * completed check-list of a minor (child protection does not wait for consent).
 */
export function referralEligibility(
  facts: { status: string; wish: string | null; minor: boolean | null },
  hasOpenReferral: boolean,
): ReferralEligibility {
  if (facts.status !== 'completed') return { ok: false, reason: 'not_completed' };
  if (hasOpenReferral) return { ok: false, reason: 'open_referral_exists' };
  if (facts.minor) return { ok: true, minor: true };
  if (facts.wish === 'accepts_referral') return { ok: true, minor: false };
  if (facts.wish === 'refuses') return { ok: false, reason: 'refused' };
  if (facts.wish === 'already_in_care') return { ok: false, reason: 'already_in_care' };
  return { ok: false, reason: 'could_not_ask' };
}
