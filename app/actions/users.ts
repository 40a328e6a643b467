'use server';

import { revalidatePath } from 'next/cache';
import { failed, formValues, invalid, succeeded, type FormState } from '@/lib/form-state';
import { formStateFromError } from '@/lib/http/form-state-from-error';
import { changeUserRole } from '@/lib/server/users/change-user-role';
import { createUser } from '@/lib/server/users/create-user';
import { actionActor } from '@/lib/http/current-actor';
import { resetUserPassword } from '@/lib/server/users/reset-user-password';
import { setUserActive } from '@/lib/server/users/set-user-active';
import { changeUserRoleSchema, createUserSchema, setUserActiveSchema, userIdSchema } from '@/lib/validation/users';

// Every exported action is a public endpoint: each one authenticates (currentActor reads the
// session from the database), validates with zod and calls one verb, which authorizes.

export async function createUserAction(_prev: FormState, formData: FormData): Promise<FormState<{ oneTimePassword: string; email: string }>> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const parsed = createUserSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const { oneTimePassword } = await createUser({ actor, input: parsed.data });
    revalidatePath('/admin/users');
    return succeeded({ oneTimePassword, email: parsed.data.email });
  } catch (e) {
    return formStateFromError(e, values);
  }
}

export async function setUserActiveAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const parsed = setUserActiveSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    setUserActive({ actor, userId: parsed.data.userId, active: parsed.data.active });
    revalidatePath('/admin/users');
    return succeeded();
  } catch (e) {
    return formStateFromError(e, values);
  }
}

export async function resetPasswordAction(_prev: FormState, formData: FormData): Promise<FormState<{ oneTimePassword: string }>> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const parsed = userIdSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const result = await resetUserPassword({ actor, userId: parsed.data.userId });
    revalidatePath('/admin/users');
    return succeeded(result);
  } catch (e) {
    return formStateFromError(e, values);
  }
}

export async function changeRoleAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const actor = await actionActor();
  if (!actor) return failed('errors.sessionExpired', values);
  const parsed = changeUserRoleSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    changeUserRole({ actor, userId: parsed.data.userId, role: parsed.data.role });
    revalidatePath('/admin/users');
    return succeeded();
  } catch (e) {
    return formStateFromError(e, values);
  }
}
