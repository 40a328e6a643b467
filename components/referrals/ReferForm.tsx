'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useRef, useState } from 'react';
import { createReferralAction } from '@/app/actions/referrals';
import { initialFormState } from '@/lib/form-state';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

/** The summary's title takes the focus when it appears, so a screen reader starts reading there. */
const focusOnMount = (heading: HTMLElement | null) => heading?.focus();

interface CentreChoice {
  code: string;
  name: string;
  placesFree: number | null;
  ambulatoryOpen: boolean | null;
}

interface Review {
  /** The form state the summary was made under: a server answer (an error) returns to the fields. */
  under: unknown;
  centre: string;
  choiceReason: string | null;
  caseType: string;
  urgentNeeds: string;
  phone: string;
  noCallback: boolean;
  share: boolean;
}

/**
 * Referral of the person of a completed check-list: capacity beside each centre, the suggested
 * one preselected only when it has a place (else the form says so and the referrer chooses), a
 * call-back number or an explicit "no call-back possible", then a last look at what is sent
 * before it goes out (the fields stay in the form, hidden, while the summary is shown).
 */
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
  const suggestedFull = centres.find((c) => c.code === suggested)?.placesFree === 0;
  // A minor's referral has one centre: it stays chosen, with the warning, when it is full.
  const [centre, setCentre] = useState(state.values.centre ?? (suggestedFull && !minor ? '' : suggested));
  const [review, setReview] = useState<Review | null>(null);
  const [noCallback, setNoCallback] = useState(state.values.noCallback === 'on');
  const form = useRef<HTMLFormElement>(null);
  const e = state.fieldErrors;
  const showing = review !== null && review.under === state ? review : null;
  const centreName = (code: string) => centres.find((c) => c.code === code)?.name ?? code;

  const check = () => {
    const data = new FormData(form.current!);
    setReview({
      under: state,
      centre: String(data.get('centre') ?? ''),
      choiceReason: data.get('choiceReason') ? String(data.get('choiceReason')) : null,
      caseType: String(data.get('caseType') ?? 'thb'),
      urgentNeeds: String(data.get('urgentNeeds') ?? '').trim(),
      phone: String(data.get('phone') ?? '').trim(),
      noCallback: data.get('noCallback') === 'on',
      share: data.get('shareChecklist') === 'on',
    });
  };

  return (
    <form ref={form} action={action} className="form form--wide" noValidate>
      <input type="hidden" name="checklistId" value={checklistId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormMessage
        error={state.formError}
        fieldErrorCount={state.formError ? 0 : Object.keys(e).length}
        outcome={state}
      />
      <div hidden={showing !== null}>
        {minor ? <p className="notice notice--warning">{t('referral.minorRouting')}</p> : null}
        {suggestedFull ? (
          <p className="notice notice--warning" role="note">
            {t(minor ? 'referral.check.suggestedFullMinor' : 'referral.check.suggestedFull', {
              centre: centreName(suggested),
            })}
          </p>
        ) : null}
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
        {centre !== suggested && centre !== '' ? (
          <Field
            name="choiceReason"
            label={t('referral.choiceReason')}
            required
            errors={e.choiceReason}
            render={(c) => (
              <select {...c} defaultValue={state.values.choiceReason ?? (suggestedFull ? 'no_place' : '')}>
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
        {noCallback ? null : (
          <Field
            name="phone"
            label={t('referral.phone')}
            hint={t('referral.check.phoneHint')}
            required
            errors={e.phone}
            defaultValue={state.values.phone}
            maxLength={40}
          />
        )}
        <label className="option">
          <input
            type="checkbox"
            name="noCallback"
            checked={noCallback}
            onChange={(event) => setNoCallback(event.target.checked)}
          />{' '}
          {t('referral.check.noCallback')}
        </label>
        <label className="option">
          <input type="checkbox" name="shareChecklist" defaultChecked={state.values.shareChecklist === 'on'} />{' '}
          {t('referral.share')}
        </label>
        <p className="field__hint">{t('referral.packetHint')}</p>
        <button type="button" className="button" onClick={check}>
          {t('referral.check.review')}
        </button>
      </div>
      {showing ? (
        <section aria-labelledby="refer-review-title" className="notice notice--info refer-review">
          <h3 id="refer-review-title" tabIndex={-1} ref={focusOnMount}>
            {t('referral.check.title')}
          </h3>
          <dl className="facts">
            <dt>{t('referral.centre')}</dt>
            <dd>{showing.centre ? centreName(showing.centre) : t('referral.check.noCentre')}</dd>
            {showing.choiceReason ? (
              <>
                <dt>{t('referral.choiceReason')}</dt>
                <dd>{t(`referral.choiceReasons.${showing.choiceReason}`)}</dd>
              </>
            ) : null}
            <dt>{t('referral.caseType')}</dt>
            <dd>{t(`referral.caseTypes.${showing.caseType}`)}</dd>
            <dt>{t('referral.urgentNeeds')}</dt>
            <dd>{showing.urgentNeeds || '—'}</dd>
            <dt>{t('referral.phone')}</dt>
            <dd>{showing.noCallback ? t('referral.check.noCallback') : showing.phone || '—'}</dd>
            <dt>{t('referral.check.shared')}</dt>
            <dd>{t(showing.share ? 'referral.check.sharedAll' : 'referral.check.sharedPacket')}</dd>
          </dl>
          <p>{t('referral.check.told', { centre: showing.centre ? centreName(showing.centre) : '—' })}</p>
          {minor ? <p>{t('referral.check.toldGuardianship')}</p> : null}
          <div className="page-actions">
            <button type="button" className="button button--quiet" onClick={() => setReview(null)}>
              {t('referral.check.edit')}
            </button>
            <SubmitButton label={t('referral.send')} pendingLabel={t('common.saving')} />
          </div>
        </section>
      ) : null}
    </form>
  );
}
