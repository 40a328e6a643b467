import { z } from 'zod';
import { FORMS, REGIONS } from '../checklist/catalogue';
import { fieldErrorsOf } from '../form-state';
import { id, idempotencyKey } from './common';

/**
 * Answers keyed by item code, passed on as received (the verb checks each against the
 * catalogue): a rebuilt record would drop a key named `__proto__` instead of refusing it.
 */
const answersObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  { error: 'errors.jsonObjectExpected' },
);

/** "New check-list": the form's idempotency key makes a double click open the same draft. */
export const newChecklistSchema = z.object({ idempotencyKey, investigationId: id.nullable() });

export const checklistIdSchema = z.object({ checklistId: id });

/** POST /api/v1/checklists. Unknown fields are refused by name (see the route). */
export const createChecklistBodySchema = z.strictObject(
  {
    idempotencyKey,
    answers: answersObject.default({}),
    investigationId: id.nullable().default(null),
    complete: z.boolean({ error: 'errors.wrongType' }).default(false),
  },
  { error: 'errors.unknownField' },
);

/** POST /api/v1/checklists/submissions (decision 0033): a check-list made in the browser, its key in the header. */
export const submitChecklistBodySchema = z.object({
  idempotencyKey,
  clientId: id,
  answers: answersObject,
  investigationId: id.nullable().default(null),
});

/** POST /api/v1/checklists/{id}/complete: the reason is required for a correction (the verb says so). */
export const completeChecklistBodySchema = z.object({
  reason: z.string({ error: 'errors.tooLong' }).max(500, { error: 'errors.tooLong' }).nullable().default(null),
});

/** PATCH /api/v1/checklists/{id}: the answers to change (null clears one); each is checked by the verb against the catalogue. */
export const checklistPatchBodySchema = z.object({
  answers: answersObject,
});

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Orders of the check-list list: the latest change first (the default), drafts and corrections first, by date of the control, by reference. */
export const CHECKLIST_SORTS = ['updated', 'open_first', 'control_date', 'reference'] as const;

/** The check-list list's filters (the page's query string and the API's); each bad one is named. */
export const checklistFiltersSchema = z.object({
  status: optional(z.enum(['draft', 'completed'], { error: 'errors.invalidOption' })),
  year: optional(
    z
      .string()
      .regex(/^\d{4}$/, { error: 'errors.invalidYear' })
      .transform(Number),
  ),
  region: optional(z.enum(REGIONS, { error: 'errors.invalidOption' })),
  form: optional(z.enum(FORMS, { error: 'errors.invalidOption' })),
  q: optional(z.string().max(60, { error: 'errors.tooLong' })),
  sort: optional(z.enum(CHECKLIST_SORTS, { error: 'errors.invalidOption' })),
});
export type ChecklistFiltersInput = z.output<typeof checklistFiltersSchema>;

/** For the page, which shows what it can: the filters that are valid, the others left out. */
export function validChecklistFilters(query: Record<string, string>): ChecklistFiltersInput {
  const parsed = checklistFiltersSchema.safeParse(query);
  if (parsed.success) return parsed.data;
  const bad = new Set(Object.keys(fieldErrorsOf(parsed.error)));
  return checklistFiltersSchema.parse(Object.fromEntries(Object.entries(query).filter(([k]) => !bad.has(k))));
}
