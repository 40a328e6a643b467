'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Answers, AnswerValue } from '@/lib/checklist/answers';
import { NOTE_SUFFIX } from '@/lib/checklist/answers';
import { getCatalogue, itemByCode, type ItemDefinition } from '@/lib/checklist/catalogue';
import { NATIONALITY_CODES } from '@/lib/checklist/countries';
import { sectionProgress, summarise } from '@/lib/checklist/decision-support';
import { derive, hourlyEquivalent } from '@/lib/checklist/derived';
import { isShown, validateForCompletion } from '@/lib/checklist/validation';
import { countryName, type Labels } from './format';

type SaveState = 'saved' | 'saving' | 'offline' | 'error';
const STORAGE_KEY = 'relais:drafts';

/** Pending (not yet acknowledged) changes, kept in this browser only until the server has them; wiped at sign-out. */
function readPending(id: string): Record<string, AnswerValue | null> {
  try {
    const all = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, { patch: Record<string, AnswerValue | null> }>;
    return all[id]?.patch ?? {};
  } catch {
    return {};
  }
}
function writePending(id: string, patch: Record<string, AnswerValue | null>) {
  try {
    const all = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    if (Object.keys(patch).length === 0) delete all[id];
    else all[id] = { patch, at: new Date().toISOString() };
    if (Object.keys(all).length === 0) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    /* storage full or disabled: the server copy is still written when online */
  }
}

function isEmpty(v: unknown) {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

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
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [completing, setCompleting] = useState(false);
  const [reason, setReason] = useState('');
  const pending = useRef<Record<string, AnswerValue | null>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  /** Sends what is pending once; a second call while a save runs waits for it (nothing is skipped). */
  const sendOnce = useCallback(async (): Promise<boolean> => {
    const patch = { ...pending.current };
    if (Object.keys(patch).length === 0) {
      setSaveState('saved');
      return true;
    }
    setSaveState('saving');
    try {
      const response = await fetch(`/api/v1/checklists/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ answers: patch }),
      });
      if (response.ok) {
        // Drop what the server now has, unless it was changed again meanwhile.
        for (const [code, value] of Object.entries(patch)) {
          if (JSON.stringify(pending.current[code]) === JSON.stringify(value)) delete pending.current[code];
        }
        writePending(id, pending.current);
        setSaveError(null);
        setSaveState(Object.keys(pending.current).length > 0 ? 'saving' : 'saved');
        return Object.keys(pending.current).length === 0;
      }
      if (response.status === 401) {
        setSaveState('error');
        setSaveError('checklist.save.signedOut');
      } else {
        const body = (await response.json().catch(() => null)) as { errors?: Record<string, { key: string }[]> } | null;
        const fieldErrors = Object.fromEntries(Object.entries(body?.errors ?? {}).map(([k, v]) => [k, v.map((e) => e.key)]));
        setErrors((prev) => ({ ...prev, ...fieldErrors }));
        setSaveState('error');
        setSaveError('checklist.save.refused');
      }
      return false;
    } catch {
      setSaveState('offline');
      return false;
    }
  }, [id]);

  const flush = useCallback(async (): Promise<boolean> => {
    // Let a save already under way finish first, then send whatever is still pending.
    while (inFlight.current) await inFlight.current;
    const run = sendOnce();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, [sendOnce]);

  // Saves after a pause in typing; while changes remain unsaved (offline, server down), retries.
  const schedule = useCallback(
    (delay = 600) => {
      const run = (ms: number) => {
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(async () => {
          const done = await flush();
          if (!done && Object.keys(pending.current).length > 0) run(navigator.onLine ? 3000 : 10000);
        }, ms);
      };
      run(delay);
    },
    [flush],
  );

  // Recover what a previous sitting typed but the server never acknowledged (closed tab, lost connection).
  useEffect(() => {
    const saved = readPending(id);
    if (Object.keys(saved).length > 0) {
      pending.current = { ...saved, ...pending.current };
      // Browser-only data cannot be read during server rendering: merge it once mounted.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setAnswers((a) => {
        const next = { ...a };
        for (const [k, v] of Object.entries(saved)) {
          if (isEmpty(v)) delete next[k];
          else next[k] = v as AnswerValue;
        }
        return next;
      });
      schedule(0);
    }
    const online = () => schedule(0);
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (Object.keys(pending.current).length > 0) e.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [id, schedule]);

  function change(code: string, value: AnswerValue | null) {
    setAnswers((a) => {
      const next = { ...a };
      if (isEmpty(value)) delete next[code];
      else next[code] = value as AnswerValue;
      return next;
    });
    pending.current[code] = isEmpty(value) ? null : value;
    writePending(id, pending.current);
    setSaveState('saving');
    if (errors[code]) setErrors(({ [code]: _removed, ...rest }) => rest);
    schedule();
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
      if (!(await flush())) {
        setCompleting(false);
        setSaveError('checklist.save.notSavedYet');
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
      const body = (await response.json().catch(() => null)) as { errors?: Record<string, { key: string }[]>; error?: { key: string } } | null;
      const fieldErrors = Object.fromEntries(Object.entries(body?.errors ?? {}).map(([k, v]) => [k, v.map((e) => e.key)]));
      setErrors(Object.keys(fieldErrors).length > 0 ? fieldErrors : { _form: [body?.error?.key ?? 'errors.server'] });
      summaryRef.current?.focus();
    } catch {
      setErrors({ _form: ['checklist.save.offlineComplete'] });
      summaryRef.current?.focus();
    }
    setCompleting(false);
  }

  const label = (key: string) => labels[key] ?? key;
  const errorCodes = Object.keys(errors);

  return (
    <div className="checklist-layout">
      <div className="checklist-main">
        <p className={`save-state save-state--${saveState}`} role="status" aria-live="polite" data-testid="save-state">
          {t(`checklist.save.${saveState}`)}
          {saveError ? ` — ${t(saveError)}` : ''}
        </p>

        <div ref={summaryRef} tabIndex={-1} className="error-summary-anchor">
          {errorCodes.length > 0 ? (
            <div role="alert" className="notice notice--error error-summary">
              <p>{t('checklist.errorSummary', { count: errorCodes.length })}</p>
              <ul>
                {errorCodes.map((code) => (
                  <li key={code}>
                    {code === '_form' ? (
                      t(errors[code]![0]!)
                    ) : (
                      <a href={`#item-${code}`} onClick={(e) => {
                        e.preventDefault();
                        const el = document.getElementById(`item-${code}`);
                        el?.focus();
                        el?.scrollIntoView({ block: 'center' });
                      }}>
                        {code === 'reason' ? t('checklist.correctionReason') : label(code)} : {errors[code]!.map((k) => t(k)).join(' ')}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>

        {derived.minor ? (
          <div className="notice notice--warning minor-banner" role="status">
            <strong>{t('checklist.minor.title')}</strong> {t(derived.minorBecause === 'doubt' ? 'checklist.minor.doubt' : 'checklist.minor.age', { age: derived.age ?? 0 })}{' '}
            {t('checklist.minor.consequences')}
          </div>
        ) : null}

        {catalogue.sections.map((section) => {
          const p = progress.find((x) => x.section === section.code)!;
          return (
            <fieldset key={section.code} className="checklist-section" id={`section-${section.code}`}>
              <legend>
                <span>{label(`section.${section.code}`)}</span>{' '}
                <span className="section-progress">{t('checklist.progress', { answered: p.answered, asked: p.asked })}</span>
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
                  {t('checklist.derived.hourly', { amount: new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(hourly) })}
                </p>
              ) : null}
              {section.code === 'vic' ? (
                <dl className="derived" aria-label={t('checklist.derived.title')}>
                  <dt>{t('checklist.derived.age')}</dt>
                  <dd data-testid="derived-age">{derived.age === null ? '—' : t('checklist.derived.years', { age: derived.age })}</dd>
                  <dt>{t('checklist.derived.minor')}</dt>
                  <dd data-testid="derived-minor">{t(derived.minor ? 'checklist.derived.yes' : 'checklist.derived.no')}</dd>
                  <dt>{t('checklist.derived.eu')}</dt>
                  <dd data-testid="derived-eu">{derived.euNational === null ? '—' : t(derived.euNational ? 'checklist.derived.yes' : 'checklist.derived.no')}</dd>
                </dl>
              ) : null}
            </fieldset>
          );
        })}

        {status === 'correcting' ? (
          <div className={`field${errors.reason ? ' field--invalid' : ''}`}>
            <label htmlFor="item-reason">{t('checklist.correctionReason')}</label>
            <textarea id="item-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(errors.reason)} aria-describedby="item-reason-errors" />
            <ul id="item-reason-errors" className="field__errors" aria-live="polite">
              {(errors.reason ?? []).map((k) => (
                <li key={k}>{t(k)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <button type="button" className="button" onClick={() => void complete()} disabled={completing}>
          {completing ? t('checklist.completing') : t(status === 'correcting' ? 'checklist.completeCorrection' : 'checklist.complete')}
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
                  {p.requiredMissing.length > 0 ? ` · ${t('checklist.requiredMissing', { count: p.requiredMissing.length })}` : ''}
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
                    <li key={code}>{code === 'ctx.forms' ? (answers['ctx.forms'] as string[]).map((f) => label(`ctx.forms=${f}`)).join(' ; ') : label(code)}</li>
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

function ItemControl({
  item,
  value,
  note,
  errors,
  labels,
  locale,
  onChange,
  derivedMinor,
  t,
}: {
  item: ItemDefinition;
  value: AnswerValue | undefined;
  note: AnswerValue | undefined;
  errors?: string[];
  labels: Labels;
  locale: string;
  onChange: (code: string, value: AnswerValue | null) => void;
  derivedMinor: boolean;
  t: ReturnType<typeof useTranslations>;
}) {
  const id = `item-${item.code}`;
  const errorId = `${id}-errors`;
  const helpId = `${id}-help`;
  const help = labels[`help.${item.code}`];
  const invalid = (errors?.length ?? 0) > 0;
  const describedBy = [help ? helpId : null, invalid ? errorId : null].filter(Boolean).join(' ') || undefined;
  const label = labels[item.code] ?? item.code;
  const type = item.type;
  const common = { id, 'aria-invalid': invalid, 'aria-describedby': describedBy, 'aria-required': item.required || undefined };
  const errorList = (
    <ul id={errorId} className="field__errors" aria-live="polite">
      {(errors ?? []).map((k) => (
        <li key={k}>{t(k)}</li>
      ))}
    </ul>
  );
  const extras = (
    <>
      {item.addition ? <p className="addition-flag">{labels.addition}</p> : null}
      {help ? (
        <p id={helpId} className="field__hint">
          {help}
        </p>
      ) : null}
      {item.code === 'agg.victim_minor' ? <p className="field__hint">{t('checklist.minor.proposed', { answer: labels[derivedMinor ? 'answer.yes' : 'answer.no'] ?? '' })}</p> : null}
    </>
  );
  const noteControl = item.withNote ? (
    <div className="item-note">
      <label htmlFor={`${id}-note`}>
        {labels['answer.note']} <span className="visually-hidden">— {label}</span>
      </label>
      <input id={`${id}-note`} type="text" maxLength={1000} value={typeof note === 'string' ? note : ''} onChange={(e) => onChange(`${item.code}${NOTE_SUFFIX}`, e.target.value)} />
    </div>
  ) : null;
  const required = item.required ? <span className="field__required"> ({t('common.required')})</span> : null;

  if (item.fixed) {
    return (
      <div className="field">
        <span className="field__label">{label}</span>
        <p id={id} tabIndex={-1}>
          {labels[`${item.code}=${String(value)}`] ?? String(value ?? '—')}
        </p>
      </div>
    );
  }

  if (type.kind === 'yesno' || type.kind === 'yesnounknown' || (type.kind === 'choice' && type.options.length <= 4) || type.kind === 'multi') {
    const options = type.kind === 'yesno' ? ['yes', 'no'] : type.kind === 'yesnounknown' ? ['yes', 'no', 'unknown'] : type.options;
    const multi = type.kind === 'multi';
    const optionLabel = (o: string) => (type.kind === 'yesno' || type.kind === 'yesnounknown' ? labels[`answer.${o}`] : labels[`${item.code}=${o}`]) ?? o;
    const selected = multi ? (Array.isArray(value) ? value : []) : value;
    return (
      <fieldset className={`field field--group${invalid ? ' field--invalid' : ''}`} id={id} tabIndex={-1} aria-invalid={invalid} aria-describedby={describedBy}>
        <legend>
          {label}
          {required}
        </legend>
        {extras}
        <div className={multi || options.length > 3 ? 'options options--stacked' : 'options'}>
          {options.map((o) => {
            const checked = multi ? (selected as string[]).includes(o) : selected === o;
            return (
              <label key={o} className="option">
                <input
                  type={multi ? 'checkbox' : 'radio'}
                  name={item.code}
                  value={o}
                  checked={checked}
                  onChange={(e) => {
                    if (multi) {
                      const current = (selected as string[]) ?? [];
                      onChange(item.code, e.target.checked ? [...current, o] : current.filter((x) => x !== o));
                    } else onChange(item.code, o);
                  }}
                />{' '}
                {optionLabel(o)}
              </label>
            );
          })}
          {!multi && value !== undefined ? (
            <button type="button" className="button button--link" onClick={() => onChange(item.code, null)}>
              {t('checklist.clear')} <span className="visually-hidden">— {label}</span>
            </button>
          ) : null}
        </div>
        {errorList}
        {noteControl}
      </fieldset>
    );
  }

  let control: React.ReactNode;
  if (type.kind === 'choice' || type.kind === 'country') {
    const options =
      type.kind === 'country'
        ? [...NATIONALITY_CODES].map((c) => ({ value: c, label: countryName(c, locale, labels) })).sort((a, b) => a.label.localeCompare(b.label, locale))
        : type.options.map((o) => ({ value: o, label: labels[`${item.code}=${o}`] ?? o }));
    control = (
      <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(item.code, e.target.value || null)}>
        <option value="">{t('checklist.choose')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (type.kind === 'date') {
    control = <input {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(item.code, e.target.value || null)} />;
  } else if (type.kind === 'integer' || type.kind === 'decimal') {
    control = (
      <NumberInput common={common} value={typeof value === 'number' ? value : undefined} integer={type.kind === 'integer'} min={type.min} max={type.max} onChange={(v) => onChange(item.code, v)} />
    );
  } else if (type.kind === 'text' && type.multiline) {
    control = <textarea {...common} maxLength={type.maxLength} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(item.code, e.target.value)} />;
  } else {
    control = <input {...common} type="text" maxLength={type.kind === 'text' ? type.maxLength : undefined} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(item.code, e.target.value)} />;
  }
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required}
      </label>
      {extras}
      {control}
      {errorList}
      {noteControl}
    </div>
  );
}

/** A number typed as text, kept as typed until it parses, so "12," or "-" never erase what the user is typing. */
function NumberInput({
  common,
  value,
  integer,
  min,
  max,
  onChange,
}: {
  common: Record<string, unknown>;
  value: number | undefined;
  integer: boolean;
  min: number;
  max: number;
  onChange: (v: number | null) => void;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  return (
    <input
      {...common}
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const normalised = e.target.value.trim().replace(',', '.');
        if (normalised === '') onChange(null);
        else if (/^-?\d+(\.\d+)?$/.test(normalised)) onChange(Number(normalised));
      }}
      title={`${min} – ${max}`}
    />
  );
}
