import { z } from 'zod';
import { apiRoute } from '@/lib/http/route-handler';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { id } from '@/lib/validation/common';
import { transitionSchema } from '@/lib/validation/referrals';

/**
 * POST /api/v1/referrals/{id}/transitions — { to, note?, reason?, expectedVersion, redirectTo?,
 * occurredAt?, lateReason? }. 409 with the current status and version when someone acted first;
 * 422 when the rules forbid it, a moment in the future or before the previous event included.
 */
export const POST = apiRoute({
  params: z.object({ id }),
  body: transitionSchema,
  run: ({ actor, params: { id }, body }) => transitionReferral({ actor, referralId: id, ...body }),
});
