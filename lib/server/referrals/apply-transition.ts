import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq, max } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { organisations, referralEvents, referrals } from '../../../db/schema';
import { eligibleCentres, type CentreCode } from '../../referrals/routing';
import { FINAL_STATUSES, type ReferralStatus, type Side } from '../../referrals/state-machine';
import { yearInBrussels } from '../../time';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { notifyOrganisation } from '../notifications/notify-organisation';
import { minimiseOnTransition } from './reduce-packet';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Referral = typeof referrals.$inferSelect;

/**
 * The moment the last event of a referral happened, or its receipt if later: a new event may
 * not have happened before it (decision 0019).
 */
export function lastOccurredAt(tx: Tx, referral: Pick<Referral, 'id' | 'receivedAt'>): string {
  const last =
    tx
      .select({ at: max(referralEvents.occurredAt) })
      .from(referralEvents)
      .where(eq(referralEvents.referralId, referral.id))
      .get()?.at ?? null;
  return last !== null && last > referral.receivedAt ? last : referral.receivedAt;
}

/**
 * Writes a transition already checked against the life cycle (transitionReferral, and a
 * registered request's outcome): the referral's status and the times the statistics read, the
 * event, a redirect's new referral, data minimisation, notifications and the audit entry.
 * Every time the statistics read is the moment it happened (`occurredAt`); `now` is when it is
 * registered, which the event and the audit keep beside it.
 */
export function applyTransition(
  tx: Tx,
  {
    referral: r,
    actor,
    side,
    to,
    reason,
    note,
    redirectTo,
    occurredAt,
    lateReason,
    now,
  }: {
    referral: Referral;
    actor: Actor;
    side: Side;
    to: ReferralStatus;
    reason: string | null;
    note: string | null;
    redirectTo: CentreCode | null;
    occurredAt: string;
    lateReason: string | null;
    now: Date;
  },
):
  | { kind: 'ok'; status: ReferralStatus; version: number; newReferralId: string | null }
  | { kind: 'invalid'; error: string; field: string } {
  const at = now.toISOString();
  const occurred = new Date(occurredAt);
  let newReferralId: string | null = null;
  if (to === 'redirected') {
    if (!redirectTo || !eligibleCentres(r.minor).includes(redirectTo))
      return { kind: 'invalid', error: 'errors.referral.centreNotEligible', field: 'redirectTo' };
    const target = tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.code, redirectTo))
      .get();
    if (!target || target.id === r.centreId)
      return { kind: 'invalid', error: 'errors.referral.redirectSameCentre', field: 'redirectTo' };
    newReferralId = randomUUID();
    // The new centre's clock (overdue, response times) starts when the redirect happened.
    tx.insert(referrals)
      .values({
        ...r,
        id: newReferralId,
        centreId: target.id,
        previousReferralId: r.id,
        status: 'sent',
        version: 1,
        idempotencyKey: `redirect-${r.id}`,
        createdBy: actor.userId,
        receivedAt: occurredAt,
        firstActionAt: null,
        acceptedAt: null,
        firstActionSeconds: null,
        acceptedSeconds: null,
        acceptedYear: null,
        endedAt: null,
        updatedAt: at,
      })
      .run();
    tx.insert(referralEvents)
      .values({
        id: randomUUID(),
        referralId: newReferralId,
        fromStatus: null,
        toStatus: 'sent',
        actorUserId: actor.userId,
        actorOrganisationId: actor.organisationId,
        note,
        at,
        occurredAt,
        lateReason,
      })
      .run();
    notifyOrganisation(tx, {
      organisationId: target.id,
      exceptUserId: actor.userId,
      referralId: newReferralId,
      kind: 'referral.received',
      status: 'sent',
      at,
    });
  }
  const version = r.version + 1;
  tx.update(referrals)
    .set({
      status: to,
      version,
      updatedAt: at,
      firstActionAt: r.firstActionAt ?? (side === 'centre' ? occurredAt : null),
      acceptedAt: to === 'accepted' ? occurredAt : r.acceptedAt,
      firstActionSeconds: r.firstActionSeconds ?? (side === 'centre' ? secondsBetween(r.receivedAt, occurred) : null),
      acceptedSeconds: to === 'accepted' ? secondsBetween(r.receivedAt, occurred) : r.acceptedSeconds,
      acceptedYear: to === 'accepted' ? yearInBrussels(occurred) : r.acceptedYear,
      endedAt: FINAL_STATUSES.includes(to) ? occurredAt : r.endedAt,
    })
    .where(eq(referrals.id, r.id))
    .run();
  tx.insert(referralEvents)
    .values({
      id: randomUUID(),
      referralId: r.id,
      fromStatus: r.status,
      toStatus: to,
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      note,
      reason,
      at,
      occurredAt,
      lateReason,
    })
    .run();
  // A withdrawal, or an acceptance after a redirect, leaves centres no need for the person's details.
  minimiseOnTransition(tx, { referral: r, to, actor, at: now });
  // Tell the other side (and the guardianship service for a minor).
  const others = [side === 'centre' ? r.referringOrganisationId : r.centreId, r.guardianshipOrganisationId].filter(
    (o): o is string => Boolean(o) && o !== actor.organisationId,
  );
  for (const organisationId of others)
    notifyOrganisation(tx, {
      organisationId,
      exceptUserId: actor.userId,
      referralId: r.id,
      kind: 'referral.status',
      status: to,
      at,
    });
  auditAct(
    tx,
    actor,
    'referral.transition',
    { type: 'referral', id: r.id },
    { detail: { from: r.status, to, newReferralId, ...lateDetail(occurredAt, lateReason) }, at: now },
  );
  return { kind: 'ok', status: to, version, newReferralId };
}

/** The audit detail of an event's moment: when it happened (the entry's own time is its registration), and why late. */
export function lateDetail(occurredAt: string, lateReason: string | null): { occurredAt: string; lateReason?: string } {
  return { occurredAt, ...(lateReason ? { lateReason } : {}) };
}

/** Whole seconds from a referral's arrival to an event (statistics table 15 reads them from an index). */
function secondsBetween(receivedAt: string, occurred: Date): number {
  return Math.round((occurred.getTime() - Date.parse(receivedAt)) / 1000);
}
