import { z } from 'zod';

/**
 * Building blocks shared by every input schema. Messages are keys of the message catalogues
 * (`errors.*`), translated where they are shown, so the browser and the server say the same.
 */

// C0/C1 control characters other than tab/newline have no business in a typed text.
// Also a lone UTF-16 surrogate: not a character, it would be stored as replacement characters.
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Surrogate}/u;

/** Whether a typed text is free of control characters (tab and new lines allowed). */
export const hasNoControlCharacters = (s: string) => !CONTROL.test(s);

export const requiredText = (max: number) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, { error: 'errors.required' })
    .max(max, { error: 'errors.tooLong' })
    .refine(hasNoControlCharacters, { error: 'errors.controlCharacters' });

export const email = z
  .string({ error: 'errors.required' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'errors.required' })
  .max(254, { error: 'errors.tooLong' })
  .pipe(z.email({ error: 'errors.email' }));

export const id = z
  .string({ error: 'errors.required' })
  .regex(/^[0-9a-f-]{36}$/i, { error: 'errors.invalidId' });
