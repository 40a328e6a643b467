'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { issueApiTokenAction } from '@/app/actions/tokens';
import { initialFormState } from '@/lib/form-state';
import type { TokenScope } from '@/lib/tokens/scopes';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { OutcomeNotice } from '../OutcomeNotice';
import { SubmitButton } from '../SubmitButton';

/** A name, scopes and a lifetime; the token is shown once, in this page's memory only. */
export function IssueTokenForm({ scopes, maxDays }: { scopes: TokenScope[]; maxDays: number }) {
  const t = useTranslations('tokens');
  const [state, action] = useActionState(issueApiTokenAction, initialFormState);
  return (
    <>
      {state.status === 'success' && state.result ? (
        // The token takes the focus: it is what the administrator came for, and is shown only once.
        <OutcomeNotice focusKey={state}>
          <p>{t('shownOnce')}</p>
          <p>
            <code data-testid="api-token">{state.result.token}</code>
          </p>
        </OutcomeNotice>
      ) : null}
      <form action={action} noValidate className="form">
        <FormMessage error={state.formError} fieldErrorCount={Object.keys(state.fieldErrors).length} outcome={state} />
        <Field name="name" label={t('name')} required maxLength={100} errors={state.fieldErrors.name} />
        <fieldset>
          <legend>{t('scopes')}</legend>
          {scopes.map((s) => (
            <label key={s} className="checkbox">
              <input type="checkbox" name="scopes" value={s} /> <code>{s}</code> —{' '}
              {t(`scopeLabels.${s.replace(/[:-]/g, '_')}`)}
            </label>
          ))}
          {state.fieldErrors.scopes?.map((e) => (
            <p key={e} className="field__error">
              {t(e.replace(/^tokens\./, ''))}
            </p>
          ))}
        </fieldset>
        <Field
          name="days"
          type="number"
          label={t('days')}
          hint={t('daysHint', { max: maxDays })}
          required
          defaultValue="90"
          errors={state.fieldErrors.days}
        />
        <SubmitButton label={t('submit')} pendingLabel={t('submitting')} />
      </form>
    </>
  );
}
