import { z } from 'zod';
import { derive } from '@/lib/checklist/derived';
import { apiRoute } from '@/lib/http/route-handler';
import { getChecklist } from '@/lib/server/checklists/get-checklist';
import { updateChecklistDraft } from '@/lib/server/checklists/update-checklist-draft';
import { checklistPatchBodySchema } from '@/lib/validation/checklists';
import { id } from '@/lib/validation/common';

const params = z.object({ id });

/** GET /api/v1/checklists/{id} — one check-list with its answers and derived values. */
export const GET = apiRoute({
  params,
  run: ({ actor, params: { id } }) => {
    const checklist = getChecklist({ actor, id });
    return { ...checklist, derived: derive(checklist.answers) };
  },
});

/** PATCH /api/v1/checklists/{id} — { "answers": { itemCode: value | null } } changes a draft's answers (null clears). */
export const PATCH = apiRoute({
  params,
  body: checklistPatchBodySchema,
  run: ({ actor, params: { id }, body }) => updateChecklistDraft({ actor, id, patch: body.answers }),
});
