'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { setSecondFactorPolicyAction } from '@/app/actions/second-factor';
import { initialFormState } from '@/lib/form-state';
import type { Role } from '@/lib/roles';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** One organisation × role: required, not required, or the default. */
export function PolicyRuleForm({
  organisationId,
  organisationName,
  role,
  roleLabel,
  rule,
  required,
}: {
  organisationId: string;
  organisationName: string;
  role: Role;
  roleLabel: string;
  rule: 'required' | 'optional' | 'default';
  required: boolean;
}) {
  const t = useTranslations('secondFactor.policy');
  const [state, action] = useActionState(setSecondFactorPolicyAction, initialFormState);
  const selectId = `rule-${organisationId}-${role}`;
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="organisationId" value={organisationId} />
      <input type="hidden" name="role" value={role} />
      <label htmlFor={selectId} className="visually-hidden">
        {t('ruleFor', { organisation: organisationName, role: roleLabel })}
      </label>
      <select id={selectId} name="rule" defaultValue={rule}>
        <option value="default">{t(required && rule === 'default' ? 'defaultRequired' : 'defaultOptional')}</option>
        <option value="required">{t('required')}</option>
        <option value="optional">{t('optional')}</option>
      </select>
      <SubmitButton
        className="button button--small"
        label={t('save')}
        accessibleLabel={t('saveFor', { organisation: organisationName, role: roleLabel })}
        pendingLabel={t('saving')}
      />
      <FormMessage error={state.formError} success={state.status === 'success' ? t('saved') : undefined} />
    </form>
  );
}
