'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { formAction, formStateAction } from '@/lib/http/server-action';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { createInvestigation } from '@/lib/server/checklists/create-investigation';
import { discardDraft } from '@/lib/server/checklists/discard-draft';
import { startChecklistCorrection } from '@/lib/server/checklists/start-checklist-correction';
import { checklistIdSchema, newChecklistSchema } from '@/lib/validation/checklists';
import { investigationSchema } from '@/lib/validation/investigations';

/** Starts a new check-list (the form's idempotency key makes a double click open the same one). */
export const createChecklistAction = formAction({
  schema: newChecklistSchema,
  input: (form) => ({ idempotencyKey: form.raw('idempotencyKey'), investigationId: form.optional('investigationId') }),
  run: ({ actor, input }) =>
    createChecklist({ actor, idempotencyKey: input.idempotencyKey, investigationId: input.investigationId }),
  done: ({ id }) => redirect(`/checklists/${id}`),
});

/** Its author throws away a first draft (decision 0023); the list says it is gone. */
export const discardDraftAction = formStateAction({
  schema: checklistIdSchema,
  run: ({ actor, input }) => discardDraft({ actor, id: input.checklistId }),
  done: () => {
    revalidatePath('/checklists');
    redirect('/checklists?discarded=1');
  },
});

export const startCorrectionAction = formAction({
  schema: checklistIdSchema,
  run: ({ actor, input }) => startChecklistCorrection({ actor, id: input.checklistId }),
  done: (_result, { checklistId }) => {
    revalidatePath(`/checklists/${checklistId}`);
    // The page says (and focuses) that a correction has started.
    redirect(`/checklists/${checklistId}?correcting=1`);
  },
});

export const createInvestigationAction = formStateAction({
  schema: investigationSchema,
  run: ({ actor, input }) => createInvestigation({ actor, input }),
  done: ({ id }) => redirect(`/investigations/${id}`),
});
