'use server';

import { notFound, redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { failed, formValues, invalid, type FormState } from '@/lib/form-state';
import { formStateFromError } from '@/lib/http/form-state-from-error';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { createInvestigation } from '@/lib/server/checklists/create-investigation';
import { startChecklistCorrection } from '@/lib/server/checklists/start-checklist-correction';
import { actionActor } from '@/lib/http/current-actor';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { id as idSchema } from '@/lib/validation/common';
import { investigationSchema } from '@/lib/validation/investigations';

// Public endpoints: each authenticates, validates and calls one verb, which authorizes.

/** Starts a new check-list; the form's idempotency key makes a double click open the same one. */
export async function createChecklistAction(formData: FormData): Promise<void> {
  const actor = await actionActor();
  if (!actor) redirect('/signin');
  const key = formData.get('idempotencyKey');
  const investigation = formData.get('investigationId');
  const investigationId = typeof investigation === 'string' && investigation !== '' ? idSchema.safeParse(investigation) : null;
  // The form always sends a well-formed key; anything else is a forged request: nothing to show but "not found".
  if (typeof key !== 'string' || !/^[\w-]{8,100}$/.test(key) || (investigationId && !investigationId.success)) notFound();
  let id: string;
  try {
    ({ id } = createChecklist({ actor, idempotencyKey: key, investigationId: investigationId?.success ? investigationId.data : null }));
  } catch (e) {
    if (e instanceof DomainError) notFound();
    throw e;
  }
  redirect(`/checklists/${id}`);
}

export async function startCorrectionAction(formData: FormData): Promise<void> {
  const actor = await actionActor();
  if (!actor) redirect('/signin');
  const parsed = idSchema.safeParse(formData.get('checklistId'));
  if (!parsed.success) notFound();
  try {
    startChecklistCorrection({ actor, id: parsed.data });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  revalidatePath(`/checklists/${parsed.data}`);
  redirect(`/checklists/${parsed.data}`);
}

export async function createInvestigationAction(_prev: FormState, formData: FormData): Promise<FormState<{ id: string }>> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const parsed = investigationSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  let created: { id: string };
  try {
    created = createInvestigation({ actor, input: parsed.data });
  } catch (e) {
    return formStateFromError(e, values);
  }
  redirect(`/investigations/${created.id}`);
}
