import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { referralEvents, referrals } from '../../../db/schema';
import type { CentreRequestInput } from '../../validation/referrals';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import { yearInBrussels } from '../../time';
import type { ReferralPacket } from './packet-from';

/**
 * A centre registers a request that came by another channel (walk-in, NGO, lawyer, hospital,
 * Fedasil, Child Focus, outreach…) with what the statistics need; it then follows the same
 * life cycle, starting as acknowledged (the centre has it).
 */
export function registerCentreRequest({ actor, input, now = new Date() }: { actor: Actor; input: CentreRequestInput; now?: Date }): { id: string; created: boolean } {
  authorize(actor, 'centre_request.create');
  const db = getDb();
  return db.transaction(
    (tx) => {
      const existing = tx.select({ id: referrals.id }).from(referrals).where(and(eq(referrals.createdBy, actor.userId), eq(referrals.idempotencyKey, input.idempotencyKey))).get();
      if (existing) return { id: existing.id, created: false };
      const id = randomUUID();
      const at = now.toISOString();
      const received = new Date(`${input.receivedOn}T12:00:00Z`);
      const minor = input.minor ?? (input.age !== undefined ? input.age < 18 : false);
      const packet: ReferralPacket = {
        person: { name: null, sex: input.sex, age: input.age ?? null, minor, nationality: input.nationality, contact: null, noSafeContact: false, languages: null, interpreter: null },
        forms: input.forms,
        urgentNeeds: input.note ?? null,
        referrer: null,
      };
      tx.insert(referrals)
        .values({
          id,
          checklistId: null,
          centreId: actor.organisationId,
          referringOrganisationId: null,
          guardianshipOrganisationId: null,
          previousReferralId: null,
          source: input.source,
          caseType: input.caseType,
          status: 'acknowledged',
          version: 1,
          idempotencyKey: input.idempotencyKey,
          minor,
          personSex: input.sex,
          personAge: input.age ?? null,
          personNationality: input.nationality,
          forms: input.forms.join(','),
          packet: JSON.stringify(packet),
          createdBy: actor.userId,
          receivedAt: received.toISOString(),
          year: yearInBrussels(received),
          firstActionAt: at,
          firstActionSeconds: Math.max(0, Math.round((Date.parse(at) - received.getTime()) / 1000)),
          updatedAt: at,
        })
        .run();
      tx.insert(referralEvents)
        .values({ id: randomUUID(), referralId: id, fromStatus: null, toStatus: 'acknowledged', actorUserId: actor.userId, actorOrganisationId: actor.organisationId, note: null, at })
        .run();
      auditAct(tx, actor, 'centre_request.create', { type: 'referral', id: id }, { detail: { source: input.source }, at: now });
      return { id, created: true };
    },
    { behavior: 'immediate' },
  );
}
