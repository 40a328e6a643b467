'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { setYearlyPersonsMetAction } from '@/app/actions/investigations';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** The organisation's yearly figure of presumed victims met in investigations (decision 0020). */
export function YearlyPersonsMetForm({ defaultYear }: { defaultYear: number }) {
  const t = useTranslations();
  const [state, action] = useActionState(setYearlyPersonsMetAction, initialFormState);
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate className="form">
      <FormMessage
        error={state.formError}
        success={state.status === 'success' ? t('investigations.yearlySaved') : undefined}
        fieldErrorCount={state.formError ? 0 : Object.keys(e).length}
        outcome={state}
      />
      <Field
        name="year"
        label={t('investigations.year')}
        required
        errors={e.year}
        render={(c) => (
          <input
            {...c}
            type="text"
            inputMode="numeric"
            pattern="[0-9]*"
            maxLength={4}
            defaultValue={state.values.year ?? String(defaultYear)}
          />
        )}
      />
      <Field
        name="count"
        label={t('investigations.count')}
        required
        errors={e.count}
        render={(c) => (
          <input
            {...c}
            type="text"
            inputMode="numeric"
            pattern="[0-9]*"
            maxLength={6}
            defaultValue={state.values.count ?? ''}
          />
        )}
      />
      <SubmitButton label={t('investigations.yearlySubmit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
