import 'server-only';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists, investigations } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';

export interface InvestigationItem {
  id: string;
  reference: string;
  employer: string | null;
  sector: string | null;
  region: string | null;
  /** Presumed victims met, as the referrer recorded it; null when not recorded (decision 0020). */
  personsMet: number | null;
  checklistCount: number;
  updatedAt: string;
}

/** Investigations with how many check-lists each holds, for one WHERE condition (which always carries the organisation). */
function selectInvestigations(where: SQL) {
  return getDb()
    .select({
      id: investigations.id,
      reference: investigations.reference,
      employer: investigations.employer,
      sector: investigations.sector,
      region: investigations.region,
      personsMet: investigations.personsMet,
      checklistCount: count(checklists.id),
      updatedAt: investigations.updatedAt,
    })
    .from(investigations)
    .leftJoin(checklists, eq(checklists.investigationId, investigations.id))
    .where(where)
    .groupBy(investigations.id);
}

/** The investigations of the actor's organisation, with how many check-lists each holds. */
export function findInvestigations({ actor }: { actor: Actor }): InvestigationItem[] {
  authorize(actor, 'checklist.read');
  return selectInvestigations(eq(investigations.organisationId, actor.organisationId))
    .orderBy(desc(investigations.updatedAt))
    .all();
}

/** One investigation of the actor's organisation, or "not found". */
export function getInvestigation({ actor, id }: { actor: Actor; id: string }): InvestigationItem {
  authorize(actor, 'checklist.read', { type: 'investigation', id });
  const row = selectInvestigations(
    and(eq(investigations.id, id), eq(investigations.organisationId, actor.organisationId))!,
  ).get();
  if (!row) {
    auditRefusal(actor, 'investigation.read', { type: 'investigation', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  return row;
}
