import 'server-only';
import { getDb } from '../../../db/client';
import type { Actor } from './actor';
import { authorize } from './authorize';
import { prepareEnrolmentInTx, secondFactorOf, type EnrolmentSheet } from './second-factor-store';

/** A signed-in person without a second factor sets one up: the sheet to copy, confirmed by confirmTotpEnrolment. */
export async function beginTotpEnrolment({
  actor,
  now = new Date(),
}: {
  actor: Actor;
  now?: Date;
}): Promise<EnrolmentSheet | null> {
  authorize(actor, 'account.second_factor');
  const db = getDb();
  if (secondFactorOf(db, actor.userId)?.totpSecret) return null;
  return prepareEnrolmentInTx(db, { id: actor.userId, email: actor.email }, now);
}
