'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { setSingleSignOnAction } from '@/app/actions/single-sign-on';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

export interface SingleSignOnFormValues {
  organisationId: string;
  configured: boolean;
  enabled: boolean;
  label: string;
  issuer: string;
  clientId: string;
  emailClaim: string;
  secondFactorAcr: string;
  secondFactorAmr: string;
}

/** One organisation's OpenID provider. The client secret is never shown: left empty, the stored one is kept. */
export function SingleSignOnForm({ settings, redirectUri }: { settings: SingleSignOnFormValues; redirectUri: string }) {
  const t = useTranslations('singleSignOn.form');
  const [state, action] = useActionState(setSingleSignOnAction, initialFormState);
  const value = (name: keyof SingleSignOnFormValues) =>
    state.status === 'error' && name in state.values ? state.values[name] : String(settings[name]);
  const enabled = state.status === 'error' ? state.values.enabled === 'on' : settings.enabled;
  return (
    <form action={action} className="form" noValidate>
      <FormMessage
        error={state.formError}
        fieldErrorCount={Object.keys(state.fieldErrors).length}
        success={state.status === 'success' ? t('saved') : undefined}
        outcome={state}
      />
      <input type="hidden" name="organisationId" value={settings.organisationId} />
      <p>
        {t('redirectUri')} <code data-testid="sso-redirect-uri">{redirectUri}</code>
      </p>
      <label className="option">
        <input type="checkbox" name="enabled" defaultChecked={enabled} /> {t('enabled')}
      </label>
      <Field
        name="label"
        label={t('label')}
        hint={t('labelHint')}
        required
        defaultValue={value('label')}
        maxLength={60}
        errors={state.fieldErrors.label}
      />
      <Field
        name="issuer"
        label={t('issuer')}
        hint={t('issuerHint')}
        required
        defaultValue={value('issuer')}
        maxLength={300}
        errors={state.fieldErrors.issuer}
      />
      <Field
        name="clientId"
        label={t('clientId')}
        required
        defaultValue={value('clientId')}
        maxLength={200}
        errors={state.fieldErrors.clientId}
      />
      <Field
        name="clientSecret"
        type="password"
        label={t('clientSecret')}
        hint={settings.configured ? t('clientSecretKept') : t('clientSecretHint')}
        required={!settings.configured}
        autoComplete="off"
        maxLength={500}
        errors={state.fieldErrors.clientSecret}
      />
      <Field
        name="emailClaim"
        label={t('emailClaim')}
        hint={t('emailClaimHint')}
        defaultValue={value('emailClaim')}
        maxLength={100}
        errors={state.fieldErrors.emailClaim}
      />
      <Field
        name="secondFactorAcr"
        label={t('secondFactorAcr')}
        hint={t('secondFactorAcrHint')}
        defaultValue={value('secondFactorAcr')}
        maxLength={500}
        errors={state.fieldErrors.secondFactorAcr}
      />
      <Field
        name="secondFactorAmr"
        label={t('secondFactorAmr')}
        hint={t('secondFactorAmrHint')}
        defaultValue={value('secondFactorAmr')}
        maxLength={500}
        errors={state.fieldErrors.secondFactorAmr}
      />
      <SubmitButton label={t('save')} pendingLabel={t('saving')} />
    </form>
  );
}
