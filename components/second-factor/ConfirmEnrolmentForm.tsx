'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { confirmTotpEnrolmentAction } from '@/app/actions/second-factor';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** The app's first code, which proves the secret was copied right. */
export function ConfirmEnrolmentForm() {
  const t = useTranslations('secondFactor');
  const [state, action] = useActionState(confirmTotpEnrolmentAction, initialFormState);
  if (state.status === 'success') return <FormMessage success={t('account.done')} />;
  return (
    <form action={action} noValidate className="form">
      <FormMessage error={state.formError} fieldErrorCount={Object.keys(state.fieldErrors).length} />
      <Field
        name="code"
        label={t('enrol.firstCode')}
        autoComplete="one-time-code"
        required
        maxLength={20}
        errors={state.fieldErrors.code}
      />
      <SubmitButton label={t('enrol.confirm')} pendingLabel={t('submitting')} />
    </form>
  );
}
