import type { NextRequest } from 'next/server';
import { apiActor, apiError, errorResponse, json, readJsonObject, UUID } from '@/lib/http/api-responses';
import { parseBody } from '@/lib/http/parse-body';
import { updateCentreCapacity } from '@/lib/server/centres/capacity';
import { capacitySchema } from '@/lib/validation/referrals';

/** PUT /api/v1/centres/{id}/capacity — { placesFree, ambulatoryOpen }; a centre's staff, for their own centre only. */
export async function PUT(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const { id } = await params;
  if (!UUID.test(id)) return errorResponse(404, 'errors.notFound');
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  const parsed = parseBody(capacitySchema, body);
  if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
  try {
    updateCentreCapacity({ actor, centreId: id, ...parsed.data });
    return json({ centreId: id, ...parsed.data });
  } catch (e) {
    return apiError(e);
  }
}
