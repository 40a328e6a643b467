'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { fieldErrorKeys, readApiErrorAnswer } from '@/lib/api-error-answer';
import type { Answers, AnswerValue } from '@/lib/checklist/answers';
import { NOTE_SUFFIX } from '@/lib/checklist/answers';
import { getCatalogue, itemByCode, type ItemDefinition } from '@/lib/checklist/catalogue';
import { sectionProgress, summarise } from '@/lib/checklist/decision-support';
import { derive, hourlyEquivalent } from '@/lib/checklist/derived';
import { isAsked, validateForCompletion } from '@/lib/checklist/validation';
import { withPatch } from './draft-save-queue';
import { useEarlyInputReplay } from '@/components/early-input';
import { ErrorSummary } from './ErrorSummary';
import { formatAnswer, type Labels } from './format';
import { ItemControl } from './ItemControl';
import { useDraftAutosave } from './use-draft-autosave';
import { NEXT_REQUIRED_SHORTCUT, NextRequired, useStickyBarPadding } from './NextRequired';
import type { DraftToCreate } from './create-on-first-answer';

export function ChecklistForm({
  id,
  initialAnswers,
  status,
  catalogueVersion,
  labels,
  locale,
  create,
  submit,
}: {
  /** The check-list's id; for one not created yet (decision 0023), the key its unsent answers are kept under. */
  id: string;
  /** Set when the check-list is created by its first answer rather than before the form opened. */
  create?: Omit<DraftToCreate, 'onCreated'>;
  /** A check-list made offline (decision 0033): answers stay in the browser; completing hands them over here. */
  submit?: (answers: Answers) => void;
  initialAnswers: Answers;
  status: 'draft' | 'correcting';
  catalogueVersion: string;
  labels: Labels;
  locale: string;
}) {
  const t = useTranslations();
  const router = useRouter();
  const catalogue = useMemo(() => getCatalogue(catalogueVersion), [catalogueVersion]);
  const items = useMemo(() => itemByCode(catalogue), [catalogue]);
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [completing, setCompleting] = useState(false);
  const [reason, setReason] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);
  // The check-list's id once the server has it (at once for an existing one, at the first answer for a new one).
  const createdId = useRef<string | null>(create ? create.existingId : id);
  const autosave = useDraftAutosave(id, {
    create: create
      ? {
          ...create,
          onCreated: (newId) => {
            createdId.current = newId;
            // From now on the address is the check-list's own: a reload or a bookmark opens it.
            window.history.replaceState(null, '', `/checklists/${newId}`);
          },
        }
      : undefined,
    onRefused: (fieldErrors) => setErrors((prev) => ({ ...prev, ...fieldErrors })),
    onRestored: (patch) => setAnswers((a) => withPatch(a, patch)),
    localOnly: !!submit,
  });
  const { saveState, saveError } = autosave;
  // What was typed before the scripts loaded is replayed into the form once hydrated (components/early-input.ts).
  const formRoot = useRef<HTMLDivElement>(null);
  useEarlyInputReplay(formRoot);
  // The sticky bar (save status, next required question) never hides the focused field.
  const bar = useRef<HTMLDivElement>(null);
  useStickyBarPadding(bar);

  function change(code: string, value: AnswerValue | null) {
    setAnswers((a) => withPatch(a, { [code]: value }));
    autosave.record(code, value);
    if (errors[code]) setErrors(({ [code]: _removed, ...rest }) => rest);
  }

  const derived = derive(answers);
  const hourly = hourlyEquivalent(answers);
  const support = summarise(answers, catalogue);
  const progress = sectionProgress(answers, (code) => isAsked(items.get(code)!, answers), catalogue);
  // What the form asks: an item the author's service is not asked stays out unless already answered.
  const shown = (item: ItemDefinition) => isAsked(item, answers);

  async function complete() {
    const found = validateForCompletion(answers, catalogue);
    if (status === 'correcting' && !reason.trim()) found.reason = ['errors.correctionReason'];
    setErrors(found);
    if (Object.keys(found).length > 0) {
      summaryRef.current?.focus();
      return;
    }
    if (submit) return submit(answers);
    setCompleting(true);
    try {
      if (!(await autosave.flush())) {
        setCompleting(false);
        autosave.showSaveError('checklist.save.notSavedYet');
        summaryRef.current?.focus();
        return;
      }
      const checklistId = createdId.current;
      if (checklistId === null) {
        setCompleting(false);
        autosave.showSaveError('checklist.save.notSavedYet');
        summaryRef.current?.focus();
        return;
      }
      const response = await fetch(`/api/v1/checklists/${checklistId}/complete`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(status === 'correcting' ? { reason } : {}),
      });
      if (response.ok) {
        router.replace(`/checklists/${checklistId}?completed=1`);
        router.refresh();
        return;
      }
      const answer = await readApiErrorAnswer(response);
      const fieldErrors = fieldErrorKeys(answer);
      setErrors(Object.keys(fieldErrors).length > 0 ? fieldErrors : { _form: [answer.error?.key ?? 'errors.server'] });
      summaryRef.current?.focus();
    } catch {
      setErrors({ _form: ['checklist.save.offlineComplete'] });
      summaryRef.current?.focus();
    }
    setCompleting(false);
  }

  const label = (key: string) => labels[key] ?? key;

  return (
    <div className="checklist-layout" ref={formRoot} data-early-input="">
      <div className="checklist-main">
        <div className="checklist-bar" ref={bar}>
          <p
            className={`save-state save-state--${saveState}`}
            role="status"
            aria-live="polite"
            data-testid="save-state"
            data-early-pending={t('checklist.save.saving')}
          >
            {/* A form sent only when completed (the offline form) saves nothing on the way: it never says "saved". */}
            {submit ? t('checklist.save.keptHere') : t(`checklist.save.${saveState}`)}
            {saveError && !submit ? ` — ${t(saveError)}` : ''}
          </p>
          <NextRequired
            answers={answers}
            catalogue={catalogue}
            completeButtonId="checklist-complete"
            helpId="checklist-keys-help"
            t={t}
          />
        </div>
        <p id="checklist-keys-help" className="field__hint keys-help">
          {t('checklist.keys.help', { shortcut: NEXT_REQUIRED_SHORTCUT })}
        </p>

        <ErrorSummary ref={summaryRef} errors={errors} label={label} t={t} />

        {derived.minor ? (
          <div className="notice notice--warning minor-banner" role="status">
            <strong>{t('checklist.minor.title')}</strong>{' '}
            {t(derived.minorBecause === 'doubt' ? 'checklist.minor.doubt' : 'checklist.minor.age', {
              age: derived.age ?? 0,
            })}{' '}
            {t('checklist.minor.consequences')}
          </div>
        ) : null}

        {catalogue.sections.map((section) => {
          const p = progress.find((x) => x.section === section.code)!;
          return (
            <fieldset key={section.code} className="checklist-section" id={`section-${section.code}`}>
              <legend>
                <span>{label(`section.${section.code}`)}</span>{' '}
                <span className="section-progress">
                  {t('checklist.progress', { answered: p.answered, asked: p.asked })}
                </span>
              </legend>
              {section.items.filter(shown).map((item) => (
                <ItemControl
                  key={item.code}
                  item={item}
                  value={answers[item.code]}
                  note={answers[`${item.code}${NOTE_SUFFIX}`]}
                  errors={errors[item.code]}
                  labels={labels}
                  locale={locale}
                  onChange={change}
                  derivedMinor={derived.minor}
                  t={t}
                />
              ))}
              {section.code === 'pay' && hourly !== null ? (
                <p className="derived-line" data-testid="hourly-equivalent">
                  {t('checklist.derived.hourly', {
                    amount: new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(hourly),
                  })}
                </p>
              ) : null}
              {section.code === 'vic' ? (
                <dl className="derived" aria-label={t('checklist.derived.title')}>
                  <dt>{t('checklist.derived.age')}</dt>
                  <dd data-testid="derived-age">
                    {derived.age === null ? '—' : t('checklist.derived.years', { age: derived.age })}
                  </dd>
                  <dt>{t('checklist.derived.minor')}</dt>
                  <dd data-testid="derived-minor">
                    {t(derived.minor ? 'checklist.derived.yes' : 'checklist.derived.no')}
                  </dd>
                  <dt>{t('checklist.derived.eu')}</dt>
                  <dd data-testid="derived-eu">
                    {derived.euNational === null
                      ? '—'
                      : t(derived.euNational ? 'checklist.derived.yes' : 'checklist.derived.no')}
                  </dd>
                </dl>
              ) : null}
            </fieldset>
          );
        })}

        {status === 'correcting' ? (
          <div className={`field${errors.reason ? ' field--invalid' : ''}`}>
            <label htmlFor="item-reason">{t('checklist.correctionReason')}</label>
            <textarea
              id="item-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={Boolean(errors.reason)}
              aria-describedby="item-reason-errors"
            />
            <ul id="item-reason-errors" className="field__errors" aria-live="polite">
              {(errors.reason ?? []).map((k) => (
                <li key={k}>{t(k)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <button
          type="button"
          id="checklist-complete"
          className="button"
          onClick={() => void complete()}
          disabled={completing}
        >
          {completing
            ? t('checklist.completing')
            : t(status === 'correcting' ? 'checklist.completeCorrection' : 'checklist.complete')}
        </button>
      </div>

      <aside className="checklist-aside" aria-labelledby="support-title">
        <nav aria-label={t('checklist.sections')} className="section-nav">
          <h2>{t('checklist.sections')}</h2>
          {/* The sections carry the circular's own numbers (0 to 6): a list that counts again would number them twice. */}
          <ul className="section-nav__list">
            {progress.map((p) => (
              <li key={p.section}>
                <a href={`#section-${p.section}`}>{label(`section.${p.section}`)}</a>{' '}
                <span className="section-progress">
                  {p.answered}/{p.asked}
                  {p.requiredMissing.length > 0
                    ? ` · ${t('checklist.requiredMissing', { count: p.requiredMissing.length })}`
                    : ''}
                </span>
              </li>
            ))}
          </ul>
        </nav>
        <section className="decision-support">
          <h2 id="support-title">{t('checklist.support.title')}</h2>
          <p className="muted">{t('checklist.support.disclaimer')}</p>
          {support.map((s) => (
            <div key={s.element} className="support-element">
              <h3>
                {t(`checklist.support.${s.element}`)} — {t('checklist.support.count', { count: s.present.length })}
              </h3>
              {s.notRequired ? <p className="muted">{t('checklist.support.meansNotRequired')}</p> : null}
              {s.quotes.length > 0 ? (
                <ul>
                  {s.quotes.map((q) => (
                    <li key={q.code} data-testid={`support-${q.code}`}>
                      {/* The answer behind the indicator, under the question it answers. */}
                      <span className="muted">{label(q.code)}</span> —{' '}
                      <q>{formatAnswer(items.get(q.code)!, q.answer, labels, locale)}</q>
                      {q.note ? (
                        <>
                          {' '}
                          — <q>{q.note}</q>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t('checklist.support.none')}</p>
              )}
            </div>
          ))}
        </section>
      </aside>
    </div>
  );
}
