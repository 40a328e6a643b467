import type { NextRequest } from 'next/server';
import { apiActor, apiError, errorResponse, json, readJsonObject } from '@/lib/http/api-responses';
import { parseBody } from '@/lib/http/parse-body';
import { registerCentreRequest } from '@/lib/server/referrals/register-centre-request';
import { centreRequestSchema } from '@/lib/validation/referrals';

/** POST /api/v1/centre-requests — a centre registers a request from another channel. */
export async function POST(request: NextRequest) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  const parsed = parseBody(centreRequestSchema, { ...body, idempotencyKey: request.headers.get('idempotency-key') ?? body.idempotencyKey });
  if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
  try {
    const result = registerCentreRequest({ actor, input: parsed.data });
    return json(result, result.created ? 201 : 200);
  } catch (e) {
    return apiError(e);
  }
}
