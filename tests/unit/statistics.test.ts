import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ageBand, quantiles, type StatisticsTable } from '@/lib/statistics/tables';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { NotFoundError } from '@/lib/server/errors';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { makeOrganisation, makeUser } from '../support/factories';

const base = {
  'ctx.control_date': '2025-03-10',
  'ctx.region': 'bru',
  'ctx.forms': ['economic'],
  'ctx.sector': 'construction',
  'vic.sex': 'm',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'RO',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
const cell = (t: StatisticsTable, row: string, col: string) => t.cells[t.rows.indexOf(row)]![t.cols.indexOf(col)];
const table = (ts: StatisticsTable[], id: string) => ts.find((t) => t.id === id)!;

describe('age bands', () => {
  it('puts 17 with minors, 18 and 29 in 18–29, 30 in 30–39, 50 in 50+', () => {
    expect(ageBand(17, false)).toBe('minor');
    expect(ageBand(18, false)).toBe('18_29');
    expect(ageBand(29, false)).toBe('18_29');
    expect(ageBand(30, false)).toBe('30_39');
    expect(ageBand(49, false)).toBe('40_49');
    expect(ageBand(50, false)).toBe('50_plus');
    expect(ageBand(25, true)).toBe('minor');
    expect(ageBand(null, null)).toBe('unknown');
  });
  it('computes nearest-rank quantiles', () => {
    expect(quantiles([5, 1, 3, 2, 4])).toEqual({ median: 3, p90: 5 });
    expect(quantiles([])).toEqual({ median: null, p90: null });
  });
});

describe('yearly tables from the records', async () => {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  makeOrganisation('guardianship', 'Tutelles', 'tutelles');
  const onss = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  const police = await makeUser({ role: 'referrer', organisation: makeOrganisation('police') });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const pagasa = await makeUser({ role: 'centre_staff', organisation: centres['pag-asa']! });
  const at = (iso: string) => new Date(iso);
  const make = (actor: typeof onss.actor, answers: Record<string, unknown>, when: string) =>
    createChecklist({
      actor,
      idempotencyKey: randomUUID(),
      answers: { ...base, ...answers },
      complete: true,
      now: at(when),
    }).id;

  // 2025, ONSS: 3 counted (bru/construction m RO 34, bru/horeca f MA 17 → minor, lie/construction f RO 29: one day short of 30), 1 not sufficient, 1 draft.
  const a = make(onss.actor, {}, '2025-05-01T10:00:00Z');
  make(
    onss.actor,
    {
      'ctx.sector': 'horeca',
      'vic.sex': 'f',
      'vic.nationality': 'MA',
      'vic.birth_date': '2007-06-01',
      'vic.unaccompanied': 'no',
    },
    '2025-06-01T10:00:00Z',
  );
  make(
    onss.actor,
    { 'ctx.region': 'lie', 'vic.sex': 'f', 'vic.birth_date': '1995-03-11', 'exp.housing': 'yes' },
    '2025-12-31T22:30:00Z',
  ); // 23:30 in Brussels: 2025
  make(onss.actor, { 'out.sufficient': 'no' }, '2025-07-01T10:00:00Z');
  createChecklist({ actor: onss.actor, idempotencyKey: randomUUID(), answers: base });
  // 2026 (New Year in Brussels), police.
  make(
    police.actor,
    { 'ctx.region': 'ant', 'exp.housing': 'yes', 'vic.birth_date': '1976-01-01' },
    '2025-12-31T23:30:00Z',
  );
  // The ONSS adult is referred to PAG-ASA and accepted in 2025.
  const ref = createReferral({
    actor: onss.actor,
    input: { checklistId: a, caseType: 'thb', idempotencyKey: randomUUID() },
    now: at('2025-05-02T08:00:00Z'),
  });
  transitionReferral({
    actor: pagasa.actor,
    referralId: ref.id,
    to: 'acknowledged',
    expectedVersion: 1,
    now: at('2025-05-02T10:00:00Z'),
  });
  transitionReferral({
    actor: pagasa.actor,
    referralId: ref.id,
    to: 'accepted',
    expectedVersion: 2,
    now: at('2025-05-03T08:00:00Z'),
  });

  const y2025 = computeYearStatistics({ actor: coordinator.actor, year: 2025 });
  const y2025onss = computeYearStatistics({ actor: coordinator.actor, year: 2025, service: 'onss' });
  const y2025police = computeYearStatistics({ actor: coordinator.actor, year: 2025, service: 'police' });

  it('counts completed, sufficient check-lists of the year by direction (drafts and out.sufficient = no excluded)', () => {
    const t = table(y2025, 'checklists_by_region');
    expect(cell(t, 'bru', 'count')).toBe(2);
    expect(cell(t, 'lie', 'count')).toBe(1);
    expect(cell(t, 'ant', 'count')).toBe(0); // completed at 00:30 on 1 January 2026 in Brussels
    expect(
      table(y2025police, 'checklists_by_region')
        .cells.flat()
        .reduce((x, y) => x + y, 0),
    ).toBe(0);
    expect(
      cell(
        table(computeYearStatistics({ actor: coordinator.actor, year: 2026 }), 'checklists_by_region'),
        'ant',
        'count',
      ),
    ).toBe(1);
  });

  it('crosses sector × direction, nationality × sex and age band × sex', () => {
    const sr = table(y2025onss, 'checklists_sector_by_region');
    expect(cell(sr, 'construction', 'bru')).toBe(1);
    expect(cell(sr, 'construction', 'lie')).toBe(1);
    expect(cell(sr, 'horeca', 'bru')).toBe(1);
    const ns = table(y2025, 'checklists_nationality_by_sex');
    expect(ns.rows[0]).toBe('RO');
    expect(cell(ns, 'RO', 'm')).toBe(1);
    expect(cell(ns, 'RO', 'f')).toBe(1);
    expect(cell(ns, 'MA', 'f')).toBe(1);
    const as = table(y2025, 'checklists_age_by_sex');
    expect(cell(as, 'minor', 'f')).toBe(1);
    expect(cell(as, '18_29', 'f')).toBe(1);
    expect(cell(as, '30_39', 'm')).toBe(1);
  });

  it('counts persons oriented (accepted), indicators, and the series over the years', () => {
    expect(cell(table(y2025, 'checklists_oriented_by_region_accepted'), 'bru', 'm')).toBe(1);
    expect(cell(table(y2025, 'checklists_indicators'), 'exp.housing', 'count')).toBe(1);
    const years = table(y2025, 'checklists_over_years');
    expect(years.rows).toEqual(['2025', '2026']);
    // No investigation recorded persons met here: that column is 0 (tests/unit/persons-met.test.ts).
    expect(years.cols).toEqual(['checklists', 'oriented', 'persons_met']);
    expect(years.cells).toEqual([
      [3, 1, 0],
      [1, 0, 0],
    ]);
  });

  it('counts the centres’ requests, accompaniments and response times', () => {
    expect(cell(table(y2025, 'centre_requests_by_outcome'), 'pag-asa', 'accepted')).toBe(1);
    expect(cell(table(y2025, 'accompaniments_form_by_centre'), 'pag-asa', 'economic')).toBe(1);
    expect(cell(table(y2025, 'accompaniments_sex_by_centre'), 'm', 'pag-asa')).toBe(1);
    const times = table(y2025, 'referral_response_times');
    expect(cell(times, 'pag-asa', 'first_median')).toBe(2);
    expect(cell(times, 'pag-asa', 'accepted_median')).toBe(24);
    expect(cell(table(y2025, 'referral_outcomes_by_service'), 'onss', 'accepted')).toBe(1);
  });

  it('refuses referrers and centre staff', () => {
    expect(() => computeYearStatistics({ actor: onss.actor, year: 2025 })).toThrow(NotFoundError);
    expect(() => computeYearStatistics({ actor: pagasa.actor, year: 2025 })).toThrow(NotFoundError);
  });
});
