import { z } from 'zod';
import { apiRoute } from '@/lib/http/route-handler';
import { updateCentreCapacity } from '@/lib/server/centres/capacity';
import { id } from '@/lib/validation/common';
import { capacitySchema } from '@/lib/validation/referrals';

/** PUT /api/v1/centres/{id}/capacity — { placesFree, ambulatoryOpen }; a centre's staff, for their own centre only. */
export const PUT = apiRoute({
  params: z.object({ id }),
  body: capacitySchema,
  run: ({ actor, params: { id }, body }) => {
    updateCentreCapacity({ actor, centreId: id, ...body });
    return { centreId: id, ...body };
  },
});
