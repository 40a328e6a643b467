import { z } from 'zod';
import { hasNoInvisibleCharacters, textCharacterError } from './text-characters';

/**
 * Building blocks shared by every input schema. Messages are keys of the message catalogues
 * (`errors.*`), translated where they are shown, so the browser and the server say the same.
 */

// The character rules (control and invisible characters) live without zod in ./text-characters.
export {
  CONTROL,
  INVISIBLE,
  hasNoControlCharacters,
  hasNoInvisibleCharacters,
  textCharacterError,
} from './text-characters';

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
