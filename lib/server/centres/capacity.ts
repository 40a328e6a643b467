import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { centreCapacity, organisations } from '../../../db/schema';
import { CENTRE_CODES } from '../../referrals/routing';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';

export interface CentreCapacityItem {
  centreId: string;
  code: string;
  name: string;
  placesFree: number | null;
  ambulatoryOpen: boolean | null;
  updatedAt: string | null;
}

/** Every centre's current capacity (no person data): referrers see it before choosing. */
export function findCentreCapacities({ actor }: { actor: Actor }): CentreCapacityItem[] {
  authorize(actor, 'referral.read');
  return getDb()
    .select({
      centreId: organisations.id,
      code: organisations.code,
      name: organisations.name,
      placesFree: centreCapacity.placesFree,
      ambulatoryOpen: centreCapacity.ambulatoryOpen,
      updatedAt: centreCapacity.updatedAt,
    })
    .from(organisations)
    .leftJoin(centreCapacity, eq(centreCapacity.centreId, organisations.id))
    .where(inArray(organisations.code, [...CENTRE_CODES]))
    .all();
}

/** A centre's staff update their own centre's capacity; any other centre is "not found". */
export function updateCentreCapacity({
  actor,
  centreId,
  placesFree,
  ambulatoryOpen,
  now = new Date(),
}: {
  actor: Actor;
  centreId: string;
  placesFree: number;
  ambulatoryOpen: boolean;
  now?: Date;
}): void {
  authorize(actor, 'centre.capacity.update', { type: 'centre', id: centreId });
  if (centreId !== actor.organisationId) {
    auditRefusal(actor, 'centre.capacity.update', { type: 'centre', id: centreId }, 'scope');
    throw new NotFoundError();
  }
  const at = now.toISOString();
  getDb().transaction(
    (tx) => {
      tx.insert(centreCapacity)
        .values({ centreId, placesFree, ambulatoryOpen, updatedAt: at, updatedBy: actor.userId })
        .onConflictDoUpdate({
          target: centreCapacity.centreId,
          set: { placesFree, ambulatoryOpen, updatedAt: at, updatedBy: actor.userId },
        })
        .run();
      auditAct(
        tx,
        actor,
        'centre.capacity.update',
        { type: 'centre', id: centreId },
        { detail: { placesFree, ambulatoryOpen }, at: now },
      );
    },
    { behavior: 'immediate' },
  );
}
