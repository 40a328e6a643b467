import { z } from 'zod';
import { id } from './common';
import { role } from './users';

export const secondFactorPolicySchema = z.object({
  organisationId: id,
  role,
  rule: z.enum(['required', 'optional', 'default'], { error: 'errors.invalid' }),
});
export type SecondFactorPolicyInput = z.infer<typeof secondFactorPolicySchema>;

export const totpCodeSchema = z.object({
  code: z
    .string({ error: 'errors.required' })
    .trim()
    .regex(/^\d{6}$/, { error: 'secondFactor.errors.codeFormat' }),
});
