'use client';

import { signIn, signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { safeCallback } from '@/lib/safe-callback';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';

const KNOWN_ERRORS = ['invalid_code', 'locked', 'invalid', 'input'] as const;

/** The second step of sign-in: a code of the app (or, once enrolled, a recovery code) sent to next-auth's second-factor provider. */
export function SecondFactorForm({ step, callbackUrl }: { step: 'verify' | 'enrol'; callbackUrl: string | null }) {
  const t = useTranslations('secondFactor');
  const [useRecovery, setUseRecovery] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [restart, setRestart] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = String(data.get(useRecovery ? 'recoveryCode' : 'code') ?? '').trim();
    setFormError(undefined);
    if (!value) {
      setFormError('secondFactor.errors.required');
      messageRef.current?.focus();
      return;
    }
    setPending(true);
    try {
      const result = await signIn('second-factor', {
        ...(useRecovery ? { recoveryCode: value } : { code: value }),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        window.location.assign(safeCallback(callbackUrl) ?? '/');
        return;
      }
      const code = KNOWN_ERRORS.find((e) => e === result?.error) ?? 'invalid';
      // A lock or an ended half-way session: the password must be given again.
      setRestart(code === 'locked' || code === 'invalid');
      setFormError(`secondFactor.errors.${code}`);
    } catch {
      setFormError('secondFactor.errors.network');
    } finally {
      setPending(false);
    }
    messageRef.current?.focus();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="form">
      <div ref={messageRef} tabIndex={-1}>
        <FormMessage error={formError} />
      </div>
      {restart ? (
        <p>
          <a href="/signin">{t('restart')}</a>
        </p>
      ) : null}
      {useRecovery ? (
        <Field name="recoveryCode" label={t('recoveryCode')} autoComplete="off" required maxLength={40} />
      ) : (
        <Field
          name="code"
          label={step === 'enrol' ? t('enrol.firstCode') : t('code')}
          autoComplete="one-time-code"
          required
          maxLength={20}
        />
      )}
      <button type="submit" className="button" disabled={pending}>
        {pending ? t('submitting') : t('submit')}
      </button>
      {step === 'verify' ? (
        <button type="button" className="button button--link" onClick={() => setUseRecovery(!useRecovery)}>
          {useRecovery ? t('useCode') : t('useRecoveryCode')}
        </button>
      ) : null}
      {/* Another account, or no phone at hand: the half-way session ends (next-auth's sign-out event). */}
      <button type="button" className="button button--link" onClick={() => void signOut({ callbackUrl: '/signin' })}>
        {t('cancel')}
      </button>
    </form>
  );
}
