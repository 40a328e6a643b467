/**
 * The character rules of typed text, without zod: the check-list form runs them in the browser
 * (lib/checklist/validation.ts), and zod would weigh some 30 kB more on its page. Re-exported by
 * lib/validation/common.ts, where the schemas use them.
 */

// C0/C1 control characters other than tab/newline have no business in a typed text.
// Also a lone UTF-16 surrogate: not a character, it would be stored as replacement characters.
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Surrogate}/u;

// Characters that show nothing but change what a reader sees: the bidirectional embeddings,
// overrides and isolates (U+202E writes "exe.txt" as "txt.exe"), the direction marks, the
// zero-width space and joiners, the word joiner and the invisible operators, the byte-order
// mark, and the line and paragraph separators (a line break that most screens do not show as
// one). In a name, a reference or a note they can make an administrator read something else
// than what is stored, so no typed text may carry them.
export const INVISIBLE = /[\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/;

/** Whether a typed text is free of invisible formatting characters. */
export const hasNoInvisibleCharacters = (s: string) => !INVISIBLE.test(s);

/**
 * Whether a typed text is free of control characters (tab and new lines allowed), the
 * invisible formatting ones included. Schemas that say which of the two it is use
 * textCharacterError.
 */
export const hasNoControlCharacters = (s: string) => !CONTROL.test(s) && !INVISIBLE.test(s);

/** The message key for a typed text with a character it may not hold, or null. */
export function textCharacterError(s: string): 'errors.controlCharacters' | 'errors.invisibleCharacters' | null {
  if (CONTROL.test(s)) return 'errors.controlCharacters';
  if (INVISIBLE.test(s)) return 'errors.invisibleCharacters';
  return null;
}
