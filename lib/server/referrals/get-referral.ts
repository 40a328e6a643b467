import 'server-only';
import { alias } from 'drizzle-orm/sqlite-core';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists, organisations, referralEvents, referrals, users } from '../../../db/schema';
import { caseLabel, glimpseFromPacket, type PersonGlimpse } from '../../referrals/case-label';
import { allowedTransitions, isOverdue, type ReferralStatus } from '../../referrals/state-machine';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';
import type { PacketMinimisation, ReferralPacket } from './packet-from';
import { referralScope, sideOf } from './referral-scope';

export interface ReferralDetail {
  id: string;
  /** The case's label (decision 0023), the same for every party. */
  label: string;
  person: PersonGlimpse;
  /** For a minor: the guardianship service told of every step (the timeline says so). */
  guardianshipName: string | null;
  status: ReferralStatus;
  version: number;
  centreName: string;
  centreCode: string;
  referringOrganisationName: string | null;
  checklistId: string | null;
  source: string;
  caseType: string;
  minor: boolean;
  overdue: boolean;
  receivedAt: string;
  choiceReason: string | null;
  packet: Omit<ReferralPacket, 'minimised'>;
  /** When and why the person's details were removed before retention (a withdrawal, or the person accepted after a redirect). */
  minimised: PacketMinimisation | null;
  /** When retention erased the personal data of this ended referral. */
  reducedAt: string | null;
  side: 'referrer' | 'centre' | null;
  actions: { to: ReferralStatus; reasons: readonly string[] | null }[];
  /** Each event: when it happened (`occurredAt`) and when it was registered (`at`), which differ when registered late (decision 0019). */
  timeline: {
    at: string;
    occurredAt: string;
    lateReason: string | null;
    from: ReferralStatus | null;
    to: ReferralStatus;
    actorName: string;
    organisationName: string;
    note: string | null;
    reason: string | null;
  }[];
  /** The referrals before and after this one in a redirect chain, as far as the actor may see them. */
  previous: { id: string; centreName: string; status: ReferralStatus } | null;
  next: { id: string; centreName: string; status: ReferralStatus } | null;
}

/** One referral within the actor's reach, with its timeline. Audited. (Opening it marks notifications read: markReferralNotificationsRead.) */
export function getReferral({ actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }): ReferralDetail {
  authorize(actor, 'referral.read', { type: 'referral', id });
  const centre = alias(organisations, 'centre');
  const referring = alias(organisations, 'referring');
  const actorOrg = alias(organisations, 'actor_org');
  const guardianship = alias(organisations, 'guardianship');
  const db = getDb();
  const detail = db.transaction(
    (tx) => {
      const r = tx
        .select({
          referral: referrals,
          centreName: centre.name,
          centreCode: centre.code,
          referringName: referring.name,
          guardianshipName: guardianship.name,
          reference: checklists.reference,
        })
        .from(referrals)
        .innerJoin(centre, eq(centre.id, referrals.centreId))
        .leftJoin(referring, eq(referring.id, referrals.referringOrganisationId))
        .leftJoin(guardianship, eq(guardianship.id, referrals.guardianshipOrganisationId))
        .leftJoin(checklists, eq(checklists.id, referrals.checklistId))
        .where(and(eq(referrals.id, id), referralScope(actor)))
        .get();
      if (!r) return null;
      const ref = r.referral;
      const timeline = tx
        .select({
          at: referralEvents.at,
          occurredAt: referralEvents.occurredAt,
          lateReason: referralEvents.lateReason,
          from: referralEvents.fromStatus,
          to: referralEvents.toStatus,
          actorName: users.name,
          organisationName: actorOrg.name,
          note: referralEvents.note,
          reason: referralEvents.reason,
        })
        .from(referralEvents)
        .innerJoin(users, eq(users.id, referralEvents.actorUserId))
        .innerJoin(actorOrg, eq(actorOrg.id, referralEvents.actorOrganisationId))
        .where(eq(referralEvents.referralId, id))
        .orderBy(asc(referralEvents.at))
        .all() as ReferralDetail['timeline'];
      const linked = (where: ReturnType<typeof eq>) =>
        tx
          .select({ id: referrals.id, centreName: centre.name, status: referrals.status })
          .from(referrals)
          .innerJoin(centre, eq(centre.id, referrals.centreId))
          .where(and(where, referralScope(actor)))
          .get() ?? null;
      const side = sideOf(actor, ref);
      const { minimised = null, ...packet } = JSON.parse(ref.packet) as ReferralPacket;
      auditAct(tx, actor, 'referral.read', { type: 'referral', id: id });
      return {
        id: ref.id,
        label: caseLabel({ referralId: ref.id, reference: r.reference, checklistId: ref.checklistId }),
        person: glimpseFromPacket(ref.packet, { sex: ref.personSex, age: ref.personAge, minor: ref.minor }),
        guardianshipName: r.guardianshipName,
        status: ref.status,
        version: ref.version,
        centreName: r.centreName,
        centreCode: r.centreCode,
        referringOrganisationName: r.referringName,
        checklistId: side === 'referrer' ? ref.checklistId : null,
        source: ref.source,
        caseType: ref.caseType,
        minor: ref.minor,
        overdue: isOverdue(ref.status, ref.receivedAt, ref.minor, now),
        receivedAt: ref.receivedAt,
        choiceReason: ref.choiceReason,
        packet,
        minimised,
        reducedAt: ref.reducedAt,
        side,
        actions: side
          ? allowedTransitions(ref.status, side, { minor: ref.minor, centre: r.centreCode }).map((t) => ({
              to: t.to,
              reasons: t.reasons ?? null,
            }))
          : [],
        timeline,
        previous: ref.previousReferralId ? linked(eq(referrals.id, ref.previousReferralId)) : null,
        next: linked(eq(referrals.previousReferralId, ref.id)),
      } satisfies ReferralDetail;
    },
    { behavior: 'immediate' },
  );
  if (!detail) {
    auditRefusal(actor, 'referral.read', { type: 'referral', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  return detail;
}
