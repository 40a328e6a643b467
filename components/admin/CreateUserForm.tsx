'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { createUserAction } from '@/app/actions/users';
import { initialFormState } from '@/lib/form-state';
import type { OrganisationKind, Role } from '@/lib/roles';
import { createUserSchema } from '@/lib/validation/users';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { organisationName } from '@/lib/organisations/names';
import { OneTimePassword } from './OneTimePassword';
import { useClientValidation } from '@/components/use-client-validation';

/** The title of what was created takes the focus (the form pressed is gone), so a screen reader reads it out. */
const focusOnMount = (heading: HTMLElement | null) => heading?.focus();

interface OrganisationChoice {
  id: string;
  name: string;
  kind: OrganisationKind;
  roles: Role[];
}

export function CreateUserForm({
  organisations,
  defaultOrganisationId,
}: {
  organisations: OrganisationChoice[];
  defaultOrganisationId: string;
}) {
  const t = useTranslations();
  const locale = useLocale();
  const [state, action] = useActionState(createUserAction, initialFormState);
  const [organisationId, setOrganisationId] = useState(state.values.organisationId ?? defaultOrganisationId);
  const roles = organisations.find((o) => o.id === organisationId)?.roles ?? [];
  const { errors, formError, onSubmit } = useClientValidation(createUserSchema, state);

  if (state.status === 'success' && state.result) {
    return (
      <section aria-labelledby="created-title">
        <div role="status">
          <h2 id="created-title" ref={focusOnMount} tabIndex={-1}>
            {t('admin.users.createdMessage', { email: state.result.email })}
          </h2>
        </div>
        {state.result.oneTimePassword ? (
          <OneTimePassword password={state.result.oneTimePassword} confirmation={state.result.confirmation} />
        ) : (
          <p role="status" className="notice notice--success">
            {t('singleSignOn.users.created')}
            {state.result.confirmation === 'pending' || state.result.confirmation === 'none_available'
              ? ` ${t(`admin.oneTimePassword.${state.result.confirmation}`)}`
              : null}
          </p>
        )}
        <p>
          <a href="/admin/users">{t('admin.users.back')}</a>
        </p>
      </section>
    );
  }

  return (
    <form action={action} noValidate className="form" onSubmit={onSubmit}>
      <FormMessage error={formError} fieldErrorCount={Object.keys(errors).length} />
      <Field
        name="name"
        label={t('admin.users.name')}
        required
        errors={errors.name}
        defaultValue={state.values.name}
        maxLength={120}
        autoComplete="off"
      />
      <Field
        name="email"
        type="email"
        label={t('admin.users.email')}
        required
        errors={errors.email}
        defaultValue={state.values.email}
        maxLength={254}
        autoComplete="off"
      />
      <Field
        name="organisationId"
        label={t('admin.users.organisation')}
        required
        errors={errors.organisationId}
        render={(control) => (
          <select {...control} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {/* A reference organisation's name already says what it is; a centre or a coordination body is told apart. */}
                {organisationName(locale, o.name)}
                {o.kind === 'centre' || o.kind === 'coordination' ? ` (${t(`organisationKinds.${o.kind}`)})` : ''}
              </option>
            ))}
          </select>
        )}
      />
      <Field
        name="role"
        label={t('admin.users.role')}
        required
        errors={errors.role}
        render={(control) => (
          <select {...control} defaultValue={state.values.role ?? ''} key={organisationId}>
            <option value="">{t('admin.users.chooseRole')}</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        )}
      />
      <label className="option">
        <input type="checkbox" name="signIn" value="sso" defaultChecked={state.values.signIn === 'sso'} />{' '}
        {t('singleSignOn.users.ssoOnlyOption')}
      </label>
      <SubmitButton label={t('admin.users.createSubmit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
