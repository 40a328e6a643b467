import 'server-only';
import { failed, type FormState } from '../form-state';
import { DomainError, NotFoundError } from '../server/errors';

/** Maps an error of the data access layer to the form-state contract; anything else is rethrown (500, logged). */
export function formStateFromError(error: unknown, values: Record<string, string>): FormState<never> {
  if (error instanceof NotFoundError) return failed('errors.notFound', values);
  if (error instanceof DomainError) return failed(error.code, values, error.fieldErrors);
  throw error;
}
