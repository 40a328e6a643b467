'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { changePasswordAction } from '@/app/actions/account';
import { initialFormState } from '@/lib/form-state';
import { changePasswordSchema, PASSWORD_MIN } from '@/lib/validation/auth';
import { Field } from './Field';
import { FormMessage } from './FormMessage';
import { SubmitButton } from './SubmitButton';
import { useClientValidation } from '@/components/use-client-validation';

export function ChangePasswordForm({ continueHref }: { continueHref: string }) {
  const t = useTranslations();
  const [state, action] = useActionState(changePasswordAction, initialFormState);
  const { errors, formError, onSubmit } = useClientValidation(changePasswordSchema, state);
  if (state.status === 'success') {
    return (
      <div>
        <FormMessage success={t('account.passwordChanged')} />
        {/* A full navigation, so the layout reads the account again (no more "must change"). */}
        <a className="button" href={continueHref}>
          {t('account.continue')}
        </a>
      </div>
    );
  }
  return (
    <form action={action} noValidate className="form" onSubmit={onSubmit}>
      <FormMessage error={formError} fieldErrorCount={Object.keys(errors).length} />
      <Field
        name="currentPassword"
        type="password"
        label={t('account.currentPassword')}
        required
        errors={errors.currentPassword}
        autoComplete="current-password"
      />
      <Field
        name="newPassword"
        type="password"
        label={t('account.newPassword')}
        hint={`${t('account.newPasswordHint', { min: PASSWORD_MIN })} ${t('account.newPasswordAvoid')}`}
        required
        errors={errors.newPassword}
        autoComplete="new-password"
      />
      <Field
        name="confirmPassword"
        type="password"
        label={t('account.confirmPassword')}
        required
        errors={errors.confirmPassword}
        autoComplete="new-password"
      />
      <SubmitButton label={t('account.submit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
