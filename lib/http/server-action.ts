import 'server-only';
import { notFound, redirect } from 'next/navigation';
import type { z } from 'zod';
import { failed, formValues, invalid, succeeded, type FormState } from '../form-state';
import type { Actor } from '../server/auth/actor';
import { DomainError } from '../server/errors';
import { actionActor, currentActor } from './current-actor';
import { formStateFromError } from './form-state-from-error';

/**
 * The two shapes of every server action. A server action is a public endpoint (any exported
 * one can be POSTed directly, with or without an Origin header), so each one goes through a
 * wrapper here: the signed-in actor read from the database, the input parsed with its zod
 * schema, one verb called (the verb authorises, scopes and audits), its errors mapped to the
 * form-state contract. Nothing else runs in an action.
 */

/** A form's fields with the coercions forms need, in one place (FormData values are strings). */
export class FormFields {
  readonly values: Record<string, string>;

  constructor(readonly formData: FormData) {
    this.values = formValues(formData);
  }

  /** The field as typed (secrets included), or undefined when absent. */
  raw(name: string): string | undefined {
    const value = this.formData.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  /** The field, an empty one as null (optional texts and choices). */
  optional(name: string): string | null {
    const value = this.raw(name);
    return value === undefined || value === '' ? null : value;
  }

  /** The field, an empty one as undefined (so the schema's default or "required" applies). */
  present(name: string): string | undefined {
    const value = this.raw(name);
    return value === '' ? undefined : value;
  }

  /** A checkbox: checked sends "on". */
  checked(name: string): boolean {
    return this.raw(name) === 'on';
  }

  /** A whole number typed in a field: empty → undefined, anything but digits → NaN (the schema refuses it by name). */
  wholeNumber(name: string): number | undefined {
    const value = this.raw(name)?.trim() ?? '';
    if (value === '') return undefined;
    return /^\d+$/.test(value) ? Number(value) : Number.NaN;
  }

  /** Every value of a repeated field (checkbox groups). */
  all(name: string): string[] {
    return this.formData.getAll(name).map(String);
  }
}

interface ActionSpec<S extends z.ZodType, R, Out> {
  schema: S;
  /** The schema's input from the form; the form's values as they are by default. */
  input?: (form: FormFields) => unknown;
  /** `active` (default): refused while a password set by an administrator is unchanged; `any`: the password change itself. */
  session?: 'active' | 'any';
  /** Calls one verb. */
  run: (call: { actor: Actor; input: z.output<S> }) => R | Promise<R>;
  /** After success: revalidate, redirect (outside any try, so Next's redirect is not caught); returns the form's result. */
  done?: (result: R, input: z.output<S>) => Out;
  /** Before an error becomes a form state: an error with its own answer (e.g. a redirect) is handled here. */
  onError?: (error: unknown, input: z.output<S>) => void;
}

async function actorFor(session: 'active' | 'any' | undefined): Promise<Actor | null> {
  return session === 'any' ? currentActor() : actionActor();
}

/** An action used with useActionState: answers a form state (errors by field, values kept). */
export function formStateAction<S extends z.ZodType, R, Out = undefined>(spec: ActionSpec<S, R, Out>) {
  return async (_previous: FormState, formData: FormData): Promise<FormState<Out>> => {
    const form = new FormFields(formData);
    const { values } = form;
    const actor = await actorFor(spec.session);
    if (!actor) return failed('errors.sessionExpired', values);
    const parsed = spec.schema.safeParse(spec.input ? spec.input(form) : values);
    if (!parsed.success) return invalid(parsed.error, values);
    let result: R;
    try {
      result = await spec.run({ actor, input: parsed.data });
    } catch (error) {
      spec.onError?.(error, parsed.data);
      return formStateFromError(error, values);
    }
    return succeeded(spec.done ? spec.done(result, parsed.data) : undefined) as FormState<Out>;
  };
}

/**
 * An action posted by a plain form (a button, no form state): signed out → the sign-in page;
 * a forged or out-of-scope request → "not found" (the verb audited the refusal); success → `done`.
 */
export function formAction<S extends z.ZodType, R>(spec: Omit<ActionSpec<S, R, void>, 'onError' | 'session'>) {
  return async (formData: FormData): Promise<void> => {
    const form = new FormFields(formData);
    const actor = await actionActor();
    if (!actor) redirect('/signin');
    const parsed = spec.schema.safeParse(spec.input ? spec.input(form) : form.values);
    // The page's own form always sends well-formed fields; anything else is forged.
    if (!parsed.success) notFound();
    let result: R;
    try {
      result = await spec.run({ actor, input: parsed.data });
    } catch (error) {
      if (error instanceof DomainError) notFound();
      throw error;
    }
    spec.done?.(result, parsed.data);
  };
}

/** An action called with an argument rather than a form (e.g. "mark as read" when a page opens). */
export function callAction<S extends z.ZodType, R>(spec: {
  schema: S;
  run: (call: { actor: Actor; input: z.output<S> }) => R;
  invalid?: string;
}) {
  return async (argument: unknown): Promise<FormState> => {
    const actor = await actionActor();
    if (!actor) return failed('errors.sessionExpired', {});
    const parsed = spec.schema.safeParse(argument);
    if (!parsed.success) return failed(spec.invalid ?? 'errors.validation', {});
    try {
      spec.run({ actor, input: parsed.data });
      return succeeded();
    } catch (error) {
      return formStateFromError(error, {});
    }
  };
}

/**
 * An action that needs no sign-in (the language switch, also on the sign-in page). It reaches
 * no verb of the data access layer: it may only touch the caller's own cookies.
 */
export function signedOutAction<S extends z.ZodType>(spec: {
  schema: S;
  run: (input: z.output<S>) => void | Promise<void>;
}) {
  return async (formData: FormData): Promise<void> => {
    const parsed = spec.schema.safeParse(new FormFields(formData).values);
    if (!parsed.success) return;
    await spec.run(parsed.data);
  };
}
