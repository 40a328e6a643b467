'use server';

import { randomUUID } from 'node:crypto';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { failed, formValues, invalid, succeeded, type FormState } from '@/lib/form-state';
import { formStateFromError } from '@/lib/http/form-state-from-error';
import { actionActor } from '@/lib/http/current-actor';
import { updateCentreCapacity } from '@/lib/server/centres/capacity';
import { markReferralNotificationsRead } from '@/lib/server/notifications/notifications';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { registerCentreRequest } from '@/lib/server/referrals/register-centre-request';
import { ReferralConflictError, transitionReferral } from '@/lib/server/referrals/transition-referral';
import { id as idSchema } from '@/lib/validation/common';
import { capacitySchema, centreRequestSchema, createReferralSchema, transitionSchema } from '@/lib/validation/referrals';

// Public endpoints: authenticate, validate with the API's schemas, call one verb (which authorizes).

export async function createReferralAction(_prev: FormState, formData: FormData): Promise<FormState<{ id: string }>> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const parsed = createReferralSchema.safeParse({
    ...values,
    centre: values.centre || undefined,
    choiceReason: values.choiceReason || null,
    shareChecklist: values.shareChecklist === 'on',
  });
  if (!parsed.success) return invalid(parsed.error, values);
  let id: string;
  try {
    ({ id } = createReferral({ actor, input: parsed.data }));
  } catch (e) {
    return formStateFromError(e, values);
  }
  revalidatePath('/referrals');
  redirect(`/referrals/${id}`);
}

export async function transitionReferralAction(_prev: FormState, formData: FormData): Promise<FormState<{ newReferralId: string | null }>> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const idCheck = idSchema.safeParse(values.referralId);
  if (!idCheck.success) return failed('errors.validation', values, { referralId: ['errors.invalidId'] });
  const referralId = idCheck.data;
  const parsed = transitionSchema.safeParse({
    to: values.to,
    note: values.note || null,
    reason: values.reason || null,
    expectedVersion: Number(values.expectedVersion),
    redirectTo: values.redirectTo || null,
  });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const result = transitionReferral({ actor, referralId, ...parsed.data });
    revalidatePath(`/referrals/${referralId}`);
    return succeeded({ newReferralId: result.newReferralId });
  } catch (e) {
    if (e instanceof ReferralConflictError) {
      // Show the current state with the conflict message at the top of the page.
      redirect(`/referrals/${referralId}?conflict=1`);
    }
    return formStateFromError(e, values);
  }
}

export async function updateCapacityAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const places = values.placesFree?.trim() ?? '';
  const parsed = capacitySchema.safeParse({ placesFree: /^\d+$/.test(places) ? Number(places) : places === '' ? undefined : NaN, ambulatoryOpen: values.ambulatoryOpen === 'on' });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    updateCentreCapacity({ actor, centreId: actor.organisationId, ...parsed.data });
    revalidatePath('/inbox');
    return succeeded();
  } catch (e) {
    return formStateFromError(e, values);
  }
}

export async function registerRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const age = values.age?.trim();
  const parsed = centreRequestSchema.safeParse({
    source: values.source,
    receivedOn: values.receivedOn,
    sex: values.sex,
    age: age ? (/^\d+$/.test(age) ? Number(age) : NaN) : undefined,
    minor: values.minor === 'on' ? true : undefined,
    nationality: values.nationality,
    forms: formData.getAll('forms').map(String),
    caseType: values.caseType || 'thb',
    note: values.note || null,
    idempotencyKey: values.idempotencyKey || randomUUID(),
  });
  if (!parsed.success) return invalid(parsed.error, values);
  let id: string;
  try {
    ({ id } = registerCentreRequest({ actor, input: parsed.data }));
  } catch (e) {
    return formStateFromError(e, values);
  }
  revalidatePath('/inbox');
  redirect(`/referrals/${id}`);
}

/**
 * Called once when a user opens a referral (not on the page's own refreshes). Answers like the
 * form actions, so a refused call says so: "session expired" without a user, "not found" for a
 * role without referrals (the verb audits that refusal).
 */
export async function markReferralReadAction(referralId: string): Promise<FormState> {
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', {});
  if (!idSchema.safeParse(referralId).success) return failed('errors.notFound', {});
  try {
    markReferralNotificationsRead({ actor, referralId });
    return succeeded();
  } catch (e) {
    return formStateFromError(e, {});
  }
}
