'use client';

import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { fieldErrorsOf, type FormState } from '@/lib/form-state';

/**
 * Immediate feedback with the server's own schema (the server parses again): a form that fails
 * it is not sent, its errors are shown by field and the first field with an error takes the
 * focus. Once the form is sent, the server's answer is shown again.
 */
export function useClientValidation(schema: z.ZodType, state: FormState<unknown>) {
  const [clientErrors, setClientErrors] = useState<Record<string, string[]> | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const parsed = schema.safeParse(Object.fromEntries(new FormData(event.currentTarget)));
    if (parsed.success) {
      setClientErrors(null);
      return;
    }
    event.preventDefault();
    const fieldErrors = fieldErrorsOf(parsed.error);
    setClientErrors(fieldErrors);
    const first = Object.keys(fieldErrors)[0];
    if (first) document.getElementById(`field-${first}`)?.focus();
  };
  return {
    errors: clientErrors ?? state.fieldErrors,
    /** The server's form-level error, unless the browser's check is what is shown. */
    formError: clientErrors ? undefined : state.formError,
    onSubmit,
  };
}
