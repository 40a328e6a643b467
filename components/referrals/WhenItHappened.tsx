'use client';

import { useTranslations } from 'next-intl';

/**
 * "When did it happen?" for an event registered after the fact (decision 0019): folded away,
 * since most events are registered as they happen and an empty field means now. Opened when it
 * holds a value or an error. The late reason is asked beside it: the server requires one when
 * the moment is more than 7 days back.
 */
export function WhenItHappened({
  idPrefix,
  name = 'occurredAt',
  type = 'datetime-local',
  values,
  errors,
  max,
}: {
  idPrefix: string;
  name?: string;
  type?: 'datetime-local' | 'date';
  values: Record<string, string>;
  errors: Record<string, string[]>;
  /** The latest value the field allows: now, in Brussels. */
  max?: string;
}) {
  const t = useTranslations();
  const when = errors[name] ?? [];
  const late = errors.lateReason ?? [];
  const open = Boolean(values[name] || values.lateReason || when.length || late.length);
  const whenId = `${idPrefix}-${name}`;
  const lateId = `${idPrefix}-lateReason`;
  return (
    <details className="when-it-happened" open={open}>
      <summary>{t('referral.occurredAt.summary')}</summary>
      <div className={`field${when.length ? ' field--invalid' : ''}`}>
        <label htmlFor={whenId}>{t('referral.occurredAt.label')}</label>
        <p id={`${whenId}-hint`} className="field__hint">
          {t('referral.occurredAt.hint')}
        </p>
        <input
          id={whenId}
          name={name}
          type={type}
          max={max}
          defaultValue={values[name] ?? ''}
          aria-invalid={when.length > 0}
          aria-describedby={`${whenId}-hint${when.length ? ` ${whenId}-errors` : ''}`}
        />
        <ul id={`${whenId}-errors`} className="field__errors" aria-live="polite">
          {when.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </div>
      <div className={`field${late.length ? ' field--invalid' : ''}`}>
        <label htmlFor={lateId}>{t('referral.occurredAt.lateReason')}</label>
        <p id={`${lateId}-hint`} className="field__hint">
          {t('referral.occurredAt.lateReasonHint')}
        </p>
        <input
          id={lateId}
          name="lateReason"
          type="text"
          maxLength={500}
          defaultValue={values.lateReason ?? ''}
          aria-invalid={late.length > 0}
          aria-describedby={`${lateId}-hint${late.length ? ` ${lateId}-errors` : ''}`}
        />
        <ul id={`${lateId}-errors`} className="field__errors" aria-live="polite">
          {late.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </div>
    </details>
  );
}
