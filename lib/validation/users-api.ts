import { z } from 'zod';
import { email, requiredText } from './common';
import { role, signInMethod } from './users';

/** POST /api/v1/users: the organisation is the caller's; unknown fields are refused by name. */
export const apiCreateUserSchema = z.strictObject({ email, name: requiredText(120), role, signIn: signInMethod });

/** PATCH /api/v1/users/{id}: at least one of the two. */
export const apiPatchUserSchema = z
  .strictObject({ active: z.boolean({ error: 'errors.invalid' }).optional(), role: role.optional() })
  .refine((v) => v.active !== undefined || v.role !== undefined, { error: 'errors.required' });
