import 'server-only';
import { notFound } from 'next/navigation';
import { NotFoundError } from '../server/errors';
import { UUID } from '../validation/common';

/**
 * For pages showing one record: the verb's answer, or the 404 page — for an id that cannot
 * exist, a record that does not, and one out of the actor's reach alike.
 */
export function recordOrNotFound<T>(id: string, read: (id: string) => T): T {
  if (!UUID.test(id)) notFound();
  try {
    return read(id);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}
