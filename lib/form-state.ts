import type { z } from 'zod';

/**
 * The one form-state contract of every server action (conventions.md): a status, per-field
 * errors and a form-level error (both as message keys of the catalogues), and the values typed,
 * so that a refused form is shown again with nothing lost.
 */
export interface FormState<R = unknown> {
  status: 'idle' | 'error' | 'success';
  fieldErrors: Record<string, string[]>;
  formError?: string;
  values: Record<string, string>;
  result?: R;
}

export const initialFormState: FormState<never> = { status: 'idle', fieldErrors: {}, values: {} };

/** Fields never echoed back to the browser. */
const SECRET_FIELDS = /password|secret/i;

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION') || SECRET_FIELDS.test(key)) continue;
    values[key] = value;
  }
  return values;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  // A Map, not `out[field] ??= []`: field names come from the input (a check-list patch's item
  // codes), and "constructor" or "__proto__" would reach Object.prototype instead of a list.
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  return Object.fromEntries(byField);
}

export function invalid(error: z.ZodError, values: Record<string, string>): FormState<never> {
  return { status: 'error', fieldErrors: fieldErrorsOf(error), values };
}

export function failed(
  formError: string,
  values: Record<string, string>,
  fieldErrors: Record<string, string[]> = {},
): FormState<never> {
  return { status: 'error', fieldErrors, formError, values };
}

export function succeeded<R>(result?: R): FormState<R> {
  return { status: 'success', fieldErrors: {}, values: {}, result };
}
