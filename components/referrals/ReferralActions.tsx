'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { transitionReferralAction } from '@/app/actions/referrals';
import { initialFormState } from '@/lib/form-state';
import { needsConfirmation, type ReferralStatus } from '@/lib/referrals/state-machine';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { WhenItHappened } from './WhenItHappened';

interface Action {
  to: ReferralStatus;
  reasons: readonly string[] | null;
}

interface Props {
  referralId: string;
  version: number;
  actions: Action[];
  redirectTargets: { code: string; name: string; placesFree: number | null }[];
  /** The organisations the referral's change is told to (the other side, the guardianship service for a minor). */
  told: string[];
  /** Now in Brussels (YYYY-MM-DDTHH:mm): the latest moment an action may be dated. */
  now: string;
}

/**
 * One form per action the current status allows this side; the version seen travels with it.
 * Taking it up and accepting are one click; every other action ends or moves the referral, so it
 * opens a dialog that says what will happen and who will be told, and asks for the reason the
 * server requires.
 */
export function ReferralActions({ referralId, version, actions, redirectTargets, told, now }: Props) {
  return (
    <div className="referral-actions">
      {actions.map((a) => (
        <ActionForm
          key={a.to}
          referralId={referralId}
          version={version}
          action={a}
          redirectTargets={redirectTargets}
          told={told}
          now={now}
        />
      ))}
    </div>
  );
}

function ActionForm({
  referralId,
  version,
  action,
  redirectTargets,
  told,
  now,
}: Omit<Props, 'actions'> & { action: Action }) {
  const t = useTranslations();
  const [state, formAction] = useActionState(transitionReferralAction, initialFormState);
  const id = `action-${action.to}`;
  const title = t(`referral.actions.${action.to}`);
  const errors = (field: string) =>
    (state.fieldErrors[field] ?? []).length > 0 ? (
      <ul id={`${id}-${field}-errors`} className="field__errors">
        {(state.fieldErrors[field] ?? []).map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    ) : null;
  const fields = (
    <>
      <input type="hidden" name="referralId" value={referralId} />
      <input type="hidden" name="to" value={action.to} />
      <input type="hidden" name="expectedVersion" value={version} />
      <FormMessage
        error={state.formError}
        fieldErrorCount={state.formError ? 0 : Object.keys(state.fieldErrors).length}
        outcome={state}
      />
      {action.reasons ? (
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('referral.reason')}</label>
          <select
            id={`${id}-reason`}
            name="reason"
            required
            defaultValue={state.values.reason ?? ''}
            aria-invalid={Boolean(state.fieldErrors.reason)}
            aria-describedby={state.fieldErrors.reason ? `${id}-reason-errors` : undefined}
          >
            <option value="">{t('checklist.choose')}</option>
            {action.reasons.map((r) => (
              <option key={r} value={r}>
                {t(`referral.reasons.${r}`)}
              </option>
            ))}
          </select>
          {errors('reason')}
        </div>
      ) : null}
      {action.to === 'redirected' ? (
        <div className="field">
          <label htmlFor={`${id}-target`}>{t('referral.redirectTo')}</label>
          <select
            id={`${id}-target`}
            name="redirectTo"
            required
            defaultValue={state.values.redirectTo ?? ''}
            aria-invalid={Boolean(state.fieldErrors.redirectTo)}
          >
            <option value="">{t('checklist.choose')}</option>
            {redirectTargets.map((c) => (
              <option key={c.code} value={c.code}>
                {c.placesFree === 0 ? `${c.name} — ${t('referrals.confirm.noPlace')}` : c.name}
              </option>
            ))}
          </select>
          {errors('redirectTo')}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('referral.note')}</label>
        <input id={`${id}-note`} name="note" type="text" maxLength={2000} defaultValue={state.values.note} />
      </div>
      <WhenItHappened idPrefix={id} values={state.values} errors={state.fieldErrors} max={now} />
    </>
  );
  if (!needsConfirmation(action.to))
    return (
      <form action={formAction} className="action-form" aria-labelledby={`${id}-title`} noValidate>
        <h3 id={`${id}-title`}>{title}</h3>
        {fields}
        <SubmitButton className="button button--small" label={title} pendingLabel={t('common.saving')} />
      </form>
    );
  return (
    <div className="action-form">
      <h3>{title}</h3>
      <ConfirmDialog
        id={`${id}-dialog`}
        trigger={t('referrals.confirm.open', { action: title })}
        title={title}
        cancelLabel={t('referrals.confirm.cancel')}
      >
        <p className="confirm__consequence">{t(`referrals.confirm.consequences.${action.to}`)}</p>
        <p className="confirm__consequence">
          {told.length > 0
            ? t('referrals.confirm.told', { organisations: told.join(', ') })
            : t('referrals.confirm.toldNobody')}
        </p>
        <form action={formAction} aria-labelledby={`${id}-dialog-title`} noValidate>
          {fields}
          <SubmitButton
            className="button button--small"
            label={t('referrals.confirm.confirm', { action: title })}
            pendingLabel={t('common.saving')}
          />
        </form>
      </ConfirmDialog>
    </div>
  );
}
