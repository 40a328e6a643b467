'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { setInvestigationPersonsMetAction } from '@/app/actions/investigations';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** How many presumed victims an investigation met (decision 0020): a whole number, or empty when not known. */
export function PersonsMetForm({
  investigationId,
  personsMet,
}: {
  investigationId: string;
  personsMet: number | null;
}) {
  const t = useTranslations();
  const [state, action] = useActionState(setInvestigationPersonsMetAction, initialFormState);
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate className="form">
      <FormMessage
        error={state.formError}
        success={state.status === 'success' ? t('investigations.personsMetSaved') : undefined}
        fieldErrorCount={state.formError ? 0 : Object.keys(e).length}
        outcome={state}
      />
      <input type="hidden" name="investigationId" value={investigationId} />
      <Field
        name="personsMet"
        label={t('investigations.personsMet')}
        hint={t('investigations.personsMetHint')}
        errors={e.personsMet ?? e.investigationId}
        render={(c) => (
          <input
            {...c}
            type="text"
            inputMode="numeric"
            pattern="[0-9]*"
            maxLength={6}
            defaultValue={state.values.personsMet ?? (personsMet === null ? '' : String(personsMet))}
          />
        )}
      />
      <SubmitButton label={t('investigations.personsMetSubmit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
