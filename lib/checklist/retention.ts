import type { Answers } from './answers';
import { itemByCode, type Catalogue } from './catalogue';

/**
 * Retention of drafts (docs/domain/access.md): a draft untouched for 30 days is deleted; its author is
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

/** Closed cases are kept this long after they end, then reduced (docs/domain/access.md); RELAIS_RETENTION_CLOSED_DAYS overrides. */
export const CLOSED_CASE_RETENTION_DAYS = 730;

/**
 * The answers of a check-list reduced to what the statistics need: no free text (names,
 * contacts, references, notes, employer), no date (birth, control — the age and the year are
 * kept in their own columns); choices, yes/no answers and numbers stay.
 */
export function reduceAnswers(answers: Answers, catalogue: Catalogue): Answers {
  const items = itemByCode(catalogue);
  const out: Answers = {};
  for (const [code, value] of Object.entries(answers)) {
    const item = items.get(code);
    if (!item || item.type.kind === 'text' || item.type.kind === 'date') continue;
    out[code] = value;
  }
  return out;
}
