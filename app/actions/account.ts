'use server';

import { revalidatePath } from 'next/cache';
import { formStateAction } from '@/lib/http/server-action';
import { changeOwnPassword } from '@/lib/server/auth/change-own-password';
import { changePasswordSchema } from '@/lib/validation/auth';

/** The one action open while a password set by an administrator is unchanged: it is how it gets changed. */
export const changePasswordAction = formStateAction({
  schema: changePasswordSchema,
  session: 'any',
  // Passwords are read as typed (never echoed back in the form state's values).
  input: (form) => ({
    currentPassword: form.raw('currentPassword'),
    newPassword: form.raw('newPassword'),
    confirmPassword: form.raw('confirmPassword'),
  }),
  run: ({ actor, input }) => changeOwnPassword({ actor, input }),
  done: () => revalidatePath('/', 'layout'),
});
