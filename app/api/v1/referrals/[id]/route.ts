import type { NextRequest } from 'next/server';
import { apiActor, apiError, errorResponse, json, UUID } from '@/lib/http/api-responses';
import { getReferral } from '@/lib/server/referrals/get-referral';

/** GET /api/v1/referrals/{id} — the referral with its timeline and the actions the caller may take. */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const { id } = await params;
  if (!UUID.test(id)) return errorResponse(404, 'errors.notFound');
  try {
    return json(getReferral({ actor, id }));
  } catch (e) {
    return apiError(e);
  }
}
