'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { createReferralAction } from '@/app/actions/referrals';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

interface CentreChoice {
  code: string;
  name: string;
  placesFree: number | null;
  ambulatoryOpen: boolean | null;
}

/** Referral of the person of a completed check-list: the suggested centre preselected, capacity beside each choice. */
export function ReferForm({
  checklistId,
  idempotencyKey,
  centres,
  suggested,
  minor,
  choiceReasons,
  caseTypes,
}: {
  checklistId: string;
  idempotencyKey: string;
  centres: CentreChoice[];
  suggested: string;
  minor: boolean;
  choiceReasons: string[];
  caseTypes: string[];
}) {
  const t = useTranslations();
  const [state, action] = useActionState(createReferralAction, initialFormState);
  const [centre, setCentre] = useState(state.values.centre ?? suggested);
  const e = state.fieldErrors;
  return (
    <form action={action} className="form form--wide" noValidate>
      <input type="hidden" name="checklistId" value={checklistId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormMessage error={state.formError} fieldErrorCount={state.formError ? 0 : Object.keys(e).length} />
      {minor ? <p className="notice notice--warning">{t('referral.minorRouting')}</p> : null}
      <fieldset className="field field--group" aria-describedby="centre-errors">
        <legend>{t('referral.centre')}</legend>
        <div className="options options--stacked">
          {centres.map((c) => (
            <label key={c.code} className="option">
              <input
                type="radio"
                name="centre"
                value={c.code}
                checked={centre === c.code}
                onChange={() => setCentre(c.code)}
                disabled={minor && c.code !== suggested}
              />{' '}
              <span>
                <strong>{c.name}</strong>
                {c.code === suggested ? ` — ${t('referral.suggested')}` : ''}
                <span className="muted">
                  {' · '}
                  {c.placesFree === null
                    ? t('referral.capacityUnknown')
                    : t('referral.capacity', {
                        places: c.placesFree,
                        ambulatory: t(c.ambulatoryOpen ? 'referral.ambulatoryOpen' : 'referral.ambulatoryClosed'),
                      })}
                </span>
              </span>
            </label>
          ))}
        </div>
        <ul id="centre-errors" className="field__errors" aria-live="polite">
          {(e.centre ?? []).map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      </fieldset>
      {centre !== suggested ? (
        <Field
          name="choiceReason"
          label={t('referral.choiceReason')}
          required
          errors={e.choiceReason}
          render={(c) => (
            <select {...c} defaultValue={state.values.choiceReason ?? ''}>
              <option value="">{t('checklist.choose')}</option>
              {choiceReasons.map((r) => (
                <option key={r} value={r}>
                  {t(`referral.choiceReasons.${r}`)}
                </option>
              ))}
            </select>
          )}
        />
      ) : null}
      <Field
        name="caseType"
        label={t('referral.caseType')}
        errors={e.caseType}
        render={(c) => (
          <select {...c} defaultValue={state.values.caseType ?? 'thb'}>
            {caseTypes.map((r) => (
              <option key={r} value={r}>
                {t(`referral.caseTypes.${r}`)}
              </option>
            ))}
          </select>
        )}
      />
      <Field
        name="urgentNeeds"
        label={t('referral.urgentNeeds')}
        errors={e.urgentNeeds}
        defaultValue={state.values.urgentNeeds}
        maxLength={1000}
      />
      <Field
        name="phone"
        label={t('referral.phone')}
        hint={t('referral.phoneHint')}
        errors={e.phone}
        defaultValue={state.values.phone}
        maxLength={40}
      />
      <label className="option">
        <input type="checkbox" name="shareChecklist" defaultChecked={state.values.shareChecklist === 'on'} />{' '}
        {t('referral.share')}
      </label>
      <p className="field__hint">{t('referral.packetHint')}</p>
      <SubmitButton label={t('referral.send')} pendingLabel={t('common.saving')} />
    </form>
  );
}
