'use client';

import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { signIn, signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { safeCallback } from '@/lib/safe-callback';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';

const KNOWN_ERRORS = ['invalid_code', 'locked', 'invalid', 'input'] as const;

/**
 * The second step of sign-in: a passkey (first, when the person has one), a code of the app or,
 * once enrolled, a recovery code, sent to next-auth's second-factor provider.
 */
export function SecondFactorForm({
  step,
  callbackUrl,
  passkeyOptions = null,
  withApp = true,
}: {
  step: 'verify' | 'enrol';
  callbackUrl: string | null;
  /** The challenge for the person's passkeys, when they have some. */
  passkeyOptions?: PublicKeyCredentialRequestOptionsJSON | null;
  /** Whether the person has the app (a passkey-only account has no code to type). */
  withApp?: boolean;
}) {
  const t = useTranslations('secondFactor');
  const router = useRouter();
  const [useRecovery, setUseRecovery] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [restart, setRestart] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);

  /** Sends one answer to next-auth; true when signed in (the page is left). */
  async function send(credentials: Record<string, string>): Promise<boolean> {
    const result = await signIn('second-factor', { ...credentials, redirect: false });
    if (result?.ok && !result.error) {
      window.location.assign(safeCallback(callbackUrl) ?? '/');
      return true;
    }
    const code = KNOWN_ERRORS.find((e) => e === result?.error) ?? 'invalid';
    // A lock or an ended half-way session: the password must be given again.
    setRestart(code === 'locked' || code === 'invalid');
    setFormError(
      code === 'invalid_code' && credentials.passkey
        ? 'secondFactor.passkeys.errors.refused'
        : `secondFactor.errors.${code}`,
    );
    return false;
  }

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
      if (await send(useRecovery ? { recoveryCode: value } : { code: value })) return;
    } catch {
      setFormError('secondFactor.errors.network');
    } finally {
      setPending(false);
    }
    messageRef.current?.focus();
  }

  async function signInWithPasskey() {
    if (!passkeyOptions) return;
    setFormError(undefined);
    setPending(true);
    try {
      let response;
      try {
        response = await startAuthentication({ optionsJSON: passkeyOptions });
      } catch {
        // Cancelled or timed out in the browser: nothing was sent, the same challenge serves again.
        setFormError('secondFactor.passkeys.errors.cancelled');
        return;
      }
      if (await send({ passkey: JSON.stringify(response) })) return;
      // The challenge was used up by this answer: the page hands a new one.
      router.refresh();
    } catch {
      setFormError('secondFactor.errors.network');
    } finally {
      setPending(false);
      messageRef.current?.focus();
    }
  }

  const passkeyFirst = step === 'verify' && passkeyOptions !== null;
  const codeForm = step === 'enrol' || withApp;
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
      {passkeyFirst ? (
        <p>
          <button type="button" className="button" disabled={pending} onClick={() => void signInWithPasskey()}>
            {t('passkeys.use')}
          </button>
        </p>
      ) : null}
      {passkeyFirst && codeForm ? <p className="form__or">{t('passkeys.orCode')}</p> : null}
      {!codeForm ? null : useRecovery ? (
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
      {codeForm ? (
        <button type="submit" className={passkeyFirst ? 'button button--quiet' : 'button'} disabled={pending}>
          {pending ? t('submitting') : t('submit')}
        </button>
      ) : null}
      {step === 'verify' && codeForm ? (
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
