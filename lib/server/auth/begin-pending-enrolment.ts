import 'server-only';
import { getDb } from '../../../db/client';
import type { PendingSignIn } from './resolve-session';
import { prepareEnrolmentInTx, type EnrolmentSheet } from './second-factor-store';

/**
 * The enrolment sheet of a person half-way through sign-in whom the policy (or an
 * administrator's reset) requires to set up a second factor: a new secret and recovery codes,
 * confirmed by the app's first code at the second step (completeSecondFactor).
 */
export async function beginPendingEnrolment({
  pending,
  now = new Date(),
}: {
  pending: PendingSignIn;
  now?: Date;
}): Promise<EnrolmentSheet | null> {
  if (pending.step !== 'enrol') return null;
  return prepareEnrolmentInTx(getDb(), { id: pending.userId, email: pending.email }, now);
}
