'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { revokeApiTokenAction } from '@/app/actions/tokens';
import { initialFormState } from '@/lib/form-state';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

export function RevokeTokenForm({ tokenId, name }: { tokenId: string; name: string }) {
  const t = useTranslations('tokens');
  const [state, action] = useActionState(revokeApiTokenAction, initialFormState);
  return (
    <form action={action}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <SubmitButton
        className="button button--small"
        label={t('revoke')}
        accessibleLabel={t('revokeNamed', { name })}
        pendingLabel={t('submitting')}
      />
      <FormMessage error={state.formError} outcome={state} />
    </form>
  );
}
