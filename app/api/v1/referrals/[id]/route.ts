import { z } from 'zod';
import { apiRoute } from '@/lib/http/route-handler';
import { getReferral } from '@/lib/server/referrals/get-referral';
import { id } from '@/lib/validation/common';

/** GET /api/v1/referrals/{id} — the referral with its timeline and the actions the caller may take. */
export const GET = apiRoute({
  params: z.object({ id }),
  run: ({ actor, params: { id } }) => getReferral({ actor, id }),
});
