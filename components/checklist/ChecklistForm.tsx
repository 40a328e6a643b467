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
import { isShown, validateForCompletion } from '@/lib/checklist/validation';
import { withPatch } from './draft-save-queue';
import { ErrorSummary } from './ErrorSummary';
import type { Labels } from './format';
import { ItemControl } from './ItemControl';
import { useDraftAutosave } from './use-draft-autosave';

export function ChecklistForm({
  id,
  initialAnswers,
  status,
  catalogueVersion,
  labels,
  locale,
}: {
  id: string;
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
  const autosave = useDraftAutosave(id, {
    onRefused: (fieldErrors) => setErrors((prev) => ({ ...prev, ...fieldErrors })),
    onRestored: (patch) => setAnswers((a) => withPatch(a, patch)),
  });
  const { saveState, saveError } = autosave;

  function change(code: string, value: AnswerValue | null) {
    setAnswers((a) => withPatch(a, { [code]: value }));
    autosave.record(code, value);
    if (errors[code]) setErrors(({ [code]: _removed, ...rest }) => rest);
  }

  const derived = derive(answers);
  const hourly = hourlyEquivalent(answers);
  const support = summarise(answers, catalogue);
  const progress = sectionProgress(answers, (code) => isShown(items.get(code)!, answers), catalogue);
  const shown = (item: ItemDefinition) => isShown(item, answers);

  async function complete() {
    const found = validateForCompletion(answers, catalogue);
    if (status === 'correcting' && !reason.trim()) found.reason = ['errors.correctionReason'];
    setErrors(found);
    if (Object.keys(found).length > 0) {
      summaryRef.current?.focus();
      return;
    }
    setCompleting(true);
    try {
      if (!(await autosave.flush())) {
        setCompleting(false);
        autosave.showSaveError('checklist.save.notSavedYet');
        summaryRef.current?.focus();
        return;
      }
      const response = await fetch(`/api/v1/checklists/${id}/complete`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(status === 'correcting' ? { reason } : {}),
      });
      if (response.ok) {
        router.replace(`/checklists/${id}?completed=1`);
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
    <div className="checklist-layout">
      <div className="checklist-main">
        <p className={`save-state save-state--${saveState}`} role="status" aria-live="polite" data-testid="save-state">
          {t(`checklist.save.${saveState}`)}
          {saveError ? ` — ${t(saveError)}` : ''}
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
        <button type="button" className="button" onClick={() => void complete()} disabled={completing}>
          {completing
            ? t('checklist.completing')
            : t(status === 'correcting' ? 'checklist.completeCorrection' : 'checklist.complete')}
        </button>
      </div>

      <aside className="checklist-aside" aria-labelledby="support-title">
        <nav aria-label={t('checklist.sections')} className="section-nav">
          <h2>{t('checklist.sections')}</h2>
          <ol>
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
          </ol>
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
              {s.present.length > 0 ? (
                <ul>
                  {s.present.map((code) => (
                    <li key={code}>
                      {code === 'ctx.forms'
                        ? (answers['ctx.forms'] as string[]).map((f) => label(`ctx.forms=${f}`)).join(' ; ')
                        : label(code)}
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
