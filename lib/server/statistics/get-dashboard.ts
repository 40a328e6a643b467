import 'server-only';
import { getDb, getSqlite } from '../../../db/client';
import { AGE_BANDS, quantiles, SERVICES_OF_FILTER, type ServiceFilter } from '../../statistics/tables';
import { REGIONS } from '../../checklist/catalogue';
import { CENTRE_CODES } from '../../referrals/routing';
import { OVERDUE_MS, REFERRAL_STATUSES } from '../../referrals/state-machine';
import type { Locale } from '../../i18n/locales';
import {
  flowOf,
  grandOf,
  gridOfCounts,
  gridOfPresented,
  KEY_FIGURES,
  keyFigure,
  medianTimes,
  primary,
  regionCounts,
  trendsOf,
  type DashboardData,
  type Grid,
  type Shown,
  type View,
} from '../../statistics/dashboard';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { auditAct } from '../audit/write-audit';
import { readDisclosureThreshold } from './get-disclosure-threshold';
import { presentedStatistics } from './presented-statistics';

const SEXES = ['m', 'f', 'x'];
const FLOW_SERVICE_ROWS = ['police_local', 'police_federal', 'onss', 'cls', 'guardianship', 'centre_channel'];
const TREND_SERVICES = ['police', 'onss', 'cls', 'guardianship'] as const;

/**
 * The coordinators' dashboard of a year (docs/domain/statistics.md#dashboard, decision 0030):
 * key figures beside the previous year's, trends over every year, the referral flow, the map.
 * Every number is an entry of the year's tables. Outside publication mode the entries are read
 * straight from the counters and a few indexed grouped reads (the tables show the exact counts,
 * the same); in publication mode they are taken from the presented tables themselves, so the
 * dashboard hides exactly what every view of the year hides. One audit entry per view.
 */
export function getDashboard({
  actor,
  year,
  service,
  publication,
  locale,
  t,
  now = new Date(),
}: {
  actor: Actor;
  year: number;
  service: ServiceFilter;
  publication: boolean;
  locale: Locale;
  t: (key: string) => string;
  now?: Date;
}): DashboardData {
  authorize(actor, 'statistics.read');
  const previousYear = year - 1;
  const source = publication ? publishedEntries({ actor, year, service, locale, t }) : exactEntries({ year, service });
  const current = source.views.get(year)!;
  const previous = source.views.get(previousYear)!;
  const k = readDisclosureThreshold();
  const data: DashboardData = {
    year,
    previousYear,
    service,
    publication,
    k,
    figures: KEY_FIGURES.map((id) => ({ id, current: keyFigure(id, current), previous: keyFigure(id, previous) })),
    times: medianTimes(current, previous),
    overdue: overdueNow(now).map(({ centre, n }) => ({ centre, n: primary(n, k, publication) })),
    trends: trendsOf({ series: source.series, accompaniments: source.accompaniments, service }),
    flow: flowOf(current, service),
    regions: regionCounts(current),
  };
  getDb().transaction(
    (tx) =>
      auditAct(
        tx,
        actor,
        'statistics.read',
        { type: 'statistics', id: String(year) },
        { detail: { view: 'dashboard', service, publication } },
      ),
    { behavior: 'immediate' },
  );
  return data;
}

interface Entries {
  /** The chosen year's and the previous year's tables. */
  views: Map<number, View>;
  /** The series over the years (table 8) by "service filter|orientation". */
  series: Map<string, Grid>;
  /** Table 11's grand total, by year. */
  accompaniments: Map<number, Shown>;
}

/** Publication mode: the presented tables, suppressed once for every view of each year. */
function publishedEntries({
  actor,
  year,
  service,
  locale,
  t,
}: {
  actor: Actor;
  year: number;
  service: ServiceFilter;
  locale: Locale;
  t: (key: string) => string;
}): Entries {
  const presented = (y: number, s: ServiceFilter, orientation: 'accepted' | 'contacted') =>
    new Map(
      presentedStatistics({
        actor,
        year: y,
        service: s,
        publication: true,
        orientation,
        locale,
        t,
        audit: false,
      }).tables.map((table) => [table.id, gridOfPresented(table)] as const),
    );
  const views = new Map<number, View>();
  const series = new Map<string, Grid>();
  for (const y of [year, year - 1]) {
    const accepted = presented(y, service, 'accepted');
    const contacted = presented(y, service, 'contacted');
    const oriented = contacted.get('checklists_oriented_by_region_contacted');
    if (oriented) accepted.set('checklists_oriented_by_region_contacted', oriented);
    views.set(y, accepted);
    if (y === year) {
      series.set(`${service}|accepted`, accepted.get('checklists_over_years')!);
      series.set(`${service}|contacted`, contacted.get('checklists_over_years')!);
    }
  }
  if (service === 'all')
    for (const s of TREND_SERVICES)
      series.set(`${s}|accepted`, presented(year, s, 'accepted').get('checklists_over_years')!);
  // Each year's accompaniments as that year's tables publish them (its own suppression).
  const years = new Set<number>([...(series.get(`${service}|accepted`)?.rows.map(Number) ?? []), ...acceptedYears()]);
  const accompaniments = new Map<number, Shown>();
  for (const y of years) {
    const view = y === year || y === year - 1 ? views.get(y)! : presented(y, 'all', 'accepted');
    accompaniments.set(y, grandOf(view.get('accompaniments_minor_by_centre')));
  }
  return { views, series, accompaniments };
}

function acceptedYears(): number[] {
  return getSqlite()
    .prepare('select distinct accepted_year from referrals where accepted_year is not null')
    .pluck()
    .all() as number[];
}

/**
 * Outside publication mode: the same entries as the tables (compute-year-statistics.ts), read
 * with fewer, narrower queries — the counters for the two years, the series of every service
 * in one read, the year's referrals grouped once, the accompaniments of every year grouped once.
 */
function exactEntries({ year, service }: { year: number; service: ServiceFilter }): Entries {
  const sqlite = getSqlite();
  const organisations = new Map(
    (
      sqlite.prepare('select id, code, service from organisations').all() as {
        id: string;
        code: string;
        service: string | null;
      }[]
    ).map((o) => [o.id, o]),
  );
  const centreOf = (id: string) => organisations.get(id)?.code ?? '';
  const services = SERVICES_OF_FILTER[service];
  const years = [year, year - 1];
  const inServices = services ? `and service in (${services.map(() => '?').join(', ')})` : '';
  const counters = sqlite
    .prepare(
      `select year, dimension, a, b, sum(n) as n from statistics_counts
       where year in (?, ?) and dimension in ('region_sector', 'age_sex', 'oriented_accepted', 'oriented_contacted') ${inServices}
       group by year, dimension, a, b`,
    )
    .all(...years, ...(services ?? [])) as { year: number; dimension: string; a: string; b: string; n: number }[];
  const referrals = sqlite
    .prepare(
      `select year, centre_id as centreId, referring_organisation_id as referringId, status, sum(accepted_at is not null) as accepted, count(*) as n
       from referrals where year in (?, ?) group by year, centre_id, status, referring_organisation_id`,
    )
    .all(...years) as {
    year: number;
    centreId: string;
    referringId: string | null;
    status: string;
    accepted: number;
    n: number;
  }[];
  const times = sqlite.prepare(
    "select centre_id, first_action_seconds, accepted_seconds from referrals where year = ? and source = 'app'",
  );

  const views = new Map<number, View>();
  for (const y of years) {
    const view: View = new Map();
    const mine = counters.filter((c) => c.year === y);
    const add = (dimension: string, r: string, c: string, into: Map<string, number>) => {
      for (const x of mine)
        if (x.dimension === dimension && (r === '' || x.a === r) && (c === '' || x.b === c))
          into.set(`${x.a}|${x.b}`, (into.get(`${x.a}|${x.b}`) ?? 0) + x.n);
    };
    const counted = (dimension: string) => {
      const m = new Map<string, number>();
      add(dimension, '', '', m);
      return m;
    };
    const byRegion = counted('region_sector');
    view.set(
      'checklists_by_region',
      gridOfCounts(
        REGIONS,
        ['count'],
        REGIONS.map((r) => [[...byRegion].filter(([key]) => key.startsWith(`${r}|`)).reduce((a, [, n]) => a + n, 0)]),
      ),
    );
    const ageSex = counted('age_sex');
    view.set(
      'checklists_age_by_sex',
      gridOfCounts(
        AGE_BANDS,
        SEXES,
        AGE_BANDS.map((band) => SEXES.map((sex) => ageSex.get(`${band}|${sex}`) ?? 0)),
      ),
    );
    for (const orientation of ['accepted', 'contacted'] as const) {
      const oriented = counted(`oriented_${orientation}`);
      view.set(
        `checklists_oriented_by_region_${orientation}`,
        gridOfCounts(
          REGIONS,
          SEXES,
          REGIONS.map((r) => SEXES.map((sex) => oriented.get(`${r}|${sex}`) ?? 0)),
        ),
      );
    }
    // 9. requests by centre and outcome; 16. by detecting service and current status.
    const received = referrals.filter((x) => x.year === y);
    const outcomes = ['accepted', 'not_a_victim', 'other'];
    view.set(
      'centre_requests_by_outcome',
      gridOfCounts(
        CENTRE_CODES,
        outcomes,
        CENTRE_CODES.map((centre) => {
          const rows = received.filter((x) => centreOf(x.centreId) === centre);
          const accepted = rows.reduce((a, x) => a + x.accepted, 0);
          const notAVictim = rows.filter((x) => x.status === 'not_a_victim').reduce((a, x) => a + x.n - x.accepted, 0);
          const all = rows.reduce((a, x) => a + x.n, 0);
          return [accepted, notAVictim, all - accepted - notAVictim];
        }),
      ),
    );
    const serviceOf = (id: string | null) => (id === null ? null : organisations.get(id)?.service) ?? 'centre_channel';
    view.set(
      'referral_outcomes_by_service',
      gridOfCounts(
        FLOW_SERVICE_ROWS,
        REFERRAL_STATUSES,
        FLOW_SERVICE_ROWS.map((s) =>
          REFERRAL_STATUSES.map((status) =>
            received.filter((x) => x.status === status && serviceOf(x.referringId) === s).reduce((a, x) => a + x.n, 0),
          ),
        ),
      ),
    );
    // 15. median hours to the first action and to acceptance (rounded to 0.1 h, as the table).
    const rows = times.raw().all(y) as [string, number | null, number | null][];
    const timeCols = ['first_median', 'accepted_median', 'referrals'];
    const hours = (values: (number | null)[]) => {
      const { median } = quantiles(values.filter((v): v is number => v !== null).map((v) => v / 3600));
      return median === null ? null : Math.round(median * 10) / 10;
    };
    view.set('referral_response_times', {
      rows: [...CENTRE_CODES],
      cols: timeCols,
      cells: CENTRE_CODES.map((centre) => {
        const own = rows.filter(([id]) => centreOf(id) === centre);
        return [hours(own.map((r) => r[1])), hours(own.map((r) => r[2])), own.length];
      }),
      rowTotals: CENTRE_CODES.map(() => null),
      colTotals: timeCols.map(() => null),
      grand: null,
    });
    views.set(y, view);
  }

  // 11. accompaniments (centre × minor / adult) of every year: the chosen year's figures and the trend.
  const accepted = sqlite
    .prepare(
      'select accepted_year as year, centre_id as centreId, minor, count(*) as n from referrals where accepted_year is not null group by accepted_year, centre_id, minor',
    )
    .all() as { year: number; centreId: string; minor: number; n: number }[];
  const accompaniments = new Map<number, Shown>();
  for (const y of new Set([...accepted.map((x) => x.year), ...years])) {
    const grid = gridOfCounts(
      CENTRE_CODES,
      ['minor', 'adult'],
      CENTRE_CODES.map((centre) =>
        [1, 0].map((minor) =>
          accepted
            .filter((x) => x.year === y && x.minor === minor && centreOf(x.centreId) === centre)
            .reduce((a, x) => a + x.n, 0),
        ),
      ),
    );
    accompaniments.set(y, grid.grand);
    views.get(y)?.set('accompaniments_minor_by_centre', grid);
  }

  // 8. the series over the years of every service filter, both orientations, in one read.
  const perYear = sqlite
    .prepare(
      `select year, service, dimension, sum(n) as n from statistics_counts
       where dimension in ('total', 'oriented_accepted', 'oriented_contacted') group by year, service, dimension`,
    )
    .all() as { year: number; service: string; dimension: string; n: number }[];
  const series = new Map<string, Grid>();
  const filters: ServiceFilter[] = service === 'all' ? ['all', ...TREND_SERVICES] : [service];
  for (const filter of filters) {
    const own = SERVICES_OF_FILTER[filter];
    const rows = perYear.filter((x) => own === null || own.includes(x.service));
    const of = (y: number, dimension: string) =>
      rows.filter((x) => x.year === y && x.dimension === dimension).reduce((a, x) => a + x.n, 0);
    const seriesYears = [...new Set(rows.map((x) => x.year))].filter((y) => of(y, 'total') > 0).sort((a, b) => a - b);
    for (const orientation of ['accepted', 'contacted'] as const)
      series.set(
        `${filter}|${orientation}`,
        gridOfCounts(
          seriesYears.map(String),
          ['checklists', 'oriented'],
          seriesYears.map((y) => [of(y, 'total'), of(y, `oriented_${orientation}`)]),
        ),
      );
  }
  return { views, series, accompaniments };
}

/**
 * Referrals overdue right now, per centre: still `sent` after 24 hours, or 2 hours for a minor
 * (lib/referrals/state-machine.ts). Counted on referrals_centre_idx (centre, status, received).
 */
function overdueNow(now: Date): { centre: string; n: number }[] {
  const sqlite = getSqlite();
  const centres = sqlite
    .prepare(`select id, code from organisations where code in (${CENTRE_CODES.map(() => '?').join(', ')})`)
    .all(...CENTRE_CODES) as { id: string; code: string }[];
  const adultCutoff = new Date(now.getTime() - OVERDUE_MS.adult).toISOString();
  const minorCutoff = new Date(now.getTime() - OVERDUE_MS.minor).toISOString();
  const adults = sqlite
    .prepare("select count(*) from referrals where centre_id = ? and status = 'sent' and received_at <= ?")
    .pluck();
  const minors = sqlite
    .prepare(
      "select count(*) from referrals where centre_id = ? and status = 'sent' and received_at > ? and received_at <= ? and minor = 1",
    )
    .pluck();
  return CENTRE_CODES.map((centre) => {
    const id = centres.find((c) => c.code === centre)?.id;
    if (!id) return { centre, n: 0 };
    return {
      centre,
      n: (adults.get(id, adultCutoff) as number) + (minors.get(id, adultCutoff, minorCutoff) as number),
    };
  });
}
