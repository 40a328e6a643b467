import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { referrals } from '../../../db/schema';
import type { CentreRequestInput } from '../../validation/referrals';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { writeCentreRequest } from './write-centre-request';

/**
 * A centre registers a request that came by another channel (walk-in, NGO, lawyer, hospital,
 * Fedasil, Child Focus, outreach…) with what the statistics need; it then follows the same
 * life cycle, starting as acknowledged (the centre has it) on the day it was received. A request
 * already decided carries its `outcome` (a move the centre may make from acknowledged) and the
 * day of it, `outcomeOn`, and is recorded with it in one step (decision 0019).
 */
export function registerCentreRequest({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: CentreRequestInput;
  now?: Date;
}): { id: string; created: boolean } {
  authorize(actor, 'centre_request.create');
  const db = getDb();
  return db.transaction(
    (tx) => {
      const existing = tx
        .select({ id: referrals.id })
        .from(referrals)
        .where(and(eq(referrals.createdBy, actor.userId), eq(referrals.idempotencyKey, input.idempotencyKey)))
        .get();
      if (existing) return { id: existing.id, created: false };
      const id = writeCentreRequest(tx, { actor, centreId: actor.organisationId, input, now });
      return { id, created: true };
    },
    { behavior: 'immediate' },
  );
}
