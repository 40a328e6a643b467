import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, referrals } from '../../../db/schema';
import type { CentreCode } from '../../referrals/routing';
import { checkTransition, type ReferralStatus } from '../../referrals/state-machine';
import type { Actor } from '../auth/actor';
import { recountChecklists } from '../statistics/counts';
import { auditRefusal, authorize } from '../auth/authorize';
import { ConflictError, DomainError, NotFoundError } from '../errors';
import { applyTransition, lastOccurredAt } from './apply-transition';
import { resolveOccurredAt } from './occurred-at';
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
 * Withdrawing, redirecting, "not a victim" and the person's refusal need a coded reason: without
 * one the answer names the field `reason` (the API's 422). A minor's referral is never "refused
 * by the person" and is redirected only among the centres that take minors.
 * Withdrawing it, or accepting a redirected one, reduces the packets the centres no longer need.
 * `occurredAt` is when it happened, if earlier than now (decision 0019): the statistics count
 * it then; more than 7 days back it needs a `lateReason`.
 */
export function transitionReferral({
  actor,
  referralId,
  to,
  note = null,
  reason = null,
  expectedVersion,
  redirectTo = null,
  occurredAt = null,
  lateReason = null,
  now = new Date(),
}: {
  actor: Actor;
  referralId: string;
  to: ReferralStatus;
  note?: string | null;
  reason?: string | null;
  expectedVersion: number;
  redirectTo?: CentreCode | null;
  occurredAt?: string | null;
  lateReason?: string | null;
  now?: Date;
}): { status: ReferralStatus; version: number; newReferralId: string | null } {
  authorize(actor, 'referral.act', { type: 'referral', id: referralId });
  const db = getDb();
  const outcome = db.transaction(
    (tx) => {
      const found = tx
        .select({ referral: referrals, centreCode: organisations.code })
        .from(referrals)
        .innerJoin(organisations, eq(organisations.id, referrals.centreId))
        .where(and(eq(referrals.id, referralId), referralScope(actor)))
        .get();
      if (!found) return { kind: 'not_found' as const };
      const r = found.referral;
      const side = sideOf(actor, r);
      if (!side) return { kind: 'not_found' as const };
      if (r.version !== expectedVersion)
        return { kind: 'conflict' as const, current: { status: r.status, version: r.version } };
      const check = checkTransition(r.status, to, side, reason, { minor: r.minor, centre: found.centreCode });
      if (!check.ok) {
        const field = check.error === 'reason_required' || check.error === 'invalid_reason' ? 'reason' : 'to';
        return { kind: 'invalid' as const, error: `errors.referral.${check.error}`, field };
      }
      // Refused with the field named, inside the transaction: nothing is written.
      const moment = resolveOccurredAt({ value: occurredAt, notBefore: lastOccurredAt(tx, r), lateReason, now });
      // Accepting (or first acting on) a referral orients its person: the statistics counters follow.
      return recountChecklists(tx, [r.checklistId], () =>
        applyTransition(tx, {
          referral: r,
          actor,
          side,
          to,
          reason,
          note,
          redirectTo,
          occurredAt: moment.occurredAt,
          lateReason: moment.lateReason,
          now,
        }),
      );
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
