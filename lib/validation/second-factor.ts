import { z } from 'zod';
import { id, requiredText } from './common';
import { PASSKEY_RESPONSE_MAX } from './auth';
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

/** A passkey's name, chosen by its owner to tell their keys apart ("YubiKey bureau"). */
export const PASSKEY_NAME_MAX = 60;

export const passkeyRegistrationSchema = z.object({
  name: requiredText(PASSKEY_NAME_MAX),
  response: z
    .string({ error: 'errors.required' })
    .min(1, { error: 'errors.required' })
    .max(PASSKEY_RESPONSE_MAX, { error: 'errors.tooLong' }),
});

export const passkeyIdSchema = z.object({ passkeyId: id });
