'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { fieldErrorsOf } from '@/lib/form-state';
import { safeCallback } from '@/lib/safe-callback';
import { signInSchema } from '@/lib/validation/auth';
import { Field } from './Field';
import { FormMessage } from './FormMessage';

const KNOWN_ERRORS = ['invalid', 'locked', 'address_limited', 'awaiting_confirmation', 'input'] as const;

export function SignInForm({ callbackUrl }: { callbackUrl: string | null }) {
  const t = useTranslations('signin');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ email: data.get('email'), password: data.get('password') });
    setFormError(undefined);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsOf(parsed.error));
      const first = Object.keys(fieldErrorsOf(parsed.error))[0];
      if (first) document.getElementById(`field-${first}`)?.focus();
      return;
    }
    setFieldErrors({});
    setPending(true);
    try {
      const result = await signIn('credentials', {
        email: parsed.data.email,
        password: parsed.data.password,
        redirect: false,
      });
      if (result?.ok && !result.error) {
        // Judged again here, where the browser is sent: only a path of this site.
        window.location.assign(safeCallback(callbackUrl) ?? '/');
        return;
      }
      const code = KNOWN_ERRORS.find((e) => e === result?.error) ?? 'invalid';
      setFormError(`signin.errors.${code}`);
    } catch {
      setFormError('signin.errors.network');
    } finally {
      setPending(false);
    }
    messageRef.current?.focus();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="form" aria-describedby="signin-message">
      <div id="signin-message" ref={messageRef} tabIndex={-1}>
        <FormMessage error={formError} fieldErrorCount={formError ? 0 : Object.keys(fieldErrors).length} />
      </div>
      <Field
        name="email"
        type="email"
        label={t('email')}
        autoComplete="username"
        required
        errors={fieldErrors.email}
        maxLength={254}
      />
      <Field
        name="password"
        type="password"
        label={t('password')}
        autoComplete="current-password"
        required
        errors={fieldErrors.password}
        maxLength={256}
      />
      <button type="submit" className="button" disabled={pending}>
        {pending ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}
