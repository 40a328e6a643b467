import { z } from 'zod';
import { email } from './common';

export const PASSWORD_MIN = 12;
/** argon2 hashes any length; a cap keeps a huge body from costing memory and time. */
export const PASSWORD_MAX = 256;

export const signInSchema = z.object({
  email,
  password: z
    .string({ error: 'errors.required' })
    .min(1, { error: 'errors.required' })
    .max(PASSWORD_MAX, { error: 'errors.tooLong' }),
});
export type SignInInput = z.infer<typeof signInSchema>;

/**
 * The form of a password a user chooses. What it must not be (common, repeated, a sequence,
 * the user's own name or address) is checked on the server, which holds the list of common
 * passwords: lib/server/auth/password-policy.ts.
 */
export const newPassword = z
  .string({ error: 'errors.required' })
  .min(PASSWORD_MIN, { error: 'errors.passwordTooShort' })
  .max(PASSWORD_MAX, { error: 'errors.tooLong' })
  .refine((s) => s.trim().length === s.length, { error: 'errors.passwordSpaces' });

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: 'errors.required' })
      .min(1, { error: 'errors.required' })
      .max(PASSWORD_MAX, { error: 'errors.tooLong' }),
    newPassword,
    confirmPassword: z.string({ error: 'errors.required' }).min(1, { error: 'errors.required' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], error: 'errors.passwordMismatch' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], error: 'errors.passwordUnchanged' });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/** A WebAuthn response as the browser sends it, JSON-encoded (attestations of registration are the larger). */
export const PASSKEY_RESPONSE_MAX = 16_000;

/** The second step of sign-in: a code of the authenticator app, a recovery code, or a passkey's answer (decision 0025). */
export const secondFactorSchema = z
  .object({
    code: z.string().max(20).optional(),
    recoveryCode: z.string().max(40).optional(),
    /** The browser's WebAuthn assertion as JSON (a few hundred bytes; a cap keeps a huge body out). */
    passkey: z.string().max(PASSKEY_RESPONSE_MAX).optional(),
  })
  .transform((v) => ({
    code: v.code?.trim() || undefined,
    recoveryCode: v.recoveryCode?.trim() || undefined,
    passkey: v.passkey?.trim() || undefined,
  }))
  .refine((v) => [v.code, v.recoveryCode, v.passkey].filter(Boolean).length === 1, { error: 'errors.required' });
