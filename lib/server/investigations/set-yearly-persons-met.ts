import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { personsMetYearly } from '../../../db/schema';
import { yearInBrussels } from '../../time';
import { personsMetError } from '../../validation/investigations';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import { DomainError } from '../errors';
import { nextStatisticsGeneration } from './statistics-generation';

/** The first year a figure may be given for: the report's series start well after it. */
export const PERSONS_MET_FIRST_YEAR = 2000;

/**
 * Sets the actor's organisation's figure of presumed victims met in its investigations in one
 * year (decision 0020), for services that keep their investigations outside Relais. Only one's
 * own organisation: the scope is the actor's, never an input. A year not yet begun is refused.
 * Setting 0 leaves the investigations' own counts as the year's figure.
 */
export function setYearlyPersonsMet({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: { year: number; count: number };
  now?: Date;
}): { year: number; count: number } {
  const target = { type: 'organisation', id: actor.organisationId };
  authorize(actor, 'checklist.write', target);
  const { year, count } = input;
  const errors: Record<string, string[]> = {};
  if (!Number.isInteger(year)) errors.year = ['errors.invalidYear'];
  else if (year < PERSONS_MET_FIRST_YEAR || year > yearInBrussels(now)) errors.year = ['errors.outOfRange'];
  const countError = personsMetError(count);
  if (countError) errors.count = [countError];
  if (Object.keys(errors).length > 0) throw new DomainError('errors.validation', errors);
  getDb().transaction(
    (tx) => {
      const previous =
        tx
          .select({ count: personsMetYearly.count })
          .from(personsMetYearly)
          .where(and(eq(personsMetYearly.organisationId, actor.organisationId), eq(personsMetYearly.year, year)))
          .get()?.count ?? null;
      const values = { count, updatedBy: actor.userId, updatedAt: now.toISOString() };
      tx.insert(personsMetYearly)
        .values({ organisationId: actor.organisationId, year, ...values })
        .onConflictDoUpdate({ target: [personsMetYearly.organisationId, personsMetYearly.year], set: values })
        .run();
      nextStatisticsGeneration(tx);
      auditAct(tx, actor, 'investigation.set_yearly_persons_met', target, {
        detail: { year, previous, count },
        at: now,
      });
    },
    { behavior: 'immediate' },
  );
  return { year, count };
}
