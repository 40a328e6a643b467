import { z } from 'zod';

/**
 * Building blocks shared by every input schema. Messages are keys of the message catalogues
 * (`errors.*`), translated where they are shown, so the browser and the server say the same.
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

/** For a zod string: one issue naming the character rule a text breaks, if any. */
export function checkTextCharacters(s: string, ctx: z.RefinementCtx) {
  const error = textCharacterError(s);
  if (error) ctx.addIssue({ code: 'custom', message: error });
}

export const requiredText = (max: number) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, { error: 'errors.required' })
    .max(max, { error: 'errors.tooLong' })
    .superRefine(checkTextCharacters);

/** An optional typed text: absent, null or blank all read as null. */
export const optionalText = (max: number) =>
  z
    .string({ error: 'errors.wrongType' })
    .trim()
    .max(max, { error: 'errors.tooLong' })
    .superRefine(checkTextCharacters)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

export const email = z
  .string({ error: 'errors.required' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'errors.required' })
  .max(254, { error: 'errors.tooLong' })
  // Said before the address check, which would refuse it as a malformed address.
  .refine(hasNoInvisibleCharacters, { error: 'errors.invisibleCharacters' })
  .pipe(z.email({ error: 'errors.email' }));

/** The shape of every record id (UUID): anything else cannot exist and is answered as such. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const id = z.string({ error: 'errors.required' }).regex(UUID, { error: 'errors.invalidId' });

/** A client's key for one submission: a retry with the same key gets the same record. */
export const IDEMPOTENCY_KEY = /^[\w-]{8,100}$/;
export const idempotencyKey = z
  .string({ error: 'errors.idempotencyKey' })
  .regex(IDEMPOTENCY_KEY, { error: 'errors.idempotencyKey' });
