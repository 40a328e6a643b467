import { z } from 'zod';
import { apiRoute } from '@/lib/http/route-handler';
import { completeChecklist } from '@/lib/server/checklists/complete-checklist';
import { completeChecklistBodySchema } from '@/lib/validation/checklists';
import { id } from '@/lib/validation/common';

/** POST /api/v1/checklists/{id}/complete — { "reason"? } (required for a correction). 422 with every error keyed by item code. */
export const POST = apiRoute({
  params: z.object({ id }),
  body: completeChecklistBodySchema,
  run: ({ actor, params: { id }, body }) => completeChecklist({ actor, id, reason: body.reason }),
});
