import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getSqlite } from '@/db/client';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { NotFoundError } from '@/lib/server/errors';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { getDashboard } from '@/lib/server/statistics/get-dashboard';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import {
  changeOf,
  flowOf,
  gridOfCounts,
  gridOfPresented,
  keyFigure,
  KEY_FIGURES,
  medianTimes,
  primary,
  regionCounts,
  shadeOf,
  sumShown,
  type DashboardData,
  type Grid,
  type Shown,
  type View,
} from '@/lib/statistics/dashboard';
import type { StatisticsTable } from '@/lib/statistics/tables';
import { makeOrganisation, makeUser } from '../support/factories';

describe('dashboard arithmetic', () => {
  it('gives the change from the previous year only between two shown numbers', () => {
    expect(changeOf(12, 8)).toEqual({ diff: 4, percent: 50 });
    expect(changeOf(3, 0)).toEqual({ diff: 3, percent: null });
    expect(changeOf(5, 10)).toEqual({ diff: -5, percent: -50 });
    expect(changeOf('< 5', 8)).toBeNull();
    expect(changeOf(8, '×')).toBeNull();
    expect(changeOf(null, 2)).toBeNull();
  });
  it('adds entries only when every part is shown', () => {
    expect(sumShown([3, 4, null])).toBe(7);
    expect(sumShown([3, '< 5'])).toBe('×');
    expect(sumShown([])).toBe(0);
  });
  it('hides counts 1…k−1 outside the tables in publication mode only', () => {
    expect(primary(3, 5, true)).toBe('< 5');
    expect(primary(0, 5, true)).toBe(0);
    expect(primary(5, 5, true)).toBe(5);
    expect(primary(3, 5, false)).toBe(3);
  });
  it('shades tiles by shown counts; hidden and empty tiles get none', () => {
    expect(shadeOf(100, 100)).toBe(4);
    expect(shadeOf(1, 100)).toBe(1);
    expect(shadeOf(0, 100)).toBe(0);
    expect(shadeOf('< 5', 100)).toBe(0);
  });
  it('draws hidden entries of the flow as hidden, never as a number', () => {
    const view: View = new Map<string, Grid>([
      [
        'centre_requests_by_outcome',
        {
          rows: ['pag-asa', 'payoke', 'surya', 'esperanto'],
          cols: ['accepted', 'not_a_victim', 'other'],
          cells: [
            [12, '< 5', '×'],
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
          ],
          rowTotals: [20, 0, 0, 0],
          colTotals: [12, '< 5', '×'],
          grand: 20,
        },
      ],
      [
        'referral_outcomes_by_service',
        gridOfCounts(
          ['police_local', 'police_federal', 'onss', 'cls', 'guardianship', 'centre_channel'],
          [
            'sent',
            'acknowledged',
            'accepted',
            'not_a_victim',
            'refused_by_person',
            'lost_contact',
            'no_capacity',
            'redirected',
            'withdrawn',
            'closed',
          ],
          [
            [1, 0, 6, 0, 0, 0, 0, 0, 0, 2],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [0, 2, 4, 3, 0, 0, 1, 1, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
          ],
        ),
      ],
    ]);
    const flow = flowOf(view, 'all');
    const node = (id: string) => flow.nodes.find((n) => n.id === id)!.value;
    const link = (from: string, to: string) => flow.links.find((l) => l.from === from && l.to === to)!.value;
    expect(node('centre:pag-asa')).toBe(20);
    expect(link('centre:pag-asa', 'outcome:not_a_victim')).toBe('< 5');
    expect(link('centre:pag-asa', 'other')).toBe('×');
    expect(node('outcome:accompaniment')).toBe(12);
    // No place → redirected groups two statuses; pending groups sent and acknowledged.
    expect(node('outcome:no_place')).toBe(2);
    expect(node('outcome:pending')).toBe(3);
    expect(node('service:onss')).toBe(11);
    // Under a service filter: that service's requests and their outcomes, no centres.
    const onss = flowOf(view, 'onss');
    expect(onss.nodes.map((n) => n.id)).not.toContain('centre:pag-asa');
    expect(onss.nodes.find((n) => n.id === 'outcome:accompaniment')!.value).toBe(4);
    const police = flowOf(view, 'police');
    expect(police.nodes.find((n) => n.id === 'service:police')!.value).toBe(9);
    expect(police.nodes.find((n) => n.id === 'outcome:accompaniment')!.value).toBe(8);
  });
});

const base = {
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
const MINOR = { 'vic.birth_date': '2009-06-01', 'vic.unaccompanied': 'no', 'vic.sex': 'f' };

/** The year's tables as computed for the statistics page, as the dashboard reads them. */
function viewOfTables(tables: StatisticsTable[]): View {
  return new Map(
    tables.map((t) => [
      t.id,
      gridOfCounts(
        t.rows,
        t.cols,
        t.cells.map((r) => [...r]),
      ),
    ]),
  );
}
function hoursNull(view: View): View {
  const times = view.get('referral_response_times');
  if (times) times.cells = times.cells.map((r) => r.map((v) => (typeof v === 'number' && v < 0 ? null : v)));
  return view;
}

describe('the dashboard of a year', async () => {
  for (const c of ['pag-asa', 'payoke', 'surya', 'esperanto']) makeOrganisation('centre', c, c);
  makeOrganisation('guardianship', 'Tutelles', 'tutelles');
  const onss = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  const police = await makeUser({ role: 'referrer', organisation: makeOrganisation('police') });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const pagasa = await makeUser({ role: 'centre_staff', organisation: 'pag-asa' });
  const at = (iso: string) => new Date(iso);
  const make = (actor: typeof onss.actor, answers: Record<string, unknown>, when: string) =>
    createChecklist({
      actor,
      idempotencyKey: randomUUID(),
      answers: { ...base, ...answers },
      complete: true,
      now: at(when),
    }).id;
  const refer = (checklistId: string, when: Date) =>
    createReferral({
      actor: onss.actor,
      input: { checklistId, caseType: 'thb', idempotencyKey: randomUUID() },
      now: when,
    }).id;
  const move = (
    id: string,
    to: 'acknowledged' | 'accepted' | 'not_a_victim',
    version: number,
    when: string,
    reason?: string,
  ) =>
    transitionReferral({
      actor: pagasa.actor,
      referralId: id,
      to,
      expectedVersion: version,
      now: at(when),
      ...(reason ? { reason } : {}),
    });

  // 2024: 2 ONSS (Brussels), 1 police (Antwerp).
  make(onss.actor, {}, '2024-04-01T10:00:00Z');
  make(onss.actor, {}, '2024-04-02T10:00:00Z');
  make(police.actor, { 'ctx.region': 'ant' }, '2024-05-01T10:00:00Z');
  // 2025: 4 ONSS (3 Brussels, one of them a minor; 1 Liège), 1 police (Antwerp).
  const a = make(onss.actor, { 'ctx.control_date': '2025-03-01' }, '2025-03-02T10:00:00Z');
  const b = make(onss.actor, { 'ctx.control_date': '2025-03-01' }, '2025-03-03T10:00:00Z');
  make(onss.actor, { 'ctx.control_date': '2025-03-01', ...MINOR }, '2025-03-04T10:00:00Z');
  make(onss.actor, { 'ctx.control_date': '2025-03-01', 'ctx.region': 'lie' }, '2025-03-05T10:00:00Z');
  make(police.actor, { 'ctx.control_date': '2025-03-01', 'ctx.region': 'ant' }, '2025-03-06T10:00:00Z');
  // a: PAG-ASA acts after 2 h and accepts after 24 h; b: PAG-ASA acts after 4 h, not a victim.
  const ra = refer(a, at('2025-05-02T08:00:00Z'));
  move(ra, 'acknowledged', 1, '2025-05-02T10:00:00Z');
  move(ra, 'accepted', 2, '2025-05-03T08:00:00Z');
  const rb = refer(b, at('2025-06-01T08:00:00Z'));
  move(rb, 'acknowledged', 1, '2025-06-01T12:00:00Z');
  move(rb, 'not_a_victim', 2, '2025-06-02T08:00:00Z', 'no_indicators');
  // Overdue right now: an adult's referral still sent after 25 h (PAG-ASA), a minor's after 3 h
  // (Esperanto); an adult's after 3 h is not overdue yet.
  const now = new Date();
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
  refer(make(onss.actor, { 'ctx.control_date': '2025-03-01' }, '2025-03-07T10:00:00Z'), hoursAgo(25));
  refer(make(onss.actor, { 'ctx.control_date': '2025-03-01', ...MINOR }, '2025-03-08T10:00:00Z'), hoursAgo(3));
  refer(
    make(onss.actor, { 'ctx.control_date': '2025-03-01', 'ctx.region': 'ant' }, '2025-03-09T10:00:00Z'),
    hoursAgo(3),
  );

  const t = (key: string) => key;
  const dashboard = (options: Partial<Parameters<typeof getDashboard>[0]> = {}) =>
    getDashboard({
      actor: coordinator.actor,
      year: 2025,
      service: 'all',
      publication: false,
      locale: 'fr',
      t,
      ...options,
    });
  const figure = (d: DashboardData, id: string) => d.figures.find((f) => f.id === id)!;

  it('gives the key figures of the year beside the previous year’s', () => {
    const d = dashboard();
    expect(d.previousYear).toBe(2024);
    // The 3 check-lists completed for the overdue referrals count in 2025 too.
    expect(figure(d, 'checklists')).toEqual({ id: 'checklists', current: 8, previous: 3 });
    expect(figure(d, 'minors')).toMatchObject({ current: 2, previous: 0 });
    expect(figure(d, 'oriented_accepted')).toMatchObject({ current: 1, previous: 0 });
    expect(figure(d, 'oriented_contacted')).toMatchObject({ current: 2, previous: 0 });
    expect(figure(d, 'requests')).toMatchObject({ current: 2, previous: 0 });
    expect(figure(d, 'accompaniments')).toMatchObject({ current: 1, previous: 0 });
    expect(changeOf(figure(d, 'checklists').current, figure(d, 'checklists').previous)).toEqual({
      diff: 5,
      percent: 166.7,
    });
    const onssOnly = dashboard({ service: 'onss' });
    expect(figure(onssOnly, 'checklists')).toMatchObject({ current: 7, previous: 2 });
    // The centre figures cover every service, as the centre tables do.
    expect(figure(onssOnly, 'requests')).toMatchObject({ current: 2 });
  });

  it('gives each centre’s median hours to the first action and to acceptance', () => {
    const pag = dashboard().times.find((x) => x.centre === 'pag-asa')!;
    // Nearest-rank median of 2 h and 4 h is 2 h; one acceptance after 24 h.
    expect(pag.first).toEqual({ current: 2, previous: null });
    expect(pag.accepted).toEqual({ current: 24, previous: null });
    expect(dashboard().times.find((x) => x.centre === 'payoke')!.first.current).toBeNull();
  });

  it('counts the referrals overdue right now per centre (24 h, 2 h for a minor)', () => {
    const overdue = Object.fromEntries(dashboard().overdue.map((o) => [o.centre, o.n]));
    expect(overdue).toEqual({ 'pag-asa': 1, payoke: 0, surya: 0, esperanto: 1 });
    // Publication mode: counts under k are not published.
    expect(dashboard({ publication: true }).overdue.find((o) => o.centre === 'pag-asa')!.n).toBe('< 5');
  });

  it('reads the same entries as the tables of the year, for every service filter', () => {
    for (const service of ['all', 'police', 'onss', 'cls', 'guardianship'] as const) {
      for (const year of [2025, 2024]) {
        const d = dashboard({ service, year });
        const view = hoursNull(
          viewOfTables([
            ...computeYearStatistics({ actor: coordinator.actor, year, service, audit: false }),
            ...computeYearStatistics({
              actor: coordinator.actor,
              year,
              service,
              orientation: 'contacted',
              audit: false,
            }),
          ]),
        );
        const previous = hoursNull(
          viewOfTables([
            ...computeYearStatistics({ actor: coordinator.actor, year: year - 1, service, audit: false }),
            ...computeYearStatistics({
              actor: coordinator.actor,
              year: year - 1,
              service,
              orientation: 'contacted',
              audit: false,
            }),
          ]),
        );
        for (const id of KEY_FIGURES) {
          expect(figure(d, id).current, `${service} ${year} ${id}`).toEqual(keyFigure(id, view));
          expect(figure(d, id).previous, `${service} ${year - 1} ${id}`).toEqual(keyFigure(id, previous));
        }
        expect(d.times).toEqual(medianTimes(view, previous));
        expect(d.flow).toEqual(flowOf(view, service));
        expect(d.regions).toEqual(regionCounts(view));
        const series = computeYearStatistics({ actor: coordinator.actor, year, service, audit: false }).find(
          (x) => x.id === 'checklists_over_years',
        )!;
        const checklists = d.trends.measures.find((m) => m.id === 'checklists')!;
        for (const [i, y] of d.trends.years.entries()) {
          const row = series.rows.indexOf(String(y));
          expect(checklists.values[i]).toBe(row < 0 ? 0 : series.cells[row]![0]);
        }
      }
    }
    expect(dashboard().trends.years).toEqual([2024, 2025]);
  });

  it('publication mode: every number drawn is the tables’ published entry, and no small count shows', () => {
    const d = dashboard({ publication: true });
    const published = (service: 'all', orientation: 'accepted' | 'contacted', year = 2025) =>
      new Map(
        presentedStatistics({
          actor: coordinator.actor,
          year,
          service,
          publication: true,
          orientation,
          locale: 'fr',
          t,
          audit: false,
        }).tables.map((x) => [x.id, gridOfPresented(x)] as const),
      );
    const view = published('all', 'accepted');
    view.set(
      'checklists_oriented_by_region_contacted',
      published('all', 'contacted').get('checklists_oriented_by_region_contacted')!,
    );
    for (const id of KEY_FIGURES) expect(figure(d, id).current, id).toEqual(keyFigure(id, view));
    expect(d.flow).toEqual(flowOf(view, 'all'));
    expect(d.regions).toEqual(regionCounts(view));
    // k = 5: the pictures get no count from 1 to 4.
    const drawn: Shown[] = [
      ...d.figures.flatMap((f) => [f.current, f.previous]),
      ...d.flow.nodes.map((n) => n.value),
      ...d.flow.links.map((l) => l.value),
      ...d.regions.map((r) => r.n),
      ...d.trends.measures.flatMap((m) => m.values),
      ...d.trends.services.flatMap((s) => s.values),
      ...d.overdue.map((o) => o.n),
    ];
    expect(drawn.filter((v) => typeof v === 'number' && v > 0 && v < 5)).toEqual([]);
    expect(d.regions.find((r) => r.region === 'lie')!.n).toBe('< 5');
    expect(d.regions.find((r) => r.region === 'bru')!.n).toBe(5);
    expect(figure(d, 'checklists').current).toBe(8);
    expect(typeof figure(d, 'minors').current).toBe('string');
    expect(typeof d.flow.nodes.find((n) => n.id === 'centre:pag-asa')!.value).toBe('string');
    // Response times of a centre with fewer than k referrals are hidden too.
    expect(d.times.find((x) => x.centre === 'pag-asa')!.first.current).toBe('×');
    // Outside publication mode the same figures are exact.
    expect(dashboard().regions.find((r) => r.region === 'lie')!.n).toBe(1);
  });

  it('refuses referrers and centres (not found) and audits each view', () => {
    expect(() =>
      getDashboard({ actor: onss.actor, year: 2025, service: 'all', publication: false, locale: 'fr', t }),
    ).toThrow(NotFoundError);
    expect(() =>
      getDashboard({ actor: pagasa.actor, year: 2025, service: 'all', publication: false, locale: 'fr', t }),
    ).toThrow(NotFoundError);
    const before = getSqlite()
      .prepare("select count(*) from audit_events where action = 'statistics.read' and detail like '%dashboard%'")
      .pluck()
      .get() as number;
    dashboard({ service: 'onss' });
    const rows = getSqlite()
      .prepare(
        "select actor_user_id as user, target_id as year, detail from audit_events where action = 'statistics.read' and detail like '%dashboard%' order by id",
      )
      .all() as { user: string; year: string; detail: string }[];
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ user: coordinator.id, year: '2025' });
    expect(JSON.parse(rows.at(-1)!.detail)).toEqual({ view: 'dashboard', service: 'onss', publication: false });
  });
});
