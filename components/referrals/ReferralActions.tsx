'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { transitionReferralAction } from '@/app/actions/referrals';
import { initialFormState } from '@/lib/form-state';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { WhenItHappened } from './WhenItHappened';

interface Action {
  to: string;
  reasons: readonly string[] | null;
}

/** One small form per action the current status allows this side; the version seen travels with it. */
export function ReferralActions({
  referralId,
  version,
  actions,
  redirectTargets,
  now,
}: {
  referralId: string;
  version: number;
  actions: Action[];
  redirectTargets: { code: string; name: string }[];
  /** Now in Brussels (YYYY-MM-DDTHH:mm): the latest moment an action may be dated. */
  now: string;
}) {
  return (
    <div className="referral-actions">
      {actions.map((a) => (
        <ActionForm
          key={a.to}
          referralId={referralId}
          version={version}
          action={a}
          redirectTargets={redirectTargets}
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
  now,
}: {
  referralId: string;
  version: number;
  action: Action;
  redirectTargets: { code: string; name: string }[];
  now: string;
}) {
  const t = useTranslations();
  const [state, formAction] = useActionState(transitionReferralAction, initialFormState);
  const id = `action-${action.to}`;
  return (
    <form action={formAction} className="action-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t(`referral.actions.${action.to}`)}</h3>
      <input type="hidden" name="referralId" value={referralId} />
      <input type="hidden" name="to" value={action.to} />
      <input type="hidden" name="expectedVersion" value={version} />
      <FormMessage
        error={state.formError}
        fieldErrorCount={state.formError ? 0 : Object.keys(state.fieldErrors).length}
      />
      {action.reasons ? (
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('referral.reason')}</label>
          <select
            id={`${id}-reason`}
            name="reason"
            required
            defaultValue=""
            aria-invalid={Boolean(state.fieldErrors.reason)}
          >
            <option value="">{t('checklist.choose')}</option>
            {action.reasons.map((r) => (
              <option key={r} value={r}>
                {t(`referral.reasons.${r}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {action.to === 'redirected' ? (
        <div className="field">
          <label htmlFor={`${id}-target`}>{t('referral.redirectTo')}</label>
          <select id={`${id}-target`} name="redirectTo" required defaultValue="">
            <option value="">{t('checklist.choose')}</option>
            {redirectTargets.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('referral.note')}</label>
        <input id={`${id}-note`} name="note" type="text" maxLength={2000} />
      </div>
      <WhenItHappened idPrefix={id} values={state.values} errors={state.fieldErrors} max={now} />
      <SubmitButton
        className="button button--small"
        label={t(`referral.actions.${action.to}`)}
        pendingLabel={t('common.saving')}
      />
    </form>
  );
}
