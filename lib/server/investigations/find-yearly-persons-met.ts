import 'server-only';
import { getDb } from '../../../db/client';
import { personsMetByOrganisationYear } from '../../statistics/tables';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { readPersonsMetRecords } from './persons-met-records';

export interface YearlyPersonsMetItem {
  year: number;
  /** The sum of the counts of the investigations opened that year. */
  fromInvestigations: number;
  /** The organisation's own figure for the year, if given. */
  yearly: number | null;
  /** What the statistics count: the larger of the two. */
  counted: number;
}

/** The actor's organisation's presumed victims met, year by year, the latest first (decision 0020). */
export function findYearlyPersonsMet({ actor }: { actor: Actor }): YearlyPersonsMetItem[] {
  authorize(actor, 'checklist.read', { type: 'organisation', id: actor.organisationId });
  const records = readPersonsMetRecords(getDb(), actor.organisationId);
  return personsMetByOrganisationYear(records.investigations, records.yearly)
    .map(({ year, fromInvestigations, yearly, counted }) => ({ year, fromInvestigations, yearly, counted }))
    .reverse();
}
