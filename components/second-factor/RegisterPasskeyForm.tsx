'use client';

import { startRegistration } from '@simplewebauthn/browser';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { beginPasskeyRegistrationAction, finishPasskeyRegistrationAction } from '@/app/actions/second-factor';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';

interface Outcome {
  error?: string;
  fieldErrors?: Record<string, string[]>;
  success?: boolean;
}

/**
 * Adds a passkey (decision 0025): the server hands a challenge for this session, the browser
 * asks the security key or the device to create a credential, and the server checks and keeps
 * it under the name typed here.
 */
export function RegisterPasskeyForm() {
  const t = useTranslations('secondFactor.passkeys');
  const [outcome, setOutcome] = useState<Outcome>({});
  const [pending, setPending] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);

  async function register(form: HTMLFormElement) {
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return { fieldErrors: { name: ['errors.required'] } };
    const begun = await beginPasskeyRegistrationAction(initialFormState, new FormData());
    if (begun.status !== 'success' || !begun.result) return { error: begun.formError ?? 'errors.server' };
    let response;
    try {
      response = await startRegistration({ optionsJSON: begun.result });
    } catch {
      // Cancelled, timed out, or a key already registered: the browser says no more than that.
      return { error: 'secondFactor.passkeys.errors.cancelled' };
    }
    const data = new FormData();
    data.set('name', name);
    data.set('response', JSON.stringify(response));
    const done = await finishPasskeyRegistrationAction(initialFormState, data);
    if (done.status !== 'success') return { error: done.formError, fieldErrors: done.fieldErrors };
    form.reset();
    return { success: true };
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setOutcome({});
    try {
      setOutcome(await register(form));
    } catch {
      setOutcome({ error: 'secondFactor.errors.network' });
    } finally {
      setPending(false);
    }
    messageRef.current?.focus();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="form">
      <div ref={messageRef} tabIndex={-1}>
        <FormMessage
          error={outcome.error}
          fieldErrorCount={outcome.error ? 0 : Object.keys(outcome.fieldErrors ?? {}).length}
          success={outcome.success ? t('added') : undefined}
        />
      </div>
      <Field
        name="name"
        label={t('name')}
        hint={t('nameHint')}
        required
        maxLength={60}
        autoComplete="off"
        errors={outcome.fieldErrors?.name}
      />
      <button type="submit" className="button" disabled={pending}>
        {pending ? t('adding') : t('add')}
      </button>
    </form>
  );
}
