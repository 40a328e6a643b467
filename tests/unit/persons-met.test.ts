import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, investigations } from '@/db/schema';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { createInvestigation } from '@/lib/server/checklists/create-investigation';
import { getInvestigation } from '@/lib/server/checklists/find-investigations';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { findYearlyPersonsMet } from '@/lib/server/investigations/find-yearly-persons-met';
import { setInvestigationPersonsMet } from '@/lib/server/investigations/set-investigation-persons-met';
import { setYearlyPersonsMet } from '@/lib/server/investigations/set-yearly-persons-met';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { personsMetByOrganisationYear, type ServiceFilter, type StatisticsTable } from '@/lib/statistics/tables';
import { investigationPersonsMetSchema, yearlyPersonsMetSchema } from '@/lib/validation/investigations';
import { makeOrganisation, makeUser } from '../support/factories';

/**
 * Presumed victims met in investigations (docs/decisions/0020-persons-met-in-investigations.md):
 * recorded per investigation or per organisation and year, counted in the series over the years
 * under the recording organisation's service, the larger of the two and never their sum.
 */

const ANSWERS = {
  'ctx.control_date': '2024-03-10',
  'ctx.region': 'bru',
  'ctx.forms': ['economic'],
  'ctx.sector': 'construction',
  'vic.sex': 'm',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'RO',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};

const series = (tables: StatisticsTable[]) => tables.find((t) => t.id === 'checklists_over_years')!;
/** The series' value for a year and a column; a year the series leaves out is 0 everywhere. */
const at = (t: StatisticsTable, year: number, col: string) => {
  const i = t.rows.indexOf(String(year));
  return i < 0 ? 0 : t.cells[i]![t.cols.indexOf(col)]!;
};

describe('presumed victims met in investigations', async () => {
  const onssOrg = makeOrganisation('onss');
  const policeOrg = makeOrganisation('police');
  const clsOrg = makeOrganisation('cls');
  const onss = await makeUser({ role: 'referrer', organisation: onssOrg });
  const onssColleague = await makeUser({ role: 'referrer', organisation: onssOrg });
  const police = await makeUser({ role: 'referrer', organisation: policeOrg });
  const cls = await makeUser({ role: 'referrer', organisation: clsOrg });
  const centre = await makeUser({ role: 'centre_staff', organisation: makeOrganisation('centre') });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });

  const open = (actor: typeof onss.actor, now: string) =>
    createInvestigation({ actor, input: { reference: `INV-${randomUUID().slice(0, 8)}` }, now: new Date(now) }).id;
  const stats = (service: ServiceFilter = 'all') =>
    series(computeYearStatistics({ actor: coordinator.actor, year: 2024, service, audit: false }));
  const personsMetOf = (id: string) =>
    getDb().select({ n: investigations.personsMet }).from(investigations).where(eq(investigations.id, id)).get()!.n;
  const auditOf = (userId: string, action: string) =>
    getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, action)))
      .all();

  // ONSS, 2024: two investigations (one opened at 23:30 on 31 December 2023 in Brussels time, so
  // 2024), one check-list drawn up; police: one investigation of 2023.
  const onssA = open(onss.actor, '2023-12-31T23:30:00Z');
  const onssB = open(onss.actor, '2024-06-01T10:00:00Z');
  const policeA = open(police.actor, '2023-05-01T10:00:00Z');
  createChecklist({
    actor: onss.actor,
    idempotencyKey: randomUUID(),
    answers: ANSWERS,
    complete: true,
    investigationId: onssA,
    now: new Date('2024-03-11T10:00:00Z'),
  });

  it('records a count per investigation, more than its check-lists if need be, shown in the series in the year it was opened', () => {
    expect(setInvestigationPersonsMet({ actor: onss.actor, id: onssA, input: { personsMet: 6 } })).toEqual({
      personsMet: 6,
    });
    // A colleague of the same organisation may record one too.
    setInvestigationPersonsMet({ actor: onssColleague.actor, id: onssB, input: { personsMet: 3 } });
    setInvestigationPersonsMet({ actor: police.actor, id: policeA, input: { personsMet: 4 } });
    expect(getInvestigation({ actor: onss.actor, id: onssA }).personsMet).toBe(6);

    const all = stats();
    expect(all.cols).toEqual(['checklists', 'oriented', 'persons_met']);
    // 6 + 3 in 2024 (the investigation opened on 31 December 2023 at 23:30 UTC is 2024 in Brussels).
    expect(at(all, 2024, 'persons_met')).toBe(9);
    expect(at(all, 2024, 'checklists')).toBe(1);
    // A year with persons met and no check-list is a row of the series.
    expect(all.rows).toContain('2023');
    expect(at(all, 2023, 'persons_met')).toBe(4);
    expect(at(all, 2023, 'checklists')).toBe(0);
  });

  it('follows the service filter: each count under the service of the organisation that recorded it', () => {
    expect(at(stats('onss'), 2024, 'persons_met')).toBe(9);
    expect(at(stats('onss'), 2023, 'persons_met')).toBe(0);
    expect(at(stats('police'), 2023, 'persons_met')).toBe(4);
    expect(at(stats('police'), 2024, 'persons_met')).toBe(0);
    expect(stats('guardianship').rows).toEqual([]);
  });

  it('takes the larger of the yearly figure and the investigations’ counts, never their sum', () => {
    // ONSS's investigations of 2024 say 9; a yearly figure below that changes nothing.
    setYearlyPersonsMet({ actor: onss.actor, input: { year: 2024, count: 5 } });
    expect(at(stats('onss'), 2024, 'persons_met')).toBe(9);
    // A yearly figure above it is the year's figure (it includes the investigations): 20, not 29.
    setYearlyPersonsMet({ actor: onss.actor, input: { year: 2024, count: 20 } });
    expect(at(stats('onss'), 2024, 'persons_met')).toBe(20);
    // A service with no investigation in Relais: its yearly figure alone.
    setYearlyPersonsMet({ actor: cls.actor, input: { year: 2024, count: 7 } });
    expect(at(stats('cls'), 2024, 'persons_met')).toBe(7);
    expect(at(stats(), 2024, 'persons_met')).toBe(27);
    // Setting it again replaces it (one figure per organisation and year); 0 leaves the investigations' 9.
    setYearlyPersonsMet({ actor: onss.actor, input: { year: 2024, count: 0 } });
    expect(at(stats('onss'), 2024, 'persons_met')).toBe(9);
    expect(at(stats(), 2024, 'persons_met')).toBe(16);

    expect(findYearlyPersonsMet({ actor: onss.actor })).toEqual([
      { year: 2024, fromInvestigations: 9, yearly: 0, counted: 9 },
    ]);
    // Only one's own organisation's numbers.
    expect(findYearlyPersonsMet({ actor: police.actor })).toEqual([
      { year: 2023, fromInvestigations: 4, yearly: null, counted: 4 },
    ]);
  });

  it('the rule on its own: per organisation and year', () => {
    expect(
      personsMetByOrganisationYear(
        [
          { organisationId: 'a', year: 2024, personsMet: 2 },
          { organisationId: 'a', year: 2024, personsMet: 3 },
          { organisationId: 'b', year: 2024, personsMet: 8 },
        ],
        [
          { organisationId: 'a', year: 2024, count: 4 },
          { organisationId: 'b', year: 2024, count: 10 },
          { organisationId: 'b', year: 2025, count: 1 },
        ],
      ).map((x) => [x.organisationId, x.year, x.counted]),
    ).toEqual([
      ['a', 2024, 5],
      ['b', 2024, 10],
      ['b', 2025, 1],
    ]);
  });

  it('removes a count with null: the investigation no longer counts', () => {
    const id = open(police.actor, '2024-02-01T10:00:00Z');
    setInvestigationPersonsMet({ actor: police.actor, id, input: { personsMet: 2 } });
    expect(at(stats('police'), 2024, 'persons_met')).toBe(2);
    setInvestigationPersonsMet({ actor: police.actor, id, input: { personsMet: null } });
    expect(personsMetOf(id)).toBeNull();
    expect(at(stats('police'), 2024, 'persons_met')).toBe(0);
  });

  it('refuses a negative count, a count that is not a whole number, and a year not yet begun, each by its field', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).fieldErrors;
      }
      throw new Error('not refused');
    };
    expect(
      refused(() => setInvestigationPersonsMet({ actor: onss.actor, id: onssA, input: { personsMet: -1 } })),
    ).toEqual({ personsMet: ['errors.outOfRange'] });
    expect(
      refused(() => setInvestigationPersonsMet({ actor: onss.actor, id: onssA, input: { personsMet: 2.5 } })),
    ).toEqual({ personsMet: ['errors.wholeNumber'] });
    expect(
      refused(() => setInvestigationPersonsMet({ actor: onss.actor, id: onssA, input: { personsMet: Number.NaN } })),
    ).toEqual({ personsMet: ['errors.wholeNumber'] });
    expect(personsMetOf(onssA)).toBe(6);

    const now = new Date('2026-06-15T10:00:00Z');
    expect(refused(() => setYearlyPersonsMet({ actor: cls.actor, input: { year: 2027, count: 1 }, now }))).toEqual({
      year: ['errors.outOfRange'],
    });
    expect(refused(() => setYearlyPersonsMet({ actor: cls.actor, input: { year: 1999, count: 1 }, now }))).toEqual({
      year: ['errors.outOfRange'],
    });
    expect(refused(() => setYearlyPersonsMet({ actor: cls.actor, input: { year: 2025, count: -3 }, now }))).toEqual({
      count: ['errors.outOfRange'],
    });
    expect(refused(() => setYearlyPersonsMet({ actor: cls.actor, input: { year: 2025, count: 1.5 }, now }))).toEqual({
      count: ['errors.wholeNumber'],
    });
    expect(findYearlyPersonsMet({ actor: cls.actor })).toEqual([
      { year: 2024, fromInvestigations: 0, yearly: 7, counted: 7 },
    ]);

    // The forms' schemas say the same before the verb is reached.
    expect(
      investigationPersonsMetSchema.safeParse({ investigationId: onssA, personsMet: -1 }).error?.issues[0]?.message,
    ).toBe('errors.outOfRange');
    expect(
      investigationPersonsMetSchema.safeParse({ investigationId: onssA, personsMet: Number.NaN }).error?.issues[0]
        ?.message,
    ).toBe('errors.wholeNumber');
    expect(investigationPersonsMetSchema.safeParse({ investigationId: onssA, personsMet: null }).success).toBe(true);
    expect(yearlyPersonsMetSchema.safeParse({ year: undefined, count: 1 }).error?.issues[0]?.path).toEqual(['year']);
  });

  it('answers "not found" for another organisation’s investigation, or a role that may not, changes nothing, and audits the refusal', () => {
    for (const actor of [police.actor, centre.actor, coordinator.actor]) {
      expect(() => setInvestigationPersonsMet({ actor, id: onssA, input: { personsMet: 99 } })).toThrow(NotFoundError);
    }
    expect(() => setInvestigationPersonsMet({ actor: onss.actor, id: randomUUID(), input: { personsMet: 1 } })).toThrow(
      NotFoundError,
    );
    expect(personsMetOf(onssA)).toBe(6);
    const refusal = auditOf(police.id, 'investigation.set_persons_met').filter((e) => e.outcome === 'refused');
    expect(refusal).toMatchObject([{ outcome: 'refused', targetType: 'investigation', targetId: onssA }]);
    expect(JSON.parse(refusal[0]!.detail!)).toEqual({ reason: 'not_found_or_scope' });
    // Roles without the permission are refused under the permission's name.
    expect(auditOf(centre.id, 'checklist.write')).toMatchObject([{ outcome: 'refused', targetId: onssA }]);
    // A yearly figure: centre staff and coordinators may not give one.
    for (const actor of [centre.actor, coordinator.actor])
      expect(() => setYearlyPersonsMet({ actor, input: { year: 2024, count: 1 } })).toThrow(NotFoundError);
    expect(auditOf(coordinator.id, 'checklist.write').map((e) => e.outcome)).toEqual(['refused', 'refused']);
  });

  it('audits every count recorded, with the previous value', () => {
    const onA = auditOf(onss.id, 'investigation.set_persons_met').filter((e) => e.outcome === 'ok');
    expect(onA).toMatchObject([{ targetType: 'investigation', targetId: onssA, actorOrganisationId: onssOrg.id }]);
    expect(JSON.parse(onA[0]!.detail!)).toEqual({ previous: null, personsMet: 6 });
    const yearly = auditOf(onss.id, 'investigation.set_yearly_persons_met');
    expect(yearly.map((e) => [e.outcome, e.targetType, e.targetId])).toEqual([
      ['ok', 'organisation', onssOrg.id],
      ['ok', 'organisation', onssOrg.id],
      ['ok', 'organisation', onssOrg.id],
    ]);
    expect(yearly.map((e) => JSON.parse(e.detail!))).toEqual([
      { year: 2024, previous: null, count: 5 },
      { year: 2024, previous: 5, count: 20 },
      { year: 2024, previous: 20, count: 0 },
    ]);
  });

  it('shows a new count at once, also where a year was already presented, and hides a small one in publication mode', () => {
    const present = (publication: boolean, service: ServiceFilter = 'all') =>
      presentedStatistics({
        actor: coordinator.actor,
        year: 2024,
        service,
        publication,
        orientation: 'accepted',
        locale: 'en',
        t: (key) => key,
        audit: false,
      }).tables.find((t) => t.id === 'checklists_over_years')!;
    const cellOf = (t: ReturnType<typeof present>, year: string) =>
      t.rows.find((r) => r.code === year)?.cells[2] ?? null;
    expect(cellOf(present(false, 'cls'), '2024')).toBe(7);
    setYearlyPersonsMet({ actor: cls.actor, input: { year: 2024, count: 8 } });
    // The presented year kept in memory was computed again (the statistics generation moved on).
    expect(cellOf(present(false, 'cls'), '2024')).toBe(8);
    // Publication: the police's 4 of 2023 is small, and so hidden in every view that shows it.
    expect(cellOf(present(true, 'police'), '2023')).toBe('< 5');
    expect(cellOf(present(false, 'police'), '2023')).toBe(4);
    // All services in 2023 are the police's 4 alone: hidden too, or it would give it back.
    expect(cellOf(present(true), '2023')).toBe('< 5');
  });
});
