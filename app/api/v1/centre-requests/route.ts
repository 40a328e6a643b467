import { json } from '@/lib/http/api-responses';
import { apiRoute, withIdempotencyKey } from '@/lib/http/route-handler';
import { registerCentreRequest } from '@/lib/server/referrals/register-centre-request';
import { centreRequestSchema } from '@/lib/validation/referrals';

/** POST /api/v1/centre-requests — a centre registers a request from another channel, with its outcome if already decided. */
export const POST = apiRoute({
  body: withIdempotencyKey(centreRequestSchema),
  run: ({ actor, body }) => {
    const result = registerCentreRequest({ actor, input: body });
    return json(result, result.created ? 201 : 200);
  },
});
