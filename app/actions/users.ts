'use server';

import { revalidatePath } from 'next/cache';
import { formStateAction } from '@/lib/http/server-action';
import { changeUserRole } from '@/lib/server/users/change-user-role';
import { confirmUser } from '@/lib/server/users/confirm-user';
import { createUser } from '@/lib/server/users/create-user';
import { resetUserPassword } from '@/lib/server/users/reset-user-password';
import { setUserActive } from '@/lib/server/users/set-user-active';
import { changeUserRoleSchema, createUserSchema, setUserActiveSchema, userIdSchema } from '@/lib/validation/users';

// Public endpoints, each through the wrapper (lib/http/server-action.ts); the verbs authorise.

const usersChanged = () => revalidatePath('/admin/users');

export const createUserAction = formStateAction({
  schema: createUserSchema,
  run: ({ actor, input }) => createUser({ actor, input }),
  done: ({ oneTimePassword, confirmation }, input) => {
    usersChanged();
    return { oneTimePassword, confirmation, email: input.email };
  },
});

export const setUserActiveAction = formStateAction({
  schema: setUserActiveSchema,
  run: ({ actor, input }) => setUserActive({ actor, userId: input.userId, active: input.active }),
  done: usersChanged,
});

export const resetPasswordAction = formStateAction({
  schema: userIdSchema,
  run: ({ actor, input }) => resetUserPassword({ actor, userId: input.userId }),
  done: (result) => {
    usersChanged();
    return result;
  },
});

export const changeRoleAction = formStateAction({
  schema: changeUserRoleSchema,
  run: ({ actor, input }) => changeUserRole({ actor, userId: input.userId, role: input.role }),
  done: usersChanged,
});

export const confirmUserAction = formStateAction({
  schema: userIdSchema,
  run: ({ actor, input }) => confirmUser({ actor, userId: input.userId }),
  done: usersChanged,
});
