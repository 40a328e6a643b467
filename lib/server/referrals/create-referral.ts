import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, referralEvents, referrals, users } from '../../../db/schema';
import { derive } from '../../checklist/derived';
import {
  CHOICE_REASONS,
  eligibleCentres,
  GUARDIANSHIP_ORGANISATION_CODE,
  referralEligibility,
  suggestedCentre,
  type CentreCode,
} from '../../referrals/routing';
import { isOpen, type CaseType } from '../../referrals/state-machine';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { brusselsDayStart, yearInBrussels } from '../../time';
import { getChecklistRowInScope, parseAnswers } from '../checklists/checklist-in-scope';
import { DomainError, NotFoundError } from '../errors';
import { notifyOrganisation } from '../notifications/notify-organisation';
import { lateDetail } from './apply-transition';
import { resolveOccurredAt } from './occurred-at';
import { packetFrom } from './packet-from';

export interface CreateReferralInput {
  checklistId: string;
  centre?: CentreCode;
  choiceReason?: string | null;
  caseType: CaseType;
  urgentNeeds?: string | null;
  phone?: string | null;
  shareChecklist?: boolean;
  /** When it was sent, if earlier than now (decision 0019); `occurredAt` is the same, under the transitions' name. */
  sentAt?: string | null;
  occurredAt?: string | null;
  lateReason?: string | null;
  idempotencyKey: string;
}

/**
 * Refers the person of a completed check-list to a centre (docs/domain/referrals.md). Minors go to
 * Esperanto whatever was asked, and the Service des Tutelles is notified in the same
 * transaction; adults go to the suggested centre or, with a reason, another eligible one.
 * One open referral per check-list; the same idempotency key returns the same referral.
 * Sent earlier than now (registered late), it counts then: not before the check-list's control
 * date, and more than 7 days back only with a reason.
 */
export function createReferral({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: CreateReferralInput;
  now?: Date;
}): { id: string; centre: CentreCode; created: boolean } {
  authorize(actor, 'referral.create', { type: 'checklist', id: input.checklistId });
  const db = getDb();
  const result = db.transaction(
    (tx) => {
      const existing = tx
        .select({ id: referrals.id, centreCode: organisations.code })
        .from(referrals)
        .innerJoin(organisations, eq(organisations.id, referrals.centreId))
        .where(and(eq(referrals.createdBy, actor.userId), eq(referrals.idempotencyKey, input.idempotencyKey)))
        .get();
      if (existing) return { id: existing.id, centre: existing.centreCode as CentreCode, created: false };

      const checklist = getChecklistRowInScope(tx, actor, input.checklistId);
      if (!checklist) return null;
      const open = tx
        .select({ status: referrals.status })
        .from(referrals)
        .where(eq(referrals.checklistId, checklist.id))
        .all()
        .some((r) => isOpen(r.status));
      const eligibility = referralEligibility(
        { status: checklist.status, wish: checklist.wish, minor: checklist.minor },
        open,
      );
      if (!eligibility.ok) throw new DomainError(`errors.referral.${eligibility.reason}`);

      const suggested = suggestedCentre(checklist.region, eligibility.minor);
      const centre: CentreCode = eligibility.minor ? suggested : (input.centre ?? suggested);
      if (!eligibleCentres(eligibility.minor).includes(centre))
        throw new DomainError('errors.validation', { centre: ['errors.referral.centreNotEligible'] });
      const choiceReason = centre === suggested ? null : (input.choiceReason ?? null);
      if (centre !== suggested && (!choiceReason || !(CHOICE_REASONS as readonly string[]).includes(choiceReason))) {
        throw new DomainError('errors.validation', { choiceReason: ['errors.referral.choiceReasonRequired'] });
      }
      const orgs = tx
        .select({ id: organisations.id, code: organisations.code })
        .from(organisations)
        .where(inArray(organisations.code, [centre, GUARDIANSHIP_ORGANISATION_CODE]))
        .all();
      const centreId = orgs.find((o) => o.code === centre)?.id;
      const guardianshipId = orgs.find((o) => o.code === GUARDIANSHIP_ORGANISATION_CODE)?.id ?? null;
      if (!centreId) throw new DomainError('errors.referral.centreMissing');

      const answers = parseAnswers(checklist.answers);
      const derived = derive(answers);
      const author = tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId)).get();
      const packet = packetFrom(answers, derived, {
        urgentNeeds: input.urgentNeeds?.trim() || null,
        referrer: {
          name: author?.name ?? actor.name,
          organisation: actor.organisationName,
          phone: input.phone?.trim() || null,
        },
        share: input.shareChecklist === true,
        catalogueVersion: checklist.catalogueVersion,
      });
      const sent = resolveOccurredAt({
        value: input.sentAt ?? input.occurredAt,
        field: input.sentAt ? 'sentAt' : 'occurredAt',
        notBefore: checklist.controlDate ? brusselsDayStart(checklist.controlDate) : null,
        notBeforeError: 'errors.referral.sentBeforeControl',
        lateReason: input.lateReason,
        now,
      });
      const id = randomUUID();
      const at = now.toISOString();
      tx.insert(referrals)
        .values({
          id,
          checklistId: checklist.id,
          centreId,
          referringOrganisationId: actor.organisationId,
          guardianshipOrganisationId: eligibility.minor ? guardianshipId : null,
          previousReferralId: null,
          source: 'app',
          caseType: input.caseType,
          status: 'sent',
          version: 1,
          idempotencyKey: input.idempotencyKey,
          minor: eligibility.minor,
          personSex: checklist.sex,
          personAge: checklist.age,
          personNationality: checklist.nationality,
          forms: packet.forms.join(','),
          choiceReason,
          shareChecklist: input.shareChecklist === true,
          packet: JSON.stringify(packet),
          createdBy: actor.userId,
          receivedAt: sent.occurredAt,
          year: yearInBrussels(new Date(sent.occurredAt)),
          updatedAt: at,
        })
        .run();
      tx.insert(referralEvents)
        .values({
          id: randomUUID(),
          referralId: id,
          fromStatus: null,
          toStatus: 'sent',
          actorUserId: actor.userId,
          actorOrganisationId: actor.organisationId,
          at,
          occurredAt: sent.occurredAt,
          lateReason: sent.lateReason,
        })
        .run();
      notifyOrganisation(tx, {
        organisationId: centreId,
        exceptUserId: actor.userId,
        referralId: id,
        kind: 'referral.received',
        status: 'sent',
        at,
      });
      if (eligibility.minor && guardianshipId) {
        notifyOrganisation(tx, {
          organisationId: guardianshipId,
          exceptUserId: actor.userId,
          referralId: id,
          kind: 'referral.minor',
          status: 'sent',
          at,
        });
      }
      auditAct(
        tx,
        actor,
        'referral.create',
        { type: 'referral', id: id },
        {
          detail: {
            centre,
            minor: eligibility.minor,
            guardianshipNotified: Boolean(eligibility.minor && guardianshipId),
            ...lateDetail(sent.occurredAt, sent.lateReason),
          },
          at: now,
        },
      );
      return { id, centre, created: true };
    },
    { behavior: 'immediate' },
  );
  if (!result) {
    auditRefusal(actor, 'referral.create', { type: 'checklist', id: input.checklistId }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  return result;
}
