'use server';

import { revalidatePath } from 'next/cache';
import { failed, formValues, invalid, succeeded, type FormState } from '@/lib/form-state';
import { formStateFromError } from '@/lib/http/form-state-from-error';
import { changeOwnPassword } from '@/lib/server/auth/change-own-password';
import { currentActor } from '@/lib/http/current-actor';
import { changePasswordSchema } from '@/lib/validation/auth';

export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData); // passwords are never echoed back
  const actor = await currentActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const parsed = changePasswordSchema.safeParse({
    currentPassword: formData.get('currentPassword'),
    newPassword: formData.get('newPassword'),
    confirmPassword: formData.get('confirmPassword'),
  });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await changeOwnPassword({ actor, input: parsed.data });
    revalidatePath('/', 'layout');
    return succeeded();
  } catch (e) {
    return formStateFromError(e, values);
  }
}
