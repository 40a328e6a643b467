import { json } from '@/lib/http/api-responses';
import { apiRoute, withIdempotencyKey } from '@/lib/http/route-handler';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { findReferrals } from '@/lib/server/referrals/find-referrals';
import { createReferralSchema } from '@/lib/validation/referrals';

/** GET /api/v1/referrals — a centre's inbox, or the referring organisation's referrals (minors for the guardianship service). */
export const GET = apiRoute({
  run: ({ actor }) => ({ referrals: findReferrals({ actor }) }),
});

/** POST /api/v1/referrals — refers the person of a completed check-list (Idempotency-Key header or body), sent now or at `sentAt`. */
export const POST = apiRoute({
  body: withIdempotencyKey(createReferralSchema),
  run: ({ actor, body }) => {
    const result = createReferral({ actor, input: body });
    return json(result, result.created ? 201 : 200);
  },
});
