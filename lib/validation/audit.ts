import { z } from 'zod';
import { AUDIT_CATEGORIES, type AuditCategory } from '../audit/actions';
import { isValidIsoDate } from '../checklist/derived';

const empty = (v: unknown) => (v === '' || v === null ? undefined : v);
const day = z.preprocess(
  empty,
  z.string({ error: 'errors.invalidDate' }).refine(isValidIsoDate, 'errors.invalidDate').optional(),
);

/** The audit log's filters, from the query string; each error names its parameter. */
export const auditFiltersSchema = z
  .object({
    category: z.preprocess(
      empty,
      z.enum(AUDIT_CATEGORIES as [AuditCategory, ...AuditCategory[]], { message: 'errors.invalidOption' }).optional(),
    ),
    outcome: z.preprocess(empty, z.enum(['ok', 'refused', 'failed'], { message: 'errors.invalidOption' }).optional()),
    user: z.preprocess(
      empty,
      z
        .string({ error: 'errors.wrongType' })
        .max(100, 'errors.tooLong')
        .regex(/^[^\u0000-\u001F\u007F]*$/, 'errors.controlCharacters')
        .optional(),
    ),
    target: z.preprocess(
      empty,
      z
        .string({ error: 'errors.invalidId' })
        .max(100, 'errors.tooLong')
        .regex(/^[\w.:-]+$/, 'errors.invalidId')
        .optional(),
    ),
    from: day,
    to: day,
    before: z.preprocess(
      empty,
      z.coerce
        .number({ message: 'errors.wholeNumber' })
        .int('errors.wholeNumber')
        .positive('errors.wholeNumber')
        .optional(),
    ),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'errors.dateRange' });

export type AuditFiltersInput = z.infer<typeof auditFiltersSchema>;
