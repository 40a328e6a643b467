/**
 * The tables as the report prints them (docs/domain/statistics.md#as-the-report-prints-them):
 * for each table whose layout follows the report, its rows and columns in the report's order,
 * with the report's labels (French, as in the report); the definition note where Relais's
 * labels or definition differ; the indicators' shares of the year's check-lists; and the
 * nationality detail of the persons oriented (the report's T8 and T15), which follows the
 * service filter and the publication switch like the other check-list tables.
 *
 * The orders are written out from the report (/work/shared is not read by the tests): T5 and
 * T12's header "Namur – Luxembourg, Bruxelles, Liège, Hainaut, Limbourg, Brabant Wallon,
 * Brabant Flamand, Anvers, Flandres orientale, Flandres occidentale"; T8 and T15's rows
 * "Namur-Luxembourg, Bruxelles, Liège, Hainaut, Brabant wallon, Anvers, Brabant flamand,
 * Flandre orientale, Flandre occidentale, Limbourg"; T27 and T28 a centre per row and the forms
 * across; T29 a centre per row, "<18 ans" and ">18 ans" across; T30 "Femmes" then "Hommes".
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fr from '@/lib/i18n/messages/fr.json';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { csvRows, noteRows, presentTable, type PresentedTable } from '@/lib/statistics/present';
import type { StatisticsTable } from '@/lib/statistics/tables';
import { makeOrganisation, makeUser } from '../support/factories';

/** The French catalogue, as the page reads it (plain messages: no arguments needed here). */
const t = (key: string): string => {
  const found = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], fr);
  return typeof found === 'string' ? found : key;
};
const regionLabel = (code: string) => CHECKLIST_LABELS.fr[`ctx.region=${code}`]!;
const raw = (ts: StatisticsTable[], id: string) => {
  const found = ts.find((x) => x.id === id);
  if (!found) throw new Error(`no table ${id}`);
  return found;
};
const shown = (ts: PresentedTable[], id: string) => {
  const found = ts.find((x) => x.id === id);
  if (!found) throw new Error(`no table ${id}`);
  return found;
};
const cellOf = (p: PresentedTable, row: string, col: string) =>
  p.rows.find((r) => r.code === row)?.cells[p.columns.findIndex((c) => c.code === col)];

const base = {
  'ctx.control_date': '2025-03-10',
  'ctx.forms': ['economic'],
  'ctx.sector': 'construction',
  'vic.birth_date': '1990-04-02',
  'out.sufficient': 'yes',
};

describe('the tables as the report prints them', async () => {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  const onss = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  const police = await makeUser({ role: 'referrer', organisation: makeOrganisation('police') });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const pagasa = await makeUser({ role: 'centre_staff', organisation: centres['pag-asa']! });
  const make = (actor: typeof onss.actor, answers: Record<string, unknown>, n = 1) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        createChecklist({
          actor,
          idempotencyKey: randomUUID(),
          answers: { ...base, ...answers },
          complete: true,
          now: new Date('2025-05-01T10:00:00Z'),
        }).id,
      );
    return ids;
  };
  const inCare = { 'out.wish': 'already_in_care', 'out.care_centre': 'pag-asa' };
  // 2025, 13 check-lists. Oriented (already in a centre's care): ONSS 6 Romanian men and 3
  // Romanian women in Namur-Luxembourg, 1 Moroccan man in Brussels; police 2 Indian men in
  // Liège. Not oriented at first: an Egyptian man in Brussels (ONSS), referred to PAG-ASA and
  // accepted below. Indicators: housing for the 6 Romanian men, very low pay for 2 of them.
  make(
    onss.actor,
    {
      ...inCare,
      'ctx.region': 'nam_lux',
      'vic.sex': 'm',
      'vic.nationality': 'RO',
      'exp.housing': 'yes',
      'pay.level': 'very_low',
    },
    2,
  );
  make(
    onss.actor,
    { ...inCare, 'ctx.region': 'nam_lux', 'vic.sex': 'm', 'vic.nationality': 'RO', 'exp.housing': 'yes' },
    4,
  );
  make(onss.actor, { ...inCare, 'ctx.region': 'nam_lux', 'vic.sex': 'f', 'vic.nationality': 'RO' }, 3);
  make(onss.actor, { ...inCare, 'ctx.region': 'bru', 'vic.sex': 'm', 'vic.nationality': 'MA' });
  make(police.actor, { ...inCare, 'ctx.region': 'lie', 'vic.sex': 'm', 'vic.nationality': 'IN' }, 2);
  const [egyptian] = make(onss.actor, {
    'out.wish': 'accepts_referral',
    'ctx.region': 'bru',
    'vic.sex': 'm',
    'vic.nationality': 'EG',
  });
  const referral = createReferral({
    actor: onss.actor,
    input: { checklistId: egyptian!, caseType: 'thb', idempotencyKey: randomUUID() },
    now: new Date('2025-05-02T08:00:00Z'),
  });
  for (const [to, expectedVersion, now] of [
    ['acknowledged', 1, '2025-05-02T10:00:00Z'],
    ['accepted', 2, '2025-05-03T08:00:00Z'],
  ] as const)
    transitionReferral({ actor: pagasa.actor, referralId: referral.id, to, expectedVersion, now: new Date(now) });

  const view = (
    service: 'all' | 'onss' | 'police',
    publication = false,
    locale: 'fr' | 'en' = 'fr',
    orientation: 'accepted' | 'contacted' = 'accepted',
  ) =>
    presentedStatistics({
      actor: coordinator.actor,
      year: 2025,
      service,
      publication,
      orientation,
      locale,
      t,
      audit: false,
    }).tables;
  const all = computeYearStatistics({ actor: coordinator.actor, year: 2025, audit: false });
  const page = view('all');

  it('T5, T12: the directions across in the report’s order', () => {
    const p = shown(page, 'checklists_sector_by_region');
    const order = ['nam_lux', 'bru', 'lie', 'hai', 'lim', 'bwa', 'vbr', 'ant', 'ovl', 'wvl'];
    expect(p.columns.map((c) => c.code)).toEqual(order);
    expect(p.columns.map((c) => c.label)).toEqual([
      'Namur-Luxembourg',
      'Bruxelles',
      'Liège',
      'Hainaut',
      'Limbourg',
      'Brabant wallon',
      'Brabant flamand',
      'Anvers',
      'Flandre orientale',
      'Flandre occidentale',
    ]);
    // The counts moved with their columns: construction in Namur-Luxembourg, Brussels, Liège.
    expect(cellOf(p, 'construction', 'nam_lux')).toBe(9);
    expect(cellOf(p, 'construction', 'bru')).toBe(2);
    expect(p.totalRow?.cells).toEqual([9, 2, 2, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('T6, T13: nationalities in alphabetical order of their names, "Hommes" and "Femmes" first; a note for the extra column', () => {
    const p = shown(page, 'checklists_nationality_by_sex');
    expect(p.rows.map((r) => r.label)).toEqual(['Égypte', 'Inde', 'Maroc', 'Roumanie']);
    expect(p.columns.map((c) => c.label)).toEqual(['Hommes', 'Femmes', 'Autre ou inconnu']);
    expect(p.note).toBe(fr.statistics.reportNotes.checklists_nationality_by_sex);
  });

  it('T8, T15: the directions down in the report’s order, with the definition of "oriented" in a note', () => {
    const p = shown(page, 'checklists_oriented_by_region_accepted');
    expect(p.rows.map((r) => r.code)).toEqual([
      'nam_lux',
      'bru',
      'lie',
      'hai',
      'bwa',
      'ant',
      'vbr',
      'ovl',
      'wvl',
      'lim',
    ]);
    expect(p.rows.map((r) => r.label)).toEqual(p.rows.map((r) => regionLabel(r.code)));
    expect(p.rows.map((r) => r.total)).toEqual([9, 2, 2, 0, 0, 0, 0, 0, 0, 0]);
    expect(p.note).toBe(fr.statistics.reportNotes.checklists_oriented_by_region);
  });

  it('T8, T15 "Nationalité et sexe": the persons oriented by direction and nationality, as a table of its own', () => {
    const t8 = raw(all, 'checklists_oriented_by_nationality_accepted');
    expect(t8.report).toEqual(['T8', 'T15']);
    expect(t8.group).toBe('checklists');
    expect(t8.rows).toEqual(['nam_lux:RO', 'bru:EG', 'bru:MA', 'lie:IN']);
    expect(t8.cols).toEqual(['m', 'f', 'x']);
    expect(t8.cells).toEqual([
      [6, 3, 0],
      [1, 0, 0],
      [1, 0, 0],
      [2, 0, 0],
    ]);
    const p = shown(page, 'checklists_oriented_by_nationality_accepted');
    expect(p.rows.map((r) => r.label)).toEqual([
      'Namur-Luxembourg — Roumanie',
      'Bruxelles — Égypte',
      'Bruxelles — Maroc',
      'Liège — Inde',
    ]);
    expect(p.rowHeader).toBe('Direction provinciale — nationalité');
    // Its totals are table 5's: by sex, and in all.
    const byRegion = shown(page, 'checklists_oriented_by_region_accepted');
    expect(p.totalRow).toEqual(byRegion.totalRow);
    // Under the wider definition, the same persons here (all of them were accepted or in care).
    const contacted = raw(
      computeYearStatistics({ actor: coordinator.actor, year: 2025, orientation: 'contacted', audit: false }),
      'checklists_oriented_by_nationality_contacted',
    );
    expect(contacted.cells).toEqual(t8.cells);
  });

  it('the nationality detail follows the service filter', () => {
    const ofService = (service: 'onss' | 'police') =>
      raw(
        computeYearStatistics({ actor: coordinator.actor, year: 2025, service, audit: false }),
        'checklists_oriented_by_nationality_accepted',
      );
    expect(ofService('police').rows).toEqual(['lie:IN']);
    expect(ofService('police').cells).toEqual([[2, 0, 0]]);
    expect(ofService('onss').rows).toEqual(['nam_lux:RO', 'bru:EG', 'bru:MA']);
  });

  it('the nationality detail follows the publication switch: small counts hidden, here as everywhere', () => {
    const published = view('all', true);
    const p = shown(published, 'checklists_oriented_by_nationality_accepted');
    expect(cellOf(p, 'nam_lux:RO', 'f')).toBe('< 5');
    expect(cellOf(p, 'bru:MA', 'm')).toBe('< 5');
    expect(cellOf(p, 'lie:IN', 'm')).toBe('< 5');
    const everything = [...p.rows.flatMap((r) => [...r.cells, r.total]), ...(p.totalRow?.cells ?? [])];
    expect(everything.filter((v) => typeof v === 'number' && v > 0 && v < 5)).toEqual([]);
    expect(p.suppressedCount).toBeGreaterThan(0);
    // The police view shows its one row hidden the same way.
    const policeView = shown(view('police', true), 'checklists_oriented_by_nationality_accepted');
    expect(policeView.rows.map((r) => [r.code, r.cells[0]])).toEqual([['lie:IN', '< 5']]);
  });

  it('indicators: each count with its share of the year’s check-lists, as a locale-formatted percentage', () => {
    const p = shown(page, 'checklists_indicators');
    expect(p.columns.map((c) => c.code)).toEqual(['count', 'share']);
    expect(p.columns[1]!.label).toBe('Part des check-lists de l’année');
    // 6 of the 13 check-lists: 46.2 %; 2 of 13: 15.4 %. French: a decimal comma and a space before %.
    expect(cellOf(p, 'exp.housing', 'count')).toBe(6);
    expect(cellOf(p, 'exp.housing', 'share')).toMatch(/^46,2\s%$/u);
    expect(cellOf(p, 'pay.level', 'share')).toMatch(/^15,4\s%$/u);
    expect(
      shown(view('all', false, 'en'), 'checklists_indicators').rows.find((r) => r.code === 'exp.housing')?.cells,
    ).toEqual([6, '46.2%']);
    // In the CSV (and the sheet, which prints the same rows), beside the count.
    expect(csvRows(p, 'Total')).toContainEqual([
      p.rows.find((r) => r.code === 'exp.housing')!.label,
      6,
      expect.stringMatching(/^46,2\s%$/u),
    ]);
    // Only the counts are drawn.
    expect(p.series).toHaveLength(1);
  });

  it('indicators in publication mode: a hidden count hides its share too', () => {
    const p = shown(view('all', true), 'checklists_indicators');
    expect(cellOf(p, 'pay.level', 'count')).toBe('< 5');
    expect(cellOf(p, 'pay.level', 'share')).toBeNull();
    expect(cellOf(p, 'exp.housing', 'count')).toBe(6);
    expect(cellOf(p, 'exp.housing', 'share')).toMatch(/^46,2\s%$/u);
    // A year's total hidden (here, as a partner of another count) hides every share: a shown
    // count and its share would give it back.
    const indicators = raw(all, 'checklists_indicators');
    const mask = {
      cells: indicators.rows.map(() => ['shown' as const]),
      rowTotals: indicators.rows.map(() => 'shown' as const),
      colTotals: ['shown' as const],
      grand: 'masked' as const,
      totals: false,
    };
    const hiddenTotal = presentTable(
      indicators,
      { publication: true, k: 5, mask },
      { t, labels: {}, country: (c) => c },
    );
    expect(hiddenTotal.rows.find((r) => r.code === 'exp.housing')?.cells).toEqual([6, null]);
    const shownTotal = presentTable(
      indicators,
      { publication: true, k: 5, mask: { ...mask, grand: 'shown' } },
      { t, labels: {}, country: (c) => c, locale: 'fr-BE' },
    );
    expect(shownTotal.rows.find((r) => r.code === 'exp.housing')?.cells[1]).toMatch(/^46,2\s%$/u);
  });

  it('T27, T28: a centre per row, the forms across, with the report’s names of the forms', () => {
    const p = shown(page, 'accompaniments_form_by_centre');
    expect(p.rows.map((r) => r.code)).toEqual(['pag-asa', 'payoke', 'surya', 'esperanto']);
    expect(p.columns.map((c) => c.label)).toEqual([
      'Exploitation sexuelle',
      'Exploitation économique',
      'Exploitation de la mendicité',
      'Commission forcée d’infractions',
      'Trafic illégal d’organes',
      'Trafic avec circonstances aggravantes',
    ]);
    expect(cellOf(p, 'pag-asa', 'economic')).toBe(1);
    expect(p.note).toBe(fr.statistics.reportNotes.accompaniments_form_by_centre);
  });

  it('T29: a centre per row, under and over 18 across', () => {
    const p = shown(page, 'accompaniments_minor_by_centre');
    expect(p.rows.map((r) => r.code)).toEqual(['pag-asa', 'payoke', 'surya', 'esperanto']);
    expect(p.columns.map((c) => c.label)).toEqual(['< 18 ans', '≥ 18 ans']);
    expect(cellOf(p, 'pag-asa', 'adult')).toBe(1);
    expect(p.rows[0]!.total).toBe(1);
    expect(p.note).toBe(fr.statistics.reportNotes.accompaniments_minor_by_centre);
  });

  it('T30: women first, then men, as "Femmes" and "Hommes"', () => {
    const p = shown(page, 'accompaniments_sex_by_centre');
    expect(p.rows.map((r) => r.code)).toEqual(['f', 'm', 'x']);
    expect(p.rows.map((r) => r.label)).toEqual(['Femmes', 'Hommes', 'Autre ou inconnu']);
    expect(cellOf(p, 'm', 'pag-asa')).toBe(1);
  });

  it('T26: the report’s column names', () => {
    const p = shown(page, 'centre_requests_by_outcome');
    expect(p.columns.map((c) => c.label).slice(0, 2)).toEqual([
      'Accompagnements mis en route',
      'Aucune victime de traite des êtres humains',
    ]);
  });

  it('carries the definition note under the table, in the CSV and the sheet; none where Relais and the report agree', () => {
    const age = shown(page, 'checklists_age_by_sex');
    expect(age.note).toBe(fr.statistics.reportNotes.checklists_age_by_sex);
    expect(noteRows(age)).toEqual([[null], [age.note]]);
    const byRegion = shown(page, 'checklists_by_region');
    expect(byRegion.note).toBeNull();
    expect(noteRows(byRegion)).toEqual([]);
  });
});
