import 'server-only';
import { eq, or, type SQL } from 'drizzle-orm';
import { referrals } from '../../../db/schema';
import type { Side } from '../../referrals/state-machine';
import type { Actor } from '../auth/actor';

/**
 * Who sees a referral (docs/domain/access.md): the referring organisation, the centre it is addressed
 * to (only this referral: after a redirect the first centre keeps what it did and sees nothing
 * new), and the guardianship service for a minor. Used in every WHERE clause.
 */
export function referralScope(actor: Actor): SQL {
  return or(
    eq(referrals.referringOrganisationId, actor.organisationId),
    eq(referrals.centreId, actor.organisationId),
    eq(referrals.guardianshipOrganisationId, actor.organisationId),
  )!;
}

/** The side the actor acts for on this referral; the guardianship service follows but does not act. */
export function sideOf(actor: Actor, r: { centreId: string; referringOrganisationId: string | null }): Side | null {
  if (actor.role === 'centre_staff' && r.centreId === actor.organisationId) return 'centre';
  if (actor.role === 'referrer' && r.referringOrganisationId === actor.organisationId) return 'referrer';
  return null;
}
