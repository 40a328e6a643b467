import { z } from 'zod';
import { ROLES } from '../roles';
import { email, id, requiredText } from './common';

export const role = z.enum(ROLES, { error: 'errors.role' });

export const signInMethod = z.enum(['password', 'sso'], { error: 'errors.invalid' }).optional();

export const createUserSchema = z.object({
  email,
  name: requiredText(120),
  role,
  organisationId: id,
  /** `sso`: an account without a password, signing in only through its organisation's provider (decision 0032). */
  signIn: signInMethod,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const userIdSchema = z.object({ userId: id });

export const setUserActiveSchema = z.object({
  userId: id,
  active: z.enum(['true', 'false'], { error: 'errors.invalid' }).transform((v) => v === 'true'),
});

export const changeUserRoleSchema = z.object({ userId: id, role });
