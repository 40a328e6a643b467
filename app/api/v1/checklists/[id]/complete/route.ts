import type { NextRequest } from 'next/server';
import { apiActor, apiError, errorResponse, json, readJsonObject, UUID } from '@/lib/http/api-responses';
import { completeChecklist } from '@/lib/server/checklists/complete-checklist';

type Ctx = { params: Promise<{ id: string }> };

/** POST /api/v1/checklists/{id}/complete — { "reason"? } (required for a correction). 422 with every error keyed by item code. */
export async function POST(request: NextRequest, { params }: Ctx) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const { id } = await params;
  if (!UUID.test(id)) return errorResponse(404, 'errors.notFound');
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  if (body.reason !== undefined && (typeof body.reason !== 'string' || body.reason.length > 500)) return errorResponse(400, 'errors.validation', { reason: ['errors.tooLong'] });
  try {
    return json(completeChecklist({ actor, id, reason: (body.reason as string | undefined) ?? null }));
  } catch (e) {
    return apiError(e);
  }
}
