'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { removePasskeyAction } from '@/app/actions/second-factor';
import { initialFormState } from '@/lib/form-state';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** Removes one of the person's passkeys, after a confirmation that names it. */
export function RemovePasskeyForm({ passkeyId, name }: { passkeyId: string; name: string }) {
  const t = useTranslations('secondFactor.passkeys');
  const [state, action] = useActionState(removePasskeyAction, initialFormState);
  return (
    <>
      <ConfirmDialog
        id={`remove-passkey-${passkeyId}`}
        trigger={t('remove')}
        triggerAccessibleLabel={t('removeNamed', { name })}
        title={t('removeTitle', { name })}
        cancelLabel={t('cancel')}
        closed={state.status !== 'idle'}
      >
        <p className="confirm__consequence">{t('removeConsequence')}</p>
        <form action={action}>
          <input type="hidden" name="passkeyId" value={passkeyId} />
          <SubmitButton className="button button--small" label={t('removeConfirm')} pendingLabel={t('removing')} />
        </form>
      </ConfirmDialog>
      <FormMessage error={state.formError} />
    </>
  );
}
