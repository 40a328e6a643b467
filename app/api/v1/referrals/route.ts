import type { NextRequest } from 'next/server';
import { apiActor, apiError, errorResponse, json, readJsonObject } from '@/lib/http/api-responses';
import { parseBody } from '@/lib/http/parse-body';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { findReferrals } from '@/lib/server/referrals/find-referrals';
import { createReferralSchema } from '@/lib/validation/referrals';

/** GET /api/v1/referrals — a centre's inbox, or the referring organisation's referrals (minors for the guardianship service). */
export async function GET() {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  try {
    return json({ referrals: findReferrals({ actor }) });
  } catch (e) {
    return apiError(e);
  }
}

/** POST /api/v1/referrals — refers the person of a completed check-list (Idempotency-Key header or body). */
export async function POST(request: NextRequest) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  const parsed = parseBody(createReferralSchema, { ...body, idempotencyKey: request.headers.get('idempotency-key') ?? body.idempotencyKey });
  if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
  try {
    const result = createReferral({ actor, input: parsed.data });
    return json(result, result.created ? 201 : 200);
  } catch (e) {
    return apiError(e);
  }
}
