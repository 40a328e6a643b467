/**
 * A check-list's answers, keyed by item code (docs/domain/checklist.md) — the same shape in the
 * database, the form, the API and the import. Notes kept with an answer use `${code}:note`.
 *   text, date, choice, country → string      multi → string[]
 *   integer, decimal → number                  yesno → 'yes' | 'no'      yesnounknown → 'yes' | 'no' | 'unknown'
 */
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;

export const NOTE_SUFFIX = ':note';
export const NOTE_MAX_LENGTH = 1000;
