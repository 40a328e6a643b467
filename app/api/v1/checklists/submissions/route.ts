import { apiRoute } from '@/lib/http/route-handler';
import { json } from '@/lib/http/api-responses';
import { fieldErrorsOf } from '@/lib/form-state';
import { submitChecklist } from '@/lib/server/checklists/submit-checklist';
import { submitChecklistBodySchema } from '@/lib/validation/checklists';

/**
 * POST /api/v1/checklists/submissions — a check-list filled and completed in the browser, sent
 * once the line is back (decision 0033). Body: { "clientId", "answers", "investigationId"? };
 * header `Idempotency-Key` (or body `idempotencyKey`, as for POST /api/v1/checklists; required). Created and completed in one step: 201 with the
 * check-list's id and case label, and the same answer to every retry with the same key and
 * content; 409 for the same key with other content; 422 (nothing stored) when the rules refuse it.
 */
export const POST = apiRoute({
  body: (body, request) => {
    const input: Record<string, unknown> = Object.assign(Object.create(null), body);
    input.idempotencyKey = request.headers.get('idempotency-key') ?? body.idempotencyKey;
    const parsed = submitChecklistBodySchema.safeParse(input);
    const errors: Record<string, string[]> = Object.assign(
      Object.create(null),
      parsed.success ? {} : fieldErrorsOf(parsed.error),
    );
    for (const key of Object.keys(body))
      if (!['clientId', 'answers', 'investigationId', 'idempotencyKey'].includes(key))
        errors[key] = ['errors.unknownField'];
    delete errors._form;
    return parsed.success && Object.keys(errors).length === 0 ? { ok: true, data: parsed.data } : { ok: false, errors };
  },
  run: ({ actor, body }) => json(submitChecklist({ actor, ...body }), 201),
});
