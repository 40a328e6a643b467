'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { setDisclosureThresholdAction } from '@/app/actions/settings';
import { initialFormState } from '@/lib/form-state';
import { DISCLOSURE_K_MAX, DISCLOSURE_K_MIN } from '@/lib/validation/settings';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** The small-cell threshold k of published statistics (platform administrators). */
export function DisclosureThresholdForm({ current }: { current: number }) {
  const t = useTranslations();
  const [state, action] = useActionState(setDisclosureThresholdAction, initialFormState);
  return (
    <form action={action} noValidate className="form">
      <FormMessage
        error={state.formError}
        fieldErrorCount={Object.keys(state.fieldErrors).length}
        success={
          state.status === 'success' && state.result ? t('admin.settings.saved', { k: state.result.k }) : undefined
        }
        outcome={state}
      />
      <Field
        name="k"
        type="number"
        label={t('admin.settings.k')}
        hint={t('admin.settings.kHint', { min: DISCLOSURE_K_MIN, max: DISCLOSURE_K_MAX })}
        required
        errors={state.fieldErrors.k}
        defaultValue={state.values.k ?? String(state.result?.k ?? current)}
      />
      <SubmitButton label={t('admin.settings.submit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
