'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { discardDraftAction } from '@/app/actions/checklists';
import { initialFormState } from '@/lib/form-state';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** "Discard this draft", asked for confirmation: the draft and its answers are gone for good (decision 0023). */
export function DiscardDraft({ checklistId, label }: { checklistId: string; label: string }) {
  const t = useTranslations('cases.discard');
  const [state, action] = useActionState(discardDraftAction, initialFormState);
  return (
    <ConfirmDialog
      id={`discard-${checklistId}`}
      trigger={t('open')}
      triggerAccessibleLabel={t('openNamed', { label })}
      title={t('title', { label })}
      cancelLabel={t('cancel')}
    >
      <p className="confirm__consequence">{t('consequence')}</p>
      <form action={action}>
        <input type="hidden" name="checklistId" value={checklistId} />
        <FormMessage error={state.formError} outcome={state} />
        <SubmitButton className="button button--small" label={t('confirm')} pendingLabel={t('pending')} />
      </form>
    </ConfirmDialog>
  );
}
