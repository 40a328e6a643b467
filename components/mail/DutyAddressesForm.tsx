'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { setDutyAddressesAction } from '@/app/actions/mail';
import { initialFormState } from '@/lib/form-state';
import { LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** The duty addresses of the administrator's organisation, one per line, and their language. */
export function DutyAddressesForm({ current }: { current: { addresses: string[]; locale: string } }) {
  const t = useTranslations();
  const [state, action] = useActionState(setDutyAddressesAction, initialFormState);
  return (
    <form action={action} noValidate className="form">
      <FormMessage
        error={state.formError}
        fieldErrorCount={Object.keys(state.fieldErrors).length}
        success={state.status === 'success' ? t('mail.admin.dutySaved') : undefined}
        outcome={state}
      />
      <Field
        name="addresses"
        label={t('mail.admin.dutyAddresses')}
        errors={Object.entries(state.fieldErrors)
          .filter(([field]) => field === 'addresses' || field.startsWith('addresses.'))
          .flatMap(([, errors]) => errors)}
        render={(control) => (
          <textarea {...control} rows={3} defaultValue={state.values.addresses ?? current.addresses.join('\n')} />
        )}
      />
      <Field
        name="locale"
        label={t('mail.admin.dutyLocale')}
        errors={state.fieldErrors.locale}
        render={(control) => (
          <select {...control} defaultValue={state.values.locale ?? current.locale}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        )}
      />
      <SubmitButton label={t('mail.admin.dutySubmit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
