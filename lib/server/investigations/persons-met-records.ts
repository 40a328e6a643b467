import 'server-only';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { investigations, personsMetYearly } from '../../../db/schema';
import type { InvestigationPersonsMet, YearlyPersonsMet } from '../../statistics/tables';
import { yearInBrussels } from '../../time';

type Reader = Pick<Db, 'select'>;

/**
 * The records behind "presumed victims met in investigations" (decision 0020): every
 * investigation's count, placed in the Brussels year it was opened, and every yearly figure;
 * of one organisation, or of all. Investigations are few (hundreds a year), so the year is
 * taken in Brussels time here rather than in SQL.
 */
export function readPersonsMetRecords(
  db: Reader,
  organisationId?: string,
): { investigations: InvestigationPersonsMet[]; yearly: YearlyPersonsMet[] } {
  const counted = db
    .select({
      organisationId: investigations.organisationId,
      createdAt: investigations.createdAt,
      personsMet: investigations.personsMet,
    })
    .from(investigations)
    .where(
      organisationId
        ? and(isNotNull(investigations.personsMet), eq(investigations.organisationId, organisationId))
        : isNotNull(investigations.personsMet),
    )
    .all();
  const yearly = db
    .select({
      organisationId: personsMetYearly.organisationId,
      year: personsMetYearly.year,
      count: personsMetYearly.count,
    })
    .from(personsMetYearly)
    .where(organisationId ? eq(personsMetYearly.organisationId, organisationId) : undefined)
    .all();
  return {
    investigations: counted.map((i) => ({
      organisationId: i.organisationId,
      year: yearInBrussels(new Date(i.createdAt)),
      personsMet: i.personsMet!,
    })),
    yearly,
  };
}
