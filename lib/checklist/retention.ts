/**
 * Retention of drafts (spec/access.md): a draft untouched for 30 days is deleted; its author is
 * warned from day 23 (7 days before).
 */
export const DRAFT_RETENTION_DAYS = 30;
export const DRAFT_WARNING_DAYS = 23;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Days left before an untouched draft is deleted, when the warning applies; otherwise null. */
export function draftDeletionWarning(updatedAt: string, now: Date): number | null {
  const idleDays = Math.floor((now.getTime() - Date.parse(updatedAt)) / DAY_MS);
  if (idleDays < DRAFT_WARNING_DAYS) return null;
  return Math.max(DRAFT_RETENTION_DAYS - idleDays, 0);
}
