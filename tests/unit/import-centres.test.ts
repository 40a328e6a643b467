import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, organisations, referrals } from '@/db/schema';
import { importCentreRequests } from '@/lib/server/referrals/import-centre-requests';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { makeOrganisation, makeUser } from '../support/factories';

const db = () => getDb();
const count = () =>
  db()
    .select({ n: sql<number>`count(*)` })
    .from(referrals)
    .get()!.n;

const HEADER =
  'centre,received_on,source,sex,age,minor,nationality,forms,case_type,outcome,outcome_reason,outcome_on,note';
const csv = (rows: string[], eol = '\n') => [HEADER, ...rows].join(eol) + eol;

/** A centre of the reference list, whether this database already has it or not. */
function centre(code: string) {
  const row = db().select().from(organisations).where(eq(organisations.code, code)).get();
  return row
    ? { id: row.id, name: row.name, kind: row.kind, service: row.service }
    : makeOrganisation('centre', code, code);
}

describe('import of centres’ earlier requests and accompaniments', async () => {
  const pagasa = centre('pag-asa');
  const payoke = centre('payoke');
  centre('surya');
  centre('esperanto');
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const pagasaStaff = await makeUser({ role: 'centre_staff', organisation: pagasa });
  const referrer = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  const now = new Date('2026-11-27T10:00:00Z');
  const table = (year: number, id: string) => {
    const t = computeYearStatistics({ actor: coordinator.actor, year, audit: false }).find((x) => x.id === id)!;
    return (row: string, col: string) => t.cells[t.rows.indexOf(row)]?.[t.cols.indexOf(col)] ?? 0;
  };

  it('imports a good file: the centre tables count its requests in the year received and its accompaniments in the year accepted', () => {
    const rows = [
      // An accompaniment received in 2014 and accepted in 2015: a 2014 request, a 2015 accompaniment.
      'pag-asa,2014-12-20,ngo,f,24,,RO,sexual|economic,thb,accepted,,2015-01-05,',
      'pag-asa,2014-03-01,walk_in,m,40,,MA,economic,thb,not_a_victim,no_indicators,2014-03-20,',
      'payoke,2015-02-01,lawyer,m,,yes,AF,smuggling_aggravated,smuggling_aggravated,accepted,,2015-02-03,"a note, quoted"',
      'payoke,2015-06-01,hospital,x,,,unknown,begging,thb,,,,',
    ];
    const result = importCentreRequests({ actor: coordinator.actor, body: Buffer.from(csv(rows)), now });
    expect(result).toEqual({ ok: true, imported: 4, rows: 4 });

    const requests2014 = table(2014, 'centre_requests_by_outcome');
    expect(requests2014('pag-asa', 'accepted')).toBe(1);
    expect(requests2014('pag-asa', 'not_a_victim')).toBe(1);
    const requests2015 = table(2015, 'centre_requests_by_outcome');
    expect(requests2015('payoke', 'accepted')).toBe(1);
    expect(requests2015('payoke', 'other')).toBe(1);

    // Accompaniments of 2015: the pag-asa one accepted on 5 January, and payoke's.
    expect(table(2015, 'accompaniments_form_by_centre')('pag-asa', 'sexual')).toBe(1);
    expect(table(2015, 'accompaniments_form_by_centre')('pag-asa', 'economic')).toBe(1);
    expect(table(2015, 'accompaniments_sex_by_centre')('f', 'pag-asa')).toBe(1);
    expect(table(2015, 'accompaniments_minor_by_centre')('pag-asa', 'adult')).toBe(1);
    expect(table(2015, 'accompaniments_minor_by_centre')('payoke', 'minor')).toBe(1);
    expect(table(2015, 'accompaniments_by_nationality')('RO', 'count')).toBe(1);
    expect(table(2015, 'smuggling_accompaniments_by_centre')('payoke', 'minor')).toBe(1);
    expect(table(2014, 'accompaniments_sex_by_centre')('f', 'pag-asa')).toBe(0);

    // Written as a registered request is: by the centre's channel, acknowledged on the day received.
    const imported = db().select().from(referrals).where(eq(referrals.personNationality, 'AF')).all();
    expect(imported).toMatchObject([
      { centreId: payoke.id, source: 'lawyer', status: 'accepted', minor: true, year: 2015, acceptedYear: 2015 },
    ]);

    const audit = db()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'centre_request.import'), eq(auditEvents.actorUserId, coordinator.actor.userId)),
      )
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'ok', targetType: 'import' });
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ rows: 4, centres: 2 });
  });

  it('imports nothing when one cell is bad, and names its row and column', () => {
    const before = count();
    const rows = Array.from(
      { length: 50 },
      (_, i) => `surya,2016-01-${String((i % 28) + 1).padStart(2, '0')},ngo,f,30,,RO,sexual,thb,,,,`,
    );
    rows[20] = 'surya,2016-02-01,ngo,woman,30,,RO,sexual,thb,,,,';
    rows[30] = 'surya,2016-02-01,ngo,f,30,,RO,sexual,thb,accepted,,2016-01-15,';
    const result = importCentreRequests({ actor: coordinator.actor, body: csv(rows), now });
    expect(result).toMatchObject({
      ok: false,
      errorCount: 2,
      errors: [
        { row: 22, column: 'sex', key: 'errors.import.invalidOption', values: { allowed: 'm, f, x' } },
        { row: 32, column: 'outcome_on', key: 'errors.import.outcomeBeforeReceived' },
      ],
    });
    expect(count()).toBe(before);
    const failed = db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'centre_request.import'), eq(auditEvents.outcome, 'failed')))
      .all();
    expect(failed.length).toBeGreaterThan(0);
  });

  it('requires an outcome’s day and reason as when a centre records it', () => {
    const result = importCentreRequests({
      actor: coordinator.actor,
      body: csv(['surya,2016-03-01,ngo,f,30,,RO,sexual,thb,refused_by_person,,,']),
      now,
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { row: 2, column: 'outcome_on', key: 'errors.required' },
        { row: 2, column: 'outcome_reason', key: 'errors.referral.reason_required' },
      ],
    });
  });

  it('lets a centre’s staff import for their own centre only, naming the row of another', () => {
    const before = count();
    const refused = importCentreRequests({
      actor: pagasaStaff.actor,
      body: csv(['pag-asa,2017-01-10,ngo,f,30,,RO,sexual,thb,,,,', 'payoke,2017-01-11,ngo,f,30,,RO,sexual,thb,,,,']),
      now,
    });
    expect(refused).toMatchObject({
      ok: false,
      errorCount: 1,
      errors: [{ row: 3, column: 'centre', key: 'errors.import.otherCentre' }],
    });
    expect(count()).toBe(before);
    const own = importCentreRequests({
      actor: pagasaStaff.actor,
      body: csv(['pag-asa,2017-01-10,ngo,f,30,,RO,sexual,thb,accepted,,2017-01-12,']),
      now,
    });
    expect(own).toEqual({ ok: true, imported: 1, rows: 1 });
    expect(table(2017, 'accompaniments_sex_by_centre')('f', 'pag-asa')).toBe(1);
  });

  it('refuses the same rows again, whatever the line endings or trailing newline, naming them', () => {
    const rows = [
      'esperanto,2018-04-01,child_focus,f,15,,NG,sexual,thb,accepted,,2018-04-02,"two\nlines"',
      'esperanto,2018-04-01,child_focus,f,15,,NG,sexual,thb,accepted,,2018-04-02,"two\nlines"',
    ];
    expect(importCentreRequests({ actor: coordinator.actor, body: csv(rows), now })).toEqual({
      ok: true,
      imported: 2,
      rows: 2,
    });
    const before = count();
    const crlf = csv(rows, '\r\n').replace('two\nlines', 'two\r\nlines').replace('two\nlines', 'two\r\nlines');
    const noTrailing = csv(rows).slice(0, -1);
    for (const body of [
      crlf,
      noTrailing,
      csv(rows) + '\n',
      csv([rows[1]!, 'esperanto,2018-05-01,ngo,m,12,,NG,begging,thb,,,,']),
    ]) {
      const again = importCentreRequests({ actor: coordinator.actor, body, now });
      expect(again.ok).toBe(false);
      if (!again.ok)
        expect(again.errors[0]).toMatchObject({ row: 2, column: null, key: 'errors.import.alreadyImported' });
    }
    expect(count()).toBe(before);
  });

  it('imports the documented example as it is', () => {
    const result = importCentreRequests({
      actor: coordinator.actor,
      body: readFileSync('docs/import-centres-example.csv'),
      now,
    });
    expect(result).toEqual({ ok: true, imported: 6, rows: 6 });
  });

  it('is not for a referrer: not found, nothing written', () => {
    const before = count();
    expect(() =>
      importCentreRequests({
        actor: referrer.actor,
        body: csv(['pag-asa,2014-01-01,ngo,f,30,,RO,sexual,thb,,,,']),
        now,
      }),
    ).toThrow();
    expect(count()).toBe(before);
  });
});
