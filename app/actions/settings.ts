'use server';

import { revalidatePath } from 'next/cache';
import { failed, formValues, invalid, succeeded, type FormState } from '@/lib/form-state';
import { formStateFromError } from '@/lib/http/form-state-from-error';
import { actionActor } from '@/lib/http/current-actor';
import { setDisclosureThreshold } from '@/lib/server/statistics/set-disclosure-threshold';
import { disclosureThresholdSchema } from '@/lib/validation/settings';

// A public endpoint like every server action: authenticates, validates with zod, calls one verb (which authorizes).
export async function setDisclosureThresholdAction(_prev: FormState, formData: FormData): Promise<FormState<{ k: number }>> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const parsed = disclosureThresholdSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const { k } = setDisclosureThreshold({ actor, k: parsed.data.k });
    revalidatePath('/admin/settings');
    return succeeded({ k });
  } catch (e) {
    return formStateFromError(e, values);
  }
}
