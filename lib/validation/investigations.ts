import { z } from 'zod';
import { REGIONS, SECTORS } from '../checklist/catalogue';
import { optionalText, requiredText } from './common';

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
