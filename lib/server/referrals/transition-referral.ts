import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, referralEvents, referrals } from '../../../db/schema';
import { eligibleCentres, type CentreCode } from '../../referrals/routing';
import { checkTransition, FINAL_STATUSES, type ReferralStatus } from '../../referrals/state-machine';
import { yearInBrussels } from '../../time';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { recountChecklists } from '../statistics/counts';
import { auditRefusal, authorize } from '../auth/authorize';
import { ConflictError, DomainError, NotFoundError } from '../errors';
import { notifyOrganisation } from '../notifications/notify-organisation';
import { minimiseOnTransition } from './reduce-packet';
import { referralScope, sideOf } from './referral-scope';

export class ReferralConflictError extends ConflictError {
  constructor(public readonly current: { status: ReferralStatus; version: number }) {
    super('errors.referral.conflict', {}, { current });
  }
}

/**
 * Moves a referral along its life cycle (lib/referrals/state-machine.ts decides what is
 * allowed, for whom, with which reason). `expectedVersion` is the version the user saw: if
 * someone acted meanwhile, nothing is written and the caller gets the current state.
 * Redirecting closes this referral and opens a new one to another centre, keeping the chain.
 * Withdrawing it, or accepting a redirected one, reduces the packets the centres no longer need.
 */
export function transitionReferral({
  actor,
  referralId,
  to,
  note = null,
  reason = null,
  expectedVersion,
  redirectTo = null,
  now = new Date(),
}: {
  actor: Actor;
  referralId: string;
  to: ReferralStatus;
  note?: string | null;
  reason?: string | null;
  expectedVersion: number;
  redirectTo?: CentreCode | null;
  now?: Date;
}): { status: ReferralStatus; version: number; newReferralId: string | null } {
  authorize(actor, 'referral.act', { type: 'referral', id: referralId });
  const db = getDb();
  const outcome = db.transaction(
    (tx) => {
      const r = tx.select().from(referrals).where(and(eq(referrals.id, referralId), referralScope(actor))).get();
      if (!r) return { kind: 'not_found' as const };
      const side = sideOf(actor, r);
      if (!side) return { kind: 'not_found' as const };
      if (r.version !== expectedVersion) return { kind: 'conflict' as const, current: { status: r.status, version: r.version } };
      const check = checkTransition(r.status, to, side, reason);
      if (!check.ok) {
        const field = check.error === 'reason_required' || check.error === 'invalid_reason' ? 'reason' : 'to';
        return { kind: 'invalid' as const, error: `errors.referral.${check.error}`, field };
      }
      // Accepting (or first acting on) a referral orients its person: the statistics counters follow.
      return recountChecklists(tx, [r.checklistId], () => {
        const at = now.toISOString();
        let newReferralId: string | null = null;
        if (to === 'redirected') {
          if (!redirectTo || !eligibleCentres(r.minor).includes(redirectTo)) return { kind: 'invalid' as const, error: 'errors.referral.centreNotEligible', field: 'redirectTo' };
          const target = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, redirectTo)).get();
          if (!target || target.id === r.centreId) return { kind: 'invalid' as const, error: 'errors.referral.redirectSameCentre', field: 'redirectTo' };
          newReferralId = randomUUID();
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
              receivedAt: at,
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
            .values({ id: randomUUID(), referralId: newReferralId, fromStatus: null, toStatus: 'sent', actorUserId: actor.userId, actorOrganisationId: actor.organisationId, note, at })
            .run();
          notifyOrganisation(tx, { organisationId: target.id, exceptUserId: actor.userId, referralId: newReferralId, kind: 'referral.received', status: 'sent', at });
        }
        const version = r.version + 1;
        tx.update(referrals)
          .set({
            status: to,
            version,
            updatedAt: at,
            firstActionAt: r.firstActionAt ?? (side === 'centre' ? at : null),
            acceptedAt: to === 'accepted' ? at : r.acceptedAt,
            firstActionSeconds: r.firstActionSeconds ?? (side === 'centre' ? secondsSince(r.receivedAt, now) : null),
            acceptedSeconds: to === 'accepted' ? secondsSince(r.receivedAt, now) : r.acceptedSeconds,
            acceptedYear: to === 'accepted' ? yearInBrussels(now) : r.acceptedYear,
            endedAt: FINAL_STATUSES.includes(to) ? at : r.endedAt,
          })
          .where(eq(referrals.id, r.id))
          .run();
        tx.insert(referralEvents)
          .values({ id: randomUUID(), referralId: r.id, fromStatus: r.status, toStatus: to, actorUserId: actor.userId, actorOrganisationId: actor.organisationId, note, reason, at })
          .run();
        // A withdrawal, or an acceptance after a redirect, leaves centres no need for the person's details.
        minimiseOnTransition(tx, { referral: r, to, actor, at: now });
        // Tell the other side (and the guardianship service for a minor).
        const others = [side === 'centre' ? r.referringOrganisationId : r.centreId, r.guardianshipOrganisationId].filter((o): o is string => Boolean(o) && o !== actor.organisationId);
        for (const organisationId of others) notifyOrganisation(tx, { organisationId, exceptUserId: actor.userId, referralId: r.id, kind: 'referral.status', status: to, at });
        auditAct(tx, actor, 'referral.transition', { type: 'referral', id: r.id }, { detail: { from: r.status, to, newReferralId }, at: now });
      return { kind: 'ok' as const, status: to, version, newReferralId };
      });
    },
    { behavior: 'immediate' },
  );
  switch (outcome.kind) {
    case 'not_found':
      auditRefusal(actor, 'referral.transition', { type: 'referral', id: referralId }, 'not_found_or_scope');
      throw new NotFoundError();
    case 'conflict':
      throw new ReferralConflictError(outcome.current);
    case 'invalid':
      throw new DomainError(outcome.error, { [outcome.field]: [outcome.error] });
    default:
      return { status: outcome.status, version: outcome.version, newReferralId: outcome.newReferralId };
  }
}

/** Whole seconds from a referral's arrival to now (statistics table 15 reads them from an index). */
function secondsSince(receivedAt: string, now: Date): number {
  return Math.round((now.getTime() - Date.parse(receivedAt)) / 1000);
}
