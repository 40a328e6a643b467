import { z } from 'zod';
import { REGIONS, SECTORS } from '../checklist/catalogue';
import { requiredText } from './common';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'errors.tooLong' })
    .optional()
    .transform((v) => (v ? v : undefined));

export const investigationSchema = z.object({
  reference: requiredText(60),
  employer: optionalText(200),
  sector: z.union([z.enum(SECTORS, { error: 'errors.invalidOption' }), z.literal('').transform(() => undefined)]).optional(),
  region: z.union([z.enum(REGIONS, { error: 'errors.invalidOption' }), z.literal('').transform(() => undefined)]).optional(),
});
/** The parsed input (optional fields may be absent). */
export interface InvestigationInput {
  reference: string;
  employer?: string;
  sector?: (typeof SECTORS)[number];
  region?: (typeof REGIONS)[number];
}
