import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { referralEvents, referrals } from '../../../db/schema';
import { checkTransition } from '../../referrals/state-machine';
import type { CentreRequestInput } from '../../validation/referrals';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { todayInBrussels, yearInBrussels } from '../../time';
import { DomainError } from '../errors';
import { applyTransition } from './apply-transition';
import { resolveOccurredAt } from './occurred-at';
import type { ReferralPacket } from './packet-from';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Writes one request a centre received by another channel, inside the caller's transaction:
 * the referral, its first event, the audit entry and, for a request already decided, its
 * outcome through the one transition writer (decision 0019). Registering one request and
 * importing a file of them both write through here, so an imported request is exactly like a
 * registered one. The caller has authorised the actor and chosen the centre within its reach.
 */
export function writeCentreRequest(
  tx: Tx,
  {
    actor,
    centreId,
    input,
    now,
    auditDetail = {},
  }: {
    actor: Actor;
    centreId: string;
    input: CentreRequestInput;
    now: Date;
    /** Added to the audit entry's detail (an import's digest). */
    auditDetail?: Record<string, unknown>;
  },
): string {
  const id = randomUUID();
  const at = now.toISOString();
  // Judged against the verb's own clock too (the schema judged it against the server's).
  if (input.receivedOn > todayInBrussels(now))
    throw new DomainError('errors.dateInFuture', { receivedOn: ['errors.dateInFuture'] });
  // The day received, at noon UTC as always, but never later than now (a request received this morning).
  const received = new Date(Math.min(Date.parse(`${input.receivedOn}T12:00:00Z`), now.getTime()));
  const receivedAt = received.toISOString();
  const outcome = input.outcome ?? null;
  const outcomeReason = input.outcomeReason ?? null;
  // A day or a reason of an outcome that is not given would be dropped without a word.
  if (!outcome && (input.outcomeOn || outcomeReason))
    throw new DomainError('errors.required', { outcome: ['errors.required'] });
  if (outcome) {
    const check = checkTransition('acknowledged', outcome, 'centre', outcomeReason);
    if (!check.ok) {
      const field = check.error === 'reason_required' || check.error === 'invalid_reason' ? 'outcomeReason' : 'outcome';
      throw new DomainError(`errors.referral.${check.error}`, { [field]: [`errors.referral.${check.error}`] });
    }
  }
  const decided = outcome
    ? resolveOccurredAt({
        value: input.outcomeOn ?? null,
        field: 'outcomeOn',
        notBefore: receivedAt,
        lateReason: input.lateReason,
        now,
      })
    : null;
  const minor = input.minor ?? (input.age !== undefined ? input.age < 18 : false);
  const packet: ReferralPacket = {
    person: {
      name: null,
      sex: input.sex,
      age: input.age ?? null,
      minor,
      nationality: input.nationality,
      contact: null,
      noSafeContact: false,
      languages: null,
      interpreter: null,
    },
    forms: input.forms,
    urgentNeeds: input.note ?? null,
    referrer: null,
  };
  tx.insert(referrals)
    .values({
      id,
      checklistId: null,
      centreId,
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
      receivedAt,
      year: yearInBrussels(received),
      // The centre had it from the day it was received: that is its first action.
      firstActionAt: receivedAt,
      firstActionSeconds: 0,
      updatedAt: at,
    })
    .run();
  tx.insert(referralEvents)
    .values({
      id: randomUUID(),
      referralId: id,
      fromStatus: null,
      toStatus: 'acknowledged',
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      note: null,
      at,
      occurredAt: receivedAt,
    })
    .run();
  auditAct(
    tx,
    actor,
    'centre_request.create',
    { type: 'referral', id: id },
    { detail: { source: input.source, receivedAt, ...(outcome ? { outcome } : {}), ...auditDetail }, at: now },
  );
  if (outcome && decided) {
    const row = tx.select().from(referrals).where(eq(referrals.id, id)).get()!;
    const applied = applyTransition(tx, {
      referral: row,
      actor,
      side: 'centre',
      to: outcome,
      reason: outcomeReason,
      note: null,
      redirectTo: null,
      occurredAt: decided.occurredAt,
      lateReason: decided.lateReason,
      now,
    });
    if (applied.kind === 'invalid') throw new DomainError(applied.error, { outcome: [applied.error] });
  }
  return id;
}
