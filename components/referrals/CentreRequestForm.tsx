'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { registerRequestAction } from '@/app/actions/referrals';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

type Option = { value: string; label: string };

/**
 * A request that reached the centre by another channel, with the minimum the statistics need,
 * and — when the centre already decided — its outcome and the day of it, recorded in one step.
 */
export function CentreRequestForm({
  idempotencyKey,
  sources,
  nationalities,
  forms,
  caseTypes,
  outcomes,
  outcomeReasons,
}: {
  idempotencyKey: string;
  sources: Option[];
  nationalities: Option[];
  forms: Option[];
  caseTypes: Option[];
  outcomes: Option[];
  /** The reasons of each outcome that needs one. */
  outcomeReasons: { outcome: Option; reasons: Option[] }[];
}) {
  const t = useTranslations();
  const [state, action] = useActionState(registerRequestAction, initialFormState);
  const e = state.fieldErrors;
  const v = state.values;
  const select = (name: string, options: Option[], withEmpty = true) =>
    function Control(c: Record<string, unknown>) {
      return (
        <select {...c} defaultValue={v[name] ?? ''}>
          {withEmpty ? <option value="">{t('checklist.choose')}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    };
  return (
    <form action={action} className="form" noValidate>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormMessage
        error={state.formError}
        fieldErrorCount={state.formError ? 0 : Object.keys(e).length}
        outcome={state}
      />
      <Field
        name="source"
        label={t('inbox.request.source')}
        required
        errors={e.source}
        render={select('source', sources)}
      />
      <Field
        name="receivedOn"
        type="date"
        label={t('inbox.request.receivedOn')}
        required
        errors={e.receivedOn}
        defaultValue={v.receivedOn}
      />
      <Field
        name="sex"
        label={t('inbox.request.sex')}
        required
        errors={e.sex}
        render={select('sex', [
          { value: 'm', label: t('inbox.request.sexes.m') },
          { value: 'f', label: t('inbox.request.sexes.f') },
          { value: 'x', label: t('inbox.request.sexes.x') },
        ])}
      />
      <Field name="age" label={t('inbox.request.age')} errors={e.age} defaultValue={v.age} maxLength={3} />
      <label className="option">
        <input type="checkbox" name="minor" defaultChecked={v.minor === 'on'} /> {t('inbox.request.minor')}
      </label>
      <Field
        name="nationality"
        label={t('inbox.request.nationality')}
        required
        errors={e.nationality}
        render={select('nationality', nationalities)}
      />
      <fieldset className="field field--group" aria-describedby="forms-errors">
        <legend>{t('inbox.request.forms')}</legend>
        <div className="options options--stacked">
          {forms.map((f) => (
            <label key={f.value} className="option">
              <input type="checkbox" name="forms" value={f.value} /> {f.label}
            </label>
          ))}
        </div>
        <ul id="forms-errors" className="field__errors" aria-live="polite">
          {(
            e.forms ??
            Object.entries(e)
              .filter(([k]) => k.startsWith('forms.'))
              .flatMap(([, v]) => v)
          ).map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      </fieldset>
      <Field
        name="caseType"
        label={t('referral.caseType')}
        errors={e.caseType}
        render={select('caseType', caseTypes, false)}
      />
      <Field name="note" label={t('inbox.request.note')} errors={e.note} defaultValue={v.note} maxLength={1000} />
      <details
        className="when-it-happened"
        open={Boolean(v.outcome || e.outcome || e.outcomeOn || e.outcomeReason || e.lateReason)}
      >
        <summary>{t('inbox.request.outcomeKnown')}</summary>
        <Field
          name="outcome"
          label={t('inbox.request.outcome')}
          errors={e.outcome}
          render={function Control(c) {
            return (
              <select {...c} defaultValue={v.outcome ?? ''}>
                <option value="">{t('inbox.request.outcomeNone')}</option>
                {outcomes.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            );
          }}
        />
        <Field
          name="outcomeReason"
          label={t('inbox.request.outcomeReason')}
          errors={e.outcomeReason}
          render={function Control(c) {
            return (
              <select {...c} defaultValue={v.outcomeReason ?? ''}>
                <option value="">{t('checklist.choose')}</option>
                {outcomeReasons.map((g) => (
                  <optgroup key={g.outcome.value} label={g.outcome.label}>
                    {g.reasons.map((r) => (
                      <option key={r.value} value={r.value}>
                        {r.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            );
          }}
        />
        <Field
          name="outcomeOn"
          type="date"
          label={t('inbox.request.outcomeOn')}
          hint={t('inbox.request.outcomeOnHint')}
          errors={e.outcomeOn}
          defaultValue={v.outcomeOn}
        />
        <Field
          name="lateReason"
          label={t('referral.occurredAt.lateReason')}
          hint={t('referral.occurredAt.lateReasonHint')}
          errors={e.lateReason}
          defaultValue={v.lateReason}
          maxLength={500}
        />
      </details>
      <SubmitButton label={t('inbox.request.submit')} pendingLabel={t('common.saving')} />
    </form>
  );
}
