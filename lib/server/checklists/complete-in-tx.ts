import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { checklistIndicators, checklists, checklistVersions } from '../../../db/schema';
import type { Answers } from '../../checklist/answers';
import { getCatalogue } from '../../checklist/catalogue';
import { factsOf, presentIndicators } from '../../checklist/facts';
import { normaliseForCompletion, validateForCompletion } from '../../checklist/validation';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { DomainError } from '../errors';
import { recountChecklists } from '../statistics/counts';
import { todayInBrussels, yearInBrussels } from '../../time';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function validateOrThrow(answers: Answers, catalogueVersion: string, now: Date): void {
  const errors = validateForCompletion(answers, getCatalogue(catalogueVersion), todayInBrussels(now));
  if (Object.keys(errors).length > 0) throw new DomainError('errors.validation', errors);
}

/**
 * Completes a check-list inside the caller's transaction: validates everything, stores the
 * new version, the facts and indicators that statistics read, and the audit row.
 * A first completion is version 1; a correction is version n+1 and needs a reason.
 */
export function completeInTx(
  tx: Tx,
  { actor, row, reason, now }: { actor: Actor; row: typeof checklists.$inferSelect; reason: string | null; now: Date },
  answers: Answers,
): { version: number } {
  validateOrThrow(answers, row.catalogueVersion, now);
  // The statistics counters follow what the check-list counts as, before and after.
  return recountChecklists(tx, [row.id], () => completeValidated(tx, { actor, row, reason, now }, answers));
}

function completeValidated(
  tx: Tx,
  { actor, row, reason, now }: { actor: Actor; row: typeof checklists.$inferSelect; reason: string | null; now: Date },
  answers: Answers,
): { version: number } {
  if (row.status === 'correcting' && !reason)
    throw new DomainError('errors.validation', { reason: ['errors.correctionReason'] });
  const stored = normaliseForCompletion(answers, getCatalogue(row.catalogueVersion));
  const version = row.version + 1;
  const nowIso = now.toISOString();
  const year = row.firstCompletedAt ? yearInBrussels(new Date(row.firstCompletedAt)) : yearInBrussels(now);
  const facts = factsOf(stored, year);
  tx.insert(checklistVersions)
    .values({
      id: randomUUID(),
      checklistId: row.id,
      version,
      catalogueVersion: row.catalogueVersion,
      answers: JSON.stringify(stored),
      reason: version === 1 ? null : reason,
      createdBy: actor.userId,
      createdAt: nowIso,
    })
    .run();
  tx.update(checklists)
    .set({
      status: 'completed',
      version,
      revision: row.revision + 1,
      answers: JSON.stringify(stored),
      updatedAt: nowIso,
      firstCompletedAt: row.firstCompletedAt ?? nowIso,
      lastCompletedAt: nowIso,
      ...facts,
    })
    .where(eq(checklists.id, row.id))
    .run();
  tx.delete(checklistIndicators).where(eq(checklistIndicators.checklistId, row.id)).run();
  const indicators = presentIndicators(stored, getCatalogue(row.catalogueVersion));
  if (indicators.length > 0) {
    tx.insert(checklistIndicators)
      .values(
        indicators.map((code) => ({
          checklistId: row.id,
          code,
          year,
          sufficient: facts.sufficient,
          service: facts.service ?? 'other',
        })),
      )
      .run();
  }
  auditAct(
    tx,
    actor,
    version === 1 ? 'checklist.complete' : 'checklist.correct',
    { type: 'checklist', id: row.id },
    { detail: { version }, at: now },
  );
  return { version };
}
