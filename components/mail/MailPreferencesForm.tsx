'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { setMailPreferencesAction } from '@/app/actions/mail';
import { initialFormState } from '@/lib/form-state';
import { LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

const MODES = ['immediate', 'digest', 'off'] as const;

/** A person's e-mail preferences: how often, in which language, and the organisation's new referrals. */
export function MailPreferencesForm({
  current,
}: {
  current: { mode: string; locale: string; organisationReferrals: boolean };
}) {
  const t = useTranslations();
  const [state, action] = useActionState(setMailPreferencesAction, initialFormState);
  const mode = state.values.mode ?? current.mode;
  const locale = state.values.locale ?? current.locale;
  return (
    <form action={action} noValidate className="form" aria-labelledby="mail-preferences-title">
      <FormMessage
        error={state.formError}
        fieldErrorCount={Object.keys(state.fieldErrors).length}
        success={state.status === 'success' ? t('mail.preferences.saved') : undefined}
        outcome={state}
      />
      <fieldset className="field">
        <legend>{t('mail.preferences.mode')}</legend>
        {MODES.map((m) => (
          <label key={m} className="option">
            <input type="radio" name="mode" value={m} defaultChecked={mode === m} /> {t(`mail.preferences.modes.${m}`)}
          </label>
        ))}
      </fieldset>
      <Field
        name="locale"
        label={t('mail.preferences.locale')}
        errors={state.fieldErrors.locale}
        render={(control) => (
          <select {...control} defaultValue={locale}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        )}
      />
      <label className="option">
        <input type="checkbox" name="organisationReferrals" defaultChecked={current.organisationReferrals} />{' '}
        {t('mail.preferences.organisationReferrals')}
      </label>
      <SubmitButton label={t('mail.preferences.submit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
