/**
 * The label a case goes by in lists, notifications, e-mails and page titles: the check-list's
 * reference when the referrer gave one, otherwise Relais's own short case number, derived from
 * the referral's id so that every party reads the same label. It names no person.
 */
export function caseLabel({ referralId, reference }: { referralId: string; reference: string | null }): string {
  const given = reference?.trim();
  if (given) return given;
  return `R-${referralId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}
