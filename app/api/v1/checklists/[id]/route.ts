import type { NextRequest } from 'next/server';
import { derive } from '@/lib/checklist/derived';
import { apiActor, apiError, errorResponse, json, readJsonObject, UUID } from '@/lib/http/api-responses';
import { getChecklist } from '@/lib/server/checklists/get-checklist';
import { updateChecklistDraft } from '@/lib/server/checklists/update-checklist-draft';

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/checklists/{id} — one check-list with its answers and derived values. */
export async function GET(_request: NextRequest, { params }: Ctx) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const { id } = await params;
  if (!UUID.test(id)) return errorResponse(404, 'errors.notFound');
  try {
    const checklist = getChecklist({ actor, id });
    return json({ ...checklist, derived: derive(checklist.answers) });
  } catch (e) {
    return apiError(e);
  }
}

/** PATCH /api/v1/checklists/{id} — { "answers": { itemCode: value | null } } changes a draft's answers (null clears). */
export async function PATCH(request: NextRequest, { params }: Ctx) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const { id } = await params;
  if (!UUID.test(id)) return errorResponse(404, 'errors.notFound');
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  const patch = body.answers;
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return errorResponse(400, 'errors.validation', { answers: ['errors.jsonObjectExpected'] });
  try {
    return json(updateChecklistDraft({ actor, id, patch: patch as Record<string, unknown> }));
  } catch (e) {
    return apiError(e);
  }
}
