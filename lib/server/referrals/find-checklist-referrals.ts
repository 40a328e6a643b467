import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, referrals } from '../../../db/schema';
import { isOpen, type ReferralStatus } from '../../referrals/state-machine';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

/** The referrals made from one of the actor's organisation's check-lists (the chain, oldest first). */
export function findChecklistReferrals({
  actor,
  checklistId,
}: {
  actor: Actor;
  checklistId: string;
}): { id: string; status: ReferralStatus; centreName: string; open: boolean }[] {
  authorize(actor, 'referral.create');
  return getDb()
    .select({
      id: referrals.id,
      status: referrals.status,
      centreName: organisations.name,
      receivedAt: referrals.receivedAt,
    })
    .from(referrals)
    .innerJoin(organisations, eq(organisations.id, referrals.centreId))
    .where(and(eq(referrals.checklistId, checklistId), eq(referrals.referringOrganisationId, actor.organisationId)))
    .orderBy(asc(referrals.receivedAt))
    .all()
    .map(({ receivedAt: _r, ...r }) => ({ ...r, open: isOpen(r.status) }));
}
