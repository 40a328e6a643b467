import { z } from 'zod';
import { ROLES } from '../roles';
import { email, id, requiredText } from './common';

export const role = z.enum(ROLES, { error: 'errors.role' });

export const createUserSchema = z.object({
  email,
  name: requiredText(120),
  role,
  organisationId: id,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const userIdSchema = z.object({ userId: id });

export const setUserActiveSchema = z.object({
  userId: id,
  active: z.enum(['true', 'false'], { error: 'errors.invalid' }).transform((v) => v === 'true'),
});

export const changeUserRoleSchema = z.object({ userId: id, role });
