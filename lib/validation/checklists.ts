import { z } from 'zod';
import { id, idempotencyKey } from './common';

/** "New check-list": the form's idempotency key makes a double click open the same draft. */
export const newChecklistSchema = z.object({ idempotencyKey, investigationId: id.nullable() });

export const checklistIdSchema = z.object({ checklistId: id });

/** POST /api/v1/checklists. Unknown fields are refused by name (see the route). */
export const createChecklistBodySchema = z.strictObject(
  {
    idempotencyKey,
    answers: z.record(z.string(), z.unknown(), { error: 'errors.jsonObjectExpected' }).default({}),
    investigationId: id.nullable().default(null),
    complete: z.boolean({ error: 'errors.wrongType' }).default(false),
  },
  { error: 'errors.unknownField' },
);

/** POST /api/v1/checklists/{id}/complete: the reason is required for a correction (the verb says so). */
export const completeChecklistBodySchema = z.object({
  reason: z.string({ error: 'errors.tooLong' }).max(500, { error: 'errors.tooLong' }).nullable().default(null),
});

/** PATCH /api/v1/checklists/{id}: the answers to change (null clears one); each is checked by the verb against the catalogue. */
export const checklistPatchBodySchema = z.object({
  answers: z.record(z.string(), z.unknown(), { error: 'errors.jsonObjectExpected' }),
});
