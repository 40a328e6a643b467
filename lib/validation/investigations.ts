import { z } from 'zod';
import { REGIONS, SECTORS } from '../checklist/catalogue';
import { id, optionalText, requiredText } from './common';

export const investigationSchema = z.object({
  reference: requiredText(60),
  employer: optionalText(200).transform((v) => v ?? undefined),
  // The union's own error (not its members'): zod would otherwise say "Invalid input", not a message key.
  sector: z
    .union([z.enum(SECTORS), z.literal('').transform(() => undefined)], { error: 'errors.invalidOption' })
    .optional(),
  region: z
    .union([z.enum(REGIONS), z.literal('').transform(() => undefined)], { error: 'errors.invalidOption' })
    .optional(),
});
/** The parsed input (optional fields may be absent). */
export interface InvestigationInput {
  reference: string;
  employer?: string;
  sector?: (typeof SECTORS)[number];
  region?: (typeof REGIONS)[number];
}

/** The most persons one record may say were met: far above any control, low enough to catch a typo of digits. */
export const PERSONS_MET_MAX = 100_000;

/** A count of presumed victims met (decision 0020): a whole number from 0. */
export const personsMetCount = z
  .number({ error: 'errors.wholeNumber' })
  .int({ error: 'errors.wholeNumber' })
  .min(0, { error: 'errors.outOfRange' })
  .max(PERSONS_MET_MAX, { error: 'errors.outOfRange' });

/** The message key of a count that is not a whole number from 0 to the maximum, or null. */
export function personsMetError(n: unknown): string | null {
  if (typeof n !== 'number' || !Number.isInteger(n)) return 'errors.wholeNumber';
  if (n < 0 || n > PERSONS_MET_MAX) return 'errors.outOfRange';
  return null;
}

/** An investigation's count; an empty field (null) removes it. */
export const investigationPersonsMetSchema = z.object({
  investigationId: id,
  personsMet: personsMetCount.nullable(),
});

/** The organisation's yearly figure; the year is checked against today by the verb. */
export const yearlyPersonsMetSchema = z.object({
  year: z.number({ error: 'errors.invalidYear' }).int({ error: 'errors.invalidYear' }),
  count: personsMetCount,
});
export type YearlyPersonsMetInput = z.output<typeof yearlyPersonsMetSchema>;
