import type { NextRequest } from 'next/server';
import { apiActor, apiError, errorResponse, json, readJsonObject, UUID } from '@/lib/http/api-responses';
import { parseBody } from '@/lib/http/parse-body';
import { ReferralConflictError, transitionReferral } from '@/lib/server/referrals/transition-referral';
import { transitionSchema } from '@/lib/validation/referrals';

/**
 * POST /api/v1/referrals/{id}/transitions — { to, note?, reason?, expectedVersion, redirectTo? }.
 * 409 with the current status and version when someone acted first; 422 when the rules forbid it.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const { id } = await params;
  if (!UUID.test(id)) return errorResponse(404, 'errors.notFound');
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  const parsed = parseBody(transitionSchema, body);
  if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
  try {
    return json(transitionReferral({ actor, referralId: id, ...parsed.data }));
  } catch (e) {
    if (e instanceof ReferralConflictError) {
      const response = await errorResponse(409, e.code);
      const payload = (await response.json()) as Record<string, unknown>;
      return json({ ...payload, current: e.current }, 409);
    }
    return apiError(e);
  }
}
