import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '@/lib/form-state';
import { changePasswordSchema, signInSchema } from '@/lib/validation/auth';
import { createUserSchema } from '@/lib/validation/users';

const errorsOf = (r: { success: boolean; error?: import('zod').ZodError }) =>
  r.success ? {} : fieldErrorsOf(r.error!);

describe('input schemas name the field of every error', () => {
  it('sign-in: empty, malformed and over-long input', () => {
    expect(errorsOf(signInSchema.safeParse({ email: '', password: '' }))).toEqual({
      email: ['errors.required'],
      password: ['errors.required'],
    });
    expect(errorsOf(signInSchema.safeParse({ email: 'not-an-email', password: 'x' }))).toEqual({
      email: ['errors.email'],
    });
    expect(errorsOf(signInSchema.safeParse({ email: `${'a'.repeat(250)}@x.be`, password: 'y'.repeat(257) }))).toEqual({
      email: ['errors.tooLong'],
      password: ['errors.tooLong'],
    });
    expect(errorsOf(signInSchema.safeParse({}))).toEqual({ email: ['errors.required'], password: ['errors.required'] });
    expect(signInSchema.parse({ email: '  Police@Demo.Relais.be ', password: 'p' }).email).toBe(
      'police@demo.relais.be',
    );
  });

  it('user creation: every field, control characters and unknown roles', () => {
    expect(Object.keys(errorsOf(createUserSchema.safeParse({})))).toEqual(['email', 'name', 'role', 'organisationId']);
    expect(
      errorsOf(
        createUserSchema.safeParse({ email: 'a@b.be', name: 'Bad\u0007Name', role: 'root', organisationId: 'x' }),
      ),
    ).toEqual({
      name: ['errors.controlCharacters'],
      role: ['errors.role'],
      organisationId: ['errors.invalidId'],
    });
    expect(
      errorsOf(
        createUserSchema.safeParse({
          email: 'a@b.be',
          name: 'n'.repeat(121),
          role: 'admin',
          organisationId: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    ).toEqual({
      name: ['errors.tooLong'],
    });
  });

  it('password change: length, confirmation, unchanged', () => {
    expect(
      errorsOf(
        changePasswordSchema.safeParse({
          currentPassword: 'old password 1',
          newPassword: 'short',
          confirmPassword: 'short',
        }),
      ),
    ).toEqual({
      newPassword: ['errors.passwordTooShort'],
    });
    expect(
      errorsOf(
        changePasswordSchema.safeParse({
          currentPassword: 'old password 1',
          newPassword: 'a long new phrase',
          confirmPassword: 'a long new phrasE',
        }),
      ),
    ).toEqual({
      confirmPassword: ['errors.passwordMismatch'],
    });
    expect(
      errorsOf(
        changePasswordSchema.safeParse({
          currentPassword: 'same old phrase',
          newPassword: 'same old phrase',
          confirmPassword: 'same old phrase',
        }),
      ),
    ).toEqual({
      newPassword: ['errors.passwordUnchanged'],
    });
  });
});
