import { apiRoute } from '@/lib/http/route-handler';
import { json } from '@/lib/http/api-responses';
import { fieldErrorsOf } from '@/lib/form-state';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { findChecklists } from '@/lib/server/checklists/find-checklists';
import { checklistFiltersSchema, createChecklistBodySchema } from '@/lib/validation/checklists';

/** GET /api/v1/checklists — the organisation's check-lists (filters: status, year, region, form, q). */
export const GET = apiRoute({
  query: checklistFiltersSchema,
  run: ({ actor, query }) => ({ checklists: findChecklists({ actor, filters: query }) }),
});

/**
 * POST /api/v1/checklists — creates a draft, or a completed check-list with `"complete": true`.
 * Body: { "answers": { itemCode: value }, "investigationId"?, "complete"? }.
 * Header `Idempotency-Key` (or body `idempotencyKey`): a retry returns the same check-list (200 instead of 201).
 */
export const POST = apiRoute({
  body: (body, request) => {
    // Every unknown field is named (a strict schema reports them together); "__proto__" too, as the body is copied without a prototype.
    const input: Record<string, unknown> = Object.assign(Object.create(null), body);
    input.idempotencyKey = request.headers.get('idempotency-key') ?? body.idempotencyKey;
    const parsed = createChecklistBodySchema.safeParse(input);
    const errors: Record<string, string[]> = Object.assign(
      Object.create(null),
      parsed.success ? {} : fieldErrorsOf(parsed.error),
    );
    for (const key of Object.keys(body))
      if (!['answers', 'investigationId', 'complete', 'idempotencyKey'].includes(key))
        errors[key] = ['errors.unknownField'];
    delete errors._form;
    return parsed.success && Object.keys(errors).length === 0 ? { ok: true, data: parsed.data } : { ok: false, errors };
  },
  run: ({ actor, body }) => {
    const result = createChecklist({ actor, ...body });
    return json(result, result.created ? 201 : 200);
  },
});
