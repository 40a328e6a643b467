import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { investigations } from '../../../db/schema';
import { personsMetError } from '../../validation/investigations';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { DomainError, NotFoundError } from '../errors';
import { nextStatisticsGeneration } from './statistics-generation';

/**
 * Records how many presumed victims an investigation of the actor's organisation met
 * (decision 0020); null removes the count. The count may exceed the check-lists drawn up: not
 * every person met gets one. It counts in the year the investigation was opened.
 */
export function setInvestigationPersonsMet({
  actor,
  id,
  input,
  now = new Date(),
}: {
  actor: Actor;
  id: string;
  input: { personsMet: number | null };
  now?: Date;
}): { personsMet: number | null } {
  authorize(actor, 'checklist.write', { type: 'investigation', id });
  const personsMet = input.personsMet;
  const error = personsMet === null ? null : personsMetError(personsMet);
  if (error) throw new DomainError('errors.validation', { personsMet: [error] });
  const found = getDb().transaction(
    (tx) => {
      const row = tx
        .select({ personsMet: investigations.personsMet })
        .from(investigations)
        .where(and(eq(investigations.id, id), eq(investigations.organisationId, actor.organisationId)))
        .get();
      if (!row) return false;
      tx.update(investigations)
        .set({ personsMet, updatedAt: now.toISOString() })
        .where(and(eq(investigations.id, id), eq(investigations.organisationId, actor.organisationId)))
        .run();
      nextStatisticsGeneration(tx);
      auditAct(
        tx,
        actor,
        'investigation.set_persons_met',
        { type: 'investigation', id },
        { detail: { previous: row.personsMet, personsMet }, at: now },
      );
      return true;
    },
    { behavior: 'immediate' },
  );
  if (!found) {
    auditRefusal(actor, 'investigation.set_persons_met', { type: 'investigation', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  return { personsMet };
}
