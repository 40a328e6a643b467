'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

interface FieldProps {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'number' | 'date';
  defaultValue?: string;
  autoComplete?: string;
  maxLength?: number;
  /** A select or another control; it receives the same id and ARIA attributes via render. */
  render?: (control: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
    required?: boolean;
  }) => ReactNode;
}

/**
 * One labelled control with its hint and its errors: the label is tied to the control, the
 * control says when it is invalid and points at its hint and errors, and the error list is a
 * live region, so a screen reader hears the message where the user is.
 */
export function Field({
  name,
  label,
  errors,
  hint,
  required,
  type = 'text',
  defaultValue,
  autoComplete,
  maxLength,
  render,
}: FieldProps) {
  const t = useTranslations();
  const id = `field-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-errors`;
  const invalid = (errors?.length ?? 0) > 0;
  const describedBy = [hintId, invalid ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  const control = { id, name, 'aria-invalid': invalid, 'aria-describedby': describedBy, required };
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="field__required"> ({t('common.required')})</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {render ? (
        render(control)
      ) : (
        <input {...control} type={type} defaultValue={defaultValue} autoComplete={autoComplete} maxLength={maxLength} />
      )}
      <ul id={errorId} className="field__errors" aria-live="polite">
        {(errors ?? []).map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
    </div>
  );
}
