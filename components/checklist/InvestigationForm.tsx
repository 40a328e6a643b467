'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { createInvestigationAction } from '@/app/actions/checklists';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

type Option = { value: string; label: string };

export function InvestigationForm({ sectors, regions }: { sectors: Option[]; regions: Option[] }) {
  const t = useTranslations();
  const [state, action] = useActionState(createInvestigationAction, initialFormState);
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate className="form">
      <FormMessage error={state.formError} fieldErrorCount={Object.keys(e).length} />
      <Field
        name="reference"
        label={t('investigations.reference')}
        required
        errors={e.reference}
        defaultValue={state.values.reference}
        maxLength={60}
      />
      <Field
        name="employer"
        label={t('investigations.employer')}
        errors={e.employer}
        defaultValue={state.values.employer}
        maxLength={200}
      />
      <Field
        name="sector"
        label={t('investigations.sector')}
        errors={e.sector}
        render={(c) => (
          <select {...c} defaultValue={state.values.sector ?? ''}>
            <option value="">—</option>
            {sectors.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      />
      <Field
        name="region"
        label={t('investigations.region')}
        errors={e.region}
        render={(c) => (
          <select {...c} defaultValue={state.values.region ?? ''}>
            <option value="">—</option>
            {regions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      />
      <SubmitButton label={t('investigations.createSubmit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
