'use server';

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { callAction, formStateAction } from '@/lib/http/server-action';
import { updateCentreCapacity } from '@/lib/server/centres/capacity';
import { markReferralNotificationsRead } from '@/lib/server/notifications/mark-referral-notifications-read';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { registerCentreRequest } from '@/lib/server/referrals/register-centre-request';
import { ReferralConflictError, transitionReferral } from '@/lib/server/referrals/transition-referral';
import { id } from '@/lib/validation/common';
import {
  capacitySchema,
  centreRequestSchema,
  createReferralSchema,
  transitionSchema,
} from '@/lib/validation/referrals';

// Public endpoints through the wrapper (lib/http/server-action.ts), with the API's schemas; the verbs authorise.

/**
 * The referral form asks more than the API: a centre chosen (the suggested one is not preselected
 * when it has no place), and a call-back number or an explicit "no call-back possible".
 */
const referFormSchema = createReferralSchema
  .extend({ noCallback: z.boolean() })
  .refine((v) => v.centre !== undefined, { path: ['centre'], error: 'errors.referral.centreRequired' })
  .refine((v) => v.noCallback || Boolean(v.phone?.trim()), {
    path: ['phone'],
    error: 'errors.referral.callbackRequired',
  });

export const createReferralAction = formStateAction({
  schema: referFormSchema,
  input: (form) => ({
    ...form.values,
    centre: form.present('centre'),
    choiceReason: form.optional('choiceReason'),
    shareChecklist: form.checked('shareChecklist'),
    noCallback: form.checked('noCallback'),
  }),
  run: ({ actor, input: { noCallback: _noCallback, ...input } }) => createReferral({ actor, input }),
  done: ({ id: referralId }) => {
    revalidatePath('/referrals');
    // The referral's page opens on what happened (components/OutcomeNotice.tsx), which takes the focus.
    redirect(`/referrals/${referralId}?done=sent`);
  },
});

export const transitionReferralAction = formStateAction({
  schema: transitionSchema.extend({ referralId: id }),
  input: (form) => ({
    referralId: form.raw('referralId'),
    to: form.raw('to'),
    note: form.optional('note'),
    reason: form.optional('reason'),
    expectedVersion: Number(form.raw('expectedVersion')),
    redirectTo: form.optional('redirectTo'),
    // When it happened, if earlier (a datetime-local value, Brussels time); empty means now.
    occurredAt: form.optional('occurredAt'),
    lateReason: form.optional('lateReason'),
  }),
  run: ({ actor, input: { referralId, ...change } }) => transitionReferral({ actor, referralId, ...change }),
  done: (result, { referralId }) => {
    revalidatePath(`/referrals/${referralId}`);
    // The page shows and focuses what happened: the form pressed is gone with the status it belonged to.
    redirect(`/referrals/${referralId}?done=${result.status}`);
  },
  onError: (error, { referralId }) => {
    // Someone acted first: show the current state with the conflict message at the top of the page.
    if (error instanceof ReferralConflictError) redirect(`/referrals/${referralId}?conflict=1`);
  },
});

export const updateCapacityAction = formStateAction({
  schema: capacitySchema,
  input: (form) => ({ placesFree: form.wholeNumber('placesFree'), ambulatoryOpen: form.checked('ambulatoryOpen') }),
  // Staff set their own centre's capacity: the centre is the actor's organisation.
  run: ({ actor, input }) => updateCentreCapacity({ actor, centreId: actor.organisationId, ...input }),
  done: () => revalidatePath('/inbox'),
});

export const registerRequestAction = formStateAction({
  schema: centreRequestSchema,
  input: (form) => ({
    source: form.raw('source'),
    receivedOn: form.raw('receivedOn'),
    sex: form.raw('sex'),
    age: form.wholeNumber('age'),
    minor: form.checked('minor') ? true : undefined,
    nationality: form.raw('nationality'),
    forms: form.all('forms'),
    caseType: form.present('caseType') ?? 'thb',
    note: form.optional('note'),
    outcome: form.optional('outcome'),
    outcomeReason: form.optional('outcomeReason'),
    outcomeOn: form.optional('outcomeOn'),
    lateReason: form.optional('lateReason'),
    idempotencyKey: form.present('idempotencyKey') ?? randomUUID(),
  }),
  run: ({ actor, input }) => registerCentreRequest({ actor, input }),
  done: ({ id: requestId }) => {
    revalidatePath('/inbox');
    redirect(`/referrals/${requestId}?done=registered`);
  },
});

/**
 * Called once when a user opens a referral (not on the page's own refreshes), with the moment the
 * page was rendered: what arrived after it has not been seen. Answers like the
 * form actions, so a refused call says so: "session expired" without a user, "not found" for a
 * role without referrals (the verb audits that refusal).
 */
export const markReferralReadAction = callAction({
  schema: z.object({ referralId: id, seenAt: z.iso.datetime() }),
  invalid: 'errors.notFound',
  run: ({ actor, input }) =>
    markReferralNotificationsRead({ actor, referralId: input.referralId, seenUpTo: new Date(input.seenAt) }),
});
