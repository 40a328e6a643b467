import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { referrals } from '../../../db/schema';
import type { ReferralStatus } from '../../referrals/state-machine';
import type { Actor } from '../auth/actor';
import { writeAudit } from '../audit/write-audit';
import type { PacketMinimisation, ReferralPacket } from './packet-from';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * The packet without anything that identifies or reaches the person: what the statistics
 * columns also hold. Retention applies it after the retention period; a withdrawal or an
 * acceptance after a redirect applies it at once (minimiseOnTransition).
 */
export function reducePacket(packet: Partial<ReferralPacket>): ReferralPacket {
  const person = packet.person;
  return {
    person: {
      name: null,
      sex: person?.sex ?? null,
      age: person?.age ?? null,
      minor: person?.minor ?? false,
      nationality: person?.nationality ?? null,
      contact: null,
      noSafeContact: false,
      languages: null,
      interpreter: null,
    },
    forms: packet.forms ?? [],
    urgentNeeds: null,
    referrer: null,
  };
}

/**
 * Data minimisation on the transition that makes the person's details needless to a centre
 * (docs/domain/referrals.md#data-minimisation), in the transaction of that transition:
 *  - a withdrawal: no centre of the chain will see the person through it, so this referral and
 *    the redirected ones before it lose the details;
 *  - an acceptance: the person is now with this centre, so the centres that redirected the
 *    referral here lose them. Until then the person may still come back to them.
 * Status, dates, timeline and notes stay (retention erases the notes later). Only the referral's
 * packet changes: the referring service's check-list is its own and stays whole.
 */
export function minimiseOnTransition(
  tx: Tx,
  {
    referral,
    to,
    actor,
    at,
  }: { referral: { id: string; previousReferralId: string | null }; to: ReferralStatus; actor: Actor; at: Date },
): void {
  const because: PacketMinimisation['because'] | null =
    to === 'withdrawn' ? 'withdrawn' : to === 'accepted' ? 'accepted_elsewhere' : null;
  if (!because) return;
  const ids = because === 'withdrawn' ? [referral.id] : [];
  const seen = new Set([referral.id]);
  for (let previous = referral.previousReferralId; previous && !seen.has(previous);) {
    seen.add(previous);
    ids.push(previous);
    previous =
      tx.select({ previous: referrals.previousReferralId }).from(referrals).where(eq(referrals.id, previous)).get()
        ?.previous ?? null;
  }
  for (const id of ids) minimisePacket(tx, id, { because, cause: referral.id, actor, at });
}

/** Reduces one referral's packet as retention does and records why, unless it is already reduced. Audited. */
function minimisePacket(
  tx: Tx,
  id: string,
  { because, cause, actor, at }: { because: PacketMinimisation['because']; cause: string; actor: Actor; at: Date },
): void {
  const row = tx
    .select({ packet: referrals.packet, reducedAt: referrals.reducedAt })
    .from(referrals)
    .where(eq(referrals.id, id))
    .get();
  if (!row || row.reducedAt) return;
  const packet = JSON.parse(row.packet) as Partial<ReferralPacket>;
  if (packet.minimised) return;
  const minimised: ReferralPacket = { ...reducePacket(packet), minimised: { at: at.toISOString(), because } };
  tx.update(referrals)
    .set({ packet: JSON.stringify(minimised), shareChecklist: false })
    .where(eq(referrals.id, id))
    .run();
  writeAudit(tx, {
    action: 'referral.packet_reduced',
    outcome: 'ok',
    actorUserId: actor.userId,
    actorOrganisationId: actor.organisationId,
    targetType: 'referral',
    targetId: id,
    ip: actor.ip,
    at,
    detail: { because, cause },
  });
}
