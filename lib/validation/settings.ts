import { z } from 'zod';

export const DISCLOSURE_K_MIN = 2;
export const DISCLOSURE_K_MAX = 100;

/** The small-cell threshold k of published statistics (docs/domain/statistics.md). */
export const disclosureThresholdSchema = z.object({
  k: z
    .string({ message: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .regex(/^\d{1,3}$/, 'errors.wholeNumber')
    .transform(Number)
    .refine((k) => k >= DISCLOSURE_K_MIN && k <= DISCLOSURE_K_MAX, 'errors.outOfRange'),
});
