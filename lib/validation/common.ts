import { z } from 'zod';

/**
 * Building blocks shared by every input schema. Messages are keys of the message catalogues
 * (`errors.*`), translated where they are shown, so the browser and the server say the same.
 */

// C0/C1 control characters other than tab/newline have no business in a typed text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const requiredText = (max: number) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, { error: 'errors.required' })
    .max(max, { error: 'errors.tooLong' })
    .refine((s) => !CONTROL.test(s), { error: 'errors.controlCharacters' });

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
