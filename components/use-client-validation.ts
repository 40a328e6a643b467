'use client';

import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { fieldErrorsOf, type FormState } from '@/lib/form-state';

/**
 * The app's message for what the browser found wrong with a control. Forms carry `noValidate`:
 * the browser still checks `required`, `maxLength`, `type="email"`… but says nothing; the
 * message is Relais's own, in the interface language, under the field.
 */
export function constraintErrorKey(validity: ValidityState, type: string): string | null {
  if (validity.valid) return null;
  if (validity.valueMissing) return 'errors.required';
  if (validity.tooLong) return 'errors.tooLong';
  if (validity.typeMismatch) return type === 'email' ? 'errors.email' : 'errors.invalid';
  if (validity.rangeUnderflow || validity.rangeOverflow) return 'errors.outOfRange';
  if (validity.badInput)
    return type === 'date' ? 'errors.invalidDate' : type === 'number' ? 'errors.number' : 'errors.invalid';
  return 'errors.invalid';
}

/** The controls of a form the browser finds invalid, by name, with the app's message keys. */
export function constraintErrors(form: HTMLFormElement): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const element of Array.from(form.elements)) {
    if (
      !(
        element instanceof HTMLInputElement ||
        element instanceof HTMLSelectElement ||
        element instanceof HTMLTextAreaElement
      ) ||
      !element.name ||
      element.disabled
    )
      continue;
    const key = constraintErrorKey(element.validity, element.type);
    if (key && !errors[element.name]) errors[element.name] = [key];
  }
  return errors;
}

/**
 * Immediate feedback with the server's own schema (the server parses again): a form that fails
 * it is not sent, its errors are shown by field and the first field with an error takes the
 * focus. Without a schema, the controls' own constraints (`required`, `maxLength`…) are checked
 * the same way, with the app's messages instead of the browser's. Once the form is sent, the
 * server's answer is shown again.
 */
export function useClientValidation(schema: z.ZodType | null, state: FormState<unknown>) {
  const [clientErrors, setClientErrors] = useState<Record<string, string[]> | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const parsed = schema ? schema.safeParse(Object.fromEntries(new FormData(form))) : null;
    const fieldErrors = parsed ? (parsed.success ? {} : fieldErrorsOf(parsed.error)) : constraintErrors(form);
    if (Object.keys(fieldErrors).length === 0) {
      setClientErrors(null);
      return;
    }
    event.preventDefault();
    setClientErrors(fieldErrors);
    const first = Object.keys(fieldErrors)[0];
    if (first)
      (document.getElementById(`field-${first}`) ?? (form.elements.namedItem(first) as HTMLElement | null))?.focus?.();
  };
  return {
    errors: clientErrors ?? state.fieldErrors,
    /** The server's form-level error, unless the browser's check is what is shown. */
    formError: clientErrors ? undefined : state.formError,
    /** Spread on the form: no browser bubbles, the app's check instead. */
    formProps: { noValidate: true, onSubmit },
    onSubmit,
  };
}
