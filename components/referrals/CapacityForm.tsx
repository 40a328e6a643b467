'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { updateCapacityAction } from '@/app/actions/referrals';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

export function CapacityForm({
  placesFree,
  ambulatoryOpen,
}: {
  placesFree: number | null;
  ambulatoryOpen: boolean | null;
}) {
  const t = useTranslations();
  const [state, action] = useActionState(updateCapacityAction, initialFormState);
  return (
    <form action={action} className="form" noValidate>
      <FormMessage
        error={state.formError}
        success={state.status === 'success' ? t('inbox.capacitySaved') : undefined}
        fieldErrorCount={state.formError ? 0 : Object.keys(state.fieldErrors).length}
        outcome={state}
      />
      <Field
        name="placesFree"
        label={t('inbox.placesFree')}
        required
        errors={state.fieldErrors.placesFree}
        defaultValue={state.values.placesFree ?? (placesFree === null ? '' : String(placesFree))}
        maxLength={4}
      />
      <label className="option">
        <input
          type="checkbox"
          name="ambulatoryOpen"
          defaultChecked={state.values.ambulatoryOpen ? state.values.ambulatoryOpen === 'on' : Boolean(ambulatoryOpen)}
        />{' '}
        {t('inbox.ambulatoryOpen')}
      </label>
      <SubmitButton label={t('inbox.saveCapacity')} pendingLabel={t('common.saving')} />
    </form>
  );
}
