import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb, getSqlite } from '../../../db/client';
import { REGIONS, SECTORS, FORMS } from '../../checklist/catalogue';
import { CENTRE_CODES } from '../../referrals/routing';
import {
  AGE_BANDS,
  matrix,
  personsMetByOrganisationYear,
  quantiles,
  REGIONS_OF_ORIENTATION_TABLE,
  REGIONS_OF_SECTOR_TABLE,
  ROW_PART_SEPARATOR,
  SERVICES_OF_FILTER,
  type ServiceFilter,
  type StatisticsTable,
} from '../../statistics/tables';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { readPersonsMetRecords } from '../investigations/persons-met-records';
import { authorize } from '../auth/authorize';
import { REFERRAL_STATUSES } from '../../referrals/state-machine';

export type OrientationDefinition = 'accepted' | 'contacted';

const SEXES = ['m', 'f', 'x'];
/** The centres' table by sex lists women first, as the report's T30 does. */
const SEXES_WOMEN_FIRST = ['f', 'm', 'x'];
const INDICATOR_ORDER = [
  'doc.residence',
  'doc.identity',
  'doc.under_exploiter_identity',
  'pay.level',
  'pay.promised_unpaid',
  'pay.ceded',
  'pay.debt',
  'pay.dimona',
  'exp.no_equipment',
  'exp.dangerous',
  'exp.no_contact',
  'exp.movement',
  'exp.housing',
  'exp.no_medical',
  'exp.long_hours',
  'exp.sex_earnings_handed',
  'exp.sex_no_choice',
  'exp.sex_moved',
  'exp.sex_online',
  'agg.victim_minor',
  'agg.vulnerable',
  'agg.authority',
  'agg.public_officer',
  'agg.coercion',
  'agg.life_endangered',
  'agg.permanent_harm',
  'agg.partial_incapacity',
  'agg.death',
  'agg.habitual',
  'agg.association',
];

/**
 * All the yearly tables for a year and a detecting service (docs/domain/statistics.md), from indexed
 * real columns. A check-list counts in the year of its first completion, when completed with
 * `out.sufficient = yes`; requests and referrals count in the year they were received;
 * accompaniments in the year they started. Coordinators only: counts, never a record.
 */
export function computeYearStatistics({
  actor,
  year,
  service = 'all',
  orientation = 'accepted',
  audit = true,
  part = 'all',
}: {
  actor: Actor;
  year: number;
  service?: ServiceFilter;
  orientation?: OrientationDefinition;
  audit?: boolean;
  /** 'checklists': only tables 1–8 (publication mode reads them for every service, lib/statistics/publication.ts). */
  part?: 'all' | 'checklists';
}): StatisticsTable[] {
  authorize(actor, 'statistics.read');
  const db = getDb();
  const services = SERVICES_OF_FILTER[service];
  const all = <T>(q: SQL) => db.all<T>(q);

  const tables: StatisticsTable[] = [];
  const push = (
    t: Omit<StatisticsTable, 'unit' | 'totals' | 'chart'> & Partial<Pick<StatisticsTable, 'unit' | 'totals' | 'chart'>>,
  ) => tables.push({ unit: 'count', totals: true, chart: null, ...t });

  // The few organisations, by id: their codes (centres) and detecting services (referring ones).
  const organisationById = new Map(
    all<{ id: string; code: string; service: string | null }>(sql`select id, code, service from organisations`).map(
      (o) => [o.id, o],
    ),
  );

  // The check-list tables read the counters kept in step with the records (counts.ts, decision
  // 0015): one query for the year, one for the series over the years.
  const serviceCounts: SQL = services
    ? sql`and s.service in (${sql.join(
        services.map((x) => sql`${x}`),
        sql`, `,
      )})`
    : sql``;
  const counters = all<{ dimension: string; a: string; b: string; n: number }>(
    sql`select s.dimension as dimension, s.a as a, s.b as b, sum(s.n) as n from statistics_counts s where s.year = ${year} ${serviceCounts} group by s.dimension, s.a, s.b having sum(s.n) <> 0`,
  );
  const of = (dimension: string) => counters.filter((x) => x.dimension === dimension);
  const cells = (dimension: string, key: (x: { a: string; b: string }) => [string, string] = (x) => [x.a, x.b]) =>
    of(dimension).map((x) => ({ r: key(x)[0], c: key(x)[1], n: x.n }));

  // 1. by provincial direction [T4, T11] and 2. sector × provincial direction [T5, T12]
  const byRegion = regroup(
    cells('region_sector', (x) => [x.a, 'count']),
    (x) => [x.r, x.c],
  );
  push({
    id: 'checklists_by_region',
    report: ['T4', 'T11'],
    group: 'checklists',
    rowDimension: 'region',
    colDimension: 'count',
    rows: [...REGIONS],
    cols: ['count'],
    cells: matrix(REGIONS, ['count'], byRegion),
    chart: 'bar',
  });
  const sectorRegion = cells('region_sector', (x) => [x.b, x.a]);
  const sectors = [...SECTORS, 'unknown'].filter((s) => sectorRegion.some((x) => x.r === s && x.n > 0));
  push({
    id: 'checklists_sector_by_region',
    report: ['T5', 'T12'],
    group: 'checklists',
    rowDimension: 'sector',
    colDimension: 'region',
    rows: sectors,
    cols: [...REGIONS_OF_SECTOR_TABLE],
    cells: matrix(sectors, REGIONS_OF_SECTOR_TABLE, sectorRegion),
  });

  // 3. nationality × sex [T6, T13]
  const natSex = cells('nationality_sex');
  const nationalities = [...new Set(natSex.map((x) => x.r))].sort(
    (a, b) => sum(natSex, b) - sum(natSex, a) || a.localeCompare(b),
  );
  push({
    id: 'checklists_nationality_by_sex',
    report: ['T6', 'T13'],
    group: 'checklists',
    rowDimension: 'nationality',
    colDimension: 'sex',
    rows: nationalities,
    cols: SEXES,
    cells: matrix(nationalities, SEXES, natSex),
    note: 'checklists_nationality_by_sex',
    rowOrder: 'label',
  });

  // 4. age band × sex [T7, T14]
  push({
    id: 'checklists_age_by_sex',
    report: ['T7', 'T14'],
    group: 'checklists',
    rowDimension: 'age_band',
    colDimension: 'sex',
    rows: [...AGE_BANDS],
    cols: SEXES,
    cells: matrix(AGE_BANDS, SEXES, cells('age_sex')),
    chart: 'bar',
    note: 'checklists_age_by_sex',
  });

  // 5. oriented to a centre, by provincial direction and sex [T8, T15: the number per direction]
  const orientedDimension = orientation === 'accepted' ? 'oriented_accepted' : 'oriented_contacted';
  push({
    id: `checklists_oriented_by_region_${orientation}`,
    report: ['T8', 'T15'],
    group: 'checklists',
    rowDimension: 'region',
    colDimension: 'sex',
    rows: [...REGIONS_OF_ORIENTATION_TABLE],
    cols: SEXES,
    cells: matrix(REGIONS_OF_ORIENTATION_TABLE, SEXES, cells(orientedDimension)),
    note: 'checklists_oriented_by_region',
  });
  // 5b. their nationality and sex within each direction [T8, T15: "Nationalité et sexe"]. One
  // row per direction and nationality with a count, directions in the report's order.
  const orientedDetail = cells(`oriented_nationality_${orientation}`, (x) => {
    const [nationality, sex] = x.b.split(ROW_PART_SEPARATOR) as [string, string];
    return [`${x.a}${ROW_PART_SEPARATOR}${nationality}`, sex];
  });
  const orientedRows = REGIONS_OF_ORIENTATION_TABLE.flatMap((region) =>
    [
      ...new Set(
        orientedDetail.filter((x) => x.n > 0 && x.r.startsWith(`${region}${ROW_PART_SEPARATOR}`)).map((x) => x.r),
      ),
    ].sort(),
  );
  push({
    id: `checklists_oriented_by_nationality_${orientation}`,
    report: ['T8', 'T15'],
    group: 'checklists',
    rowDimension: 'region_nationality',
    colDimension: 'sex',
    rows: orientedRows,
    cols: SEXES,
    cells: matrix(orientedRows, SEXES, orientedDetail),
    note: 'checklists_oriented_by_nationality',
  });

  // 6. indicators: number of check-lists with each indicator (the UI shows the share of the year's total)
  const indicators = cells('indicator', (x) => [x.a, 'count']);
  const presentIndicators = INDICATOR_ORDER.filter((code) => indicators.some((x) => x.r === code && x.n > 0));
  push({
    id: 'checklists_indicators',
    report: ['text 11.1.2'],
    group: 'checklists',
    rowDimension: 'indicator',
    colDimension: 'count',
    rows: presentIndicators,
    cols: ['count'],
    cells: matrix(presentIndicators, ['count'], indicators),
    totals: false,
    chart: 'bar',
    note: 'checklists_indicators',
    // The report quotes these as shares of the year's check-lists ("soit pour 60% des victimes présumées").
    shareOf: of('total').reduce((a, x) => a + x.n, 0),
  });

  // 7. EU / non-EU; residence; identity documents
  push({
    id: 'checklists_eu',
    report: ['text 11.1.2'],
    group: 'checklists',
    rowDimension: 'eu',
    colDimension: 'count',
    rows: ['eu', 'non_eu', 'unknown'],
    cols: ['count'],
    cells: matrix(
      ['eu', 'non_eu', 'unknown'],
      ['count'],
      cells('eu', (x) => [x.a, 'count']),
    ),
  });
  const residenceRows = [
    'belgian',
    'eu_national_id',
    'be_permit',
    'be_permit_pending',
    'other_eu_permit',
    'asylum_seeker',
    'irregular',
    'unknown',
    'unanswered',
  ];
  push({
    id: 'checklists_residence',
    report: ['text 11.1.2'],
    group: 'checklists',
    rowDimension: 'residence',
    colDimension: 'count',
    rows: residenceRows,
    cols: ['count'],
    cells: matrix(
      residenceRows,
      ['count'],
      cells('residence', (x) => [x.a, 'count']),
    ),
  });
  const documentRows = ['own', 'held_by_other', 'copies_only', 'none', 'false_or_borrowed', 'unanswered'];
  push({
    id: 'checklists_identity_documents',
    report: ['text 11.1.2'],
    group: 'checklists',
    rowDimension: 'identity',
    colDimension: 'count',
    rows: documentRows,
    cols: ['count'],
    cells: matrix(
      documentRows,
      ['count'],
      cells('identity', (x) => [x.a, 'count']),
    ),
  });

  // 8. over the years: check-lists, persons oriented and presumed victims met in investigations,
  // every year in the data [T9, T16]. Persons met come from the investigations and the yearly
  // figures (decision 0020), under the service of the organisation that recorded them.
  const perYear = all<{ year: number; checklists: number; oriented: number }>(
    sql`select s.year as year, sum(case when s.dimension = 'total' then s.n else 0 end) as checklists, sum(case when s.dimension = ${orientedDimension} then s.n else 0 end) as oriented
        from statistics_counts s where s.dimension in ('total', ${orientedDimension}) ${serviceCounts} group by s.year order by s.year`,
  ).filter((y) => y.checklists > 0);
  const personsMet = new Map<number, number>();
  const personsMetRecords = readPersonsMetRecords(db);
  for (const x of personsMetByOrganisationYear(personsMetRecords.investigations, personsMetRecords.yearly)) {
    const detecting = organisationById.get(x.organisationId)?.service ?? null;
    if (services && (detecting === null || !services.includes(detecting))) continue;
    personsMet.set(x.year, (personsMet.get(x.year) ?? 0) + x.counted);
  }
  const seriesYears = [
    ...new Set([...perYear.map((y) => y.year), ...[...personsMet].filter(([, n]) => n > 0).map(([y]) => y)]),
  ].sort((a, b) => a - b);
  const checklistsOf = new Map(perYear.map((y) => [y.year, y]));
  push({
    id: 'checklists_over_years',
    report: ['T9', 'T16'],
    group: 'checklists',
    rowDimension: 'year',
    colDimension: 'measure',
    rows: seriesYears.map(String),
    cols: ['checklists', 'oriented', 'persons_met'],
    cells: seriesYears.map((y) => [
      checklistsOf.get(y)?.checklists ?? 0,
      checklistsOf.get(y)?.oriented ?? 0,
      personsMet.get(y) ?? 0,
    ]),
    chart: 'line',
    note: 'checklists_over_years',
  });

  if (part === 'checklists') {
    if (audit) auditStatisticsRead(actor, year, service, orientation);
    return tables;
  }

  // Centres: requests received in the year (referrals and requests registered by the centres).
  // Referrals are grouped by organisation id and the few organisations' codes and services
  // mapped (above): a join per referral would cost as much as the count itself. Every referral's
  // centre exists (foreign key), as the join to the centre required.
  const centreCode = (id: string) => organisationById.get(id)?.code ?? null;
  const centreRows = [...CENTRE_CODES];
  // 9. requests per centre by outcome [T26] and 16. outcomes by detecting service: one scan of referrals_stats_idx.
  const receivedByStatus = all<{
    centreId: string;
    referringId: string | null;
    status: string;
    accepted: number;
    n: number;
  }>(
    sql`select r.centre_id as centreId, r.referring_organisation_id as referringId, r.status as status, sum(r.accepted_at is not null) as accepted, count(*) as n
        from referrals r where r.year = ${year} group by r.centre_id, r.status, r.referring_organisation_id`,
  );
  const outcomes = regroup(
    receivedByStatus.flatMap((x) => [
      { centre: centreCode(x.centreId), outcome: 'accepted', n: x.accepted },
      {
        centre: centreCode(x.centreId),
        outcome: x.status === 'not_a_victim' ? 'not_a_victim' : 'other',
        n: x.n - x.accepted,
      },
    ]),
    (x) => [x.centre, x.outcome],
  );
  push({
    id: 'centre_requests_by_outcome',
    report: ['T26'],
    group: 'centres',
    rowDimension: 'centre',
    colDimension: 'outcome',
    rows: centreRows,
    cols: ['accepted', 'not_a_victim', 'other'],
    cells: matrix(centreRows, ['accepted', 'not_a_victim', 'other'], outcomes),
    chart: 'bar',
    note: 'centre_requests_by_outcome',
  });

  // Accompaniments started in the year: 10.–14. from one scan of referrals_accepted_year_idx.
  const accompaniments = all<{
    centreId: string;
    minor: number;
    sex: string | null;
    caseType: string;
    forms: string;
    nationality: string | null;
    n: number;
  }>(
    sql`select r.centre_id as centreId, r.minor as minor, r.person_sex as sex, r.case_type as caseType, r.forms as forms, r.person_nationality as nationality, count(*) as n
        from referrals r where r.accepted_year = ${year} group by r.centre_id, r.minor, r.person_sex, r.case_type, r.forms, r.person_nationality`,
  );
  // 10. centre × form [T27, T28: a centre per row, the forms across]: one person counts under
  // each of their forms (comma-separated codes).
  const centreForm = regroup(
    accompaniments.flatMap((x) =>
      [...new Set(x.forms.split(','))].map((form) => ({ form, centreId: x.centreId, n: x.n })),
    ),
    (x) => [centreCode(x.centreId), x.form],
  );
  push({
    id: 'accompaniments_form_by_centre',
    report: ['T27', 'T28'],
    group: 'centres',
    rowDimension: 'centre',
    colDimension: 'form',
    rows: centreRows,
    cols: [...FORMS],
    cells: matrix(centreRows, FORMS, centreForm),
    totals: false,
    note: 'accompaniments_form_by_centre',
  });
  // 11. centre × minor / adult [T29: a centre per row, "<18 ans", ">18 ans" across]
  const centreMinor = regroup(accompaniments, (x) => [centreCode(x.centreId), x.minor === 1 ? 'minor' : 'adult']);
  push({
    id: 'accompaniments_minor_by_centre',
    report: ['T29'],
    group: 'centres',
    rowDimension: 'centre',
    colDimension: 'minor',
    rows: centreRows,
    cols: ['minor', 'adult'],
    cells: matrix(centreRows, ['minor', 'adult'], centreMinor),
    note: 'accompaniments_minor_by_centre',
  });
  // 12. sex × centre [T30: women, then men]
  const sexCentre = regroup(accompaniments, (x) => [x.sex ?? 'x', centreCode(x.centreId)]);
  push({
    id: 'accompaniments_sex_by_centre',
    report: ['T30'],
    group: 'centres',
    rowDimension: 'sex',
    colDimension: 'centre',
    rows: SEXES_WOMEN_FIRST,
    cols: centreRows,
    cells: matrix(SEXES_WOMEN_FIRST, centreRows, sexCentre),
    note: 'accompaniments_sex_by_centre',
  });
  // 13. by nationality [T31, T32]
  const natStarted = regroup(accompaniments, (x) => [x.nationality ?? 'unknown', 'count']).sort(
    (a, b) => b.n - a.n || a.r.localeCompare(b.r),
  );
  push({
    id: 'accompaniments_by_nationality',
    report: ['T31', 'T32'],
    group: 'centres',
    rowDimension: 'nationality',
    colDimension: 'count',
    rows: natStarted.map((x) => x.r),
    cols: ['count'],
    cells: natStarted.map((x) => [x.n]),
    note: 'accompaniments_by_nationality',
    rowOrder: 'count',
  });
  // 14. smuggling with aggravating circumstances [T42, T43]
  const smuggling = regroup(
    accompaniments.filter((x) => x.caseType === 'smuggling_aggravated'),
    (x) => [centreCode(x.centreId), x.minor === 1 ? 'minor' : 'adult'],
  );
  push({
    id: 'smuggling_accompaniments_by_centre',
    report: ['T42', 'T43'],
    group: 'centres',
    rowDimension: 'centre',
    colDimension: 'minor',
    rows: centreRows,
    cols: ['minor', 'adult'],
    cells: matrix(centreRows, ['minor', 'adult'], smuggling),
    note: 'smuggling_accompaniments_by_centre',
  });

  // 15. time from sent to first centre action and to acceptance, per centre (hours). The
  // quantiles need every referral's times: this is the one query whose rows grow with the year.
  // Raw rows (arrays, not objects): tens of thousands of them in a busy year.
  const times = (
    getSqlite()
      .prepare(
        "select centre_id, first_action_seconds, accepted_seconds from referrals where year = ? and source = 'app'",
      )
      .raw()
      .all(year) as [string, number | null, number | null][]
  ).map(([centreId, first, accepted]) => ({
    centreId,
    first: first === null ? null : first / 3600,
    accepted: accepted === null ? null : accepted / 3600,
  }));
  const timesByCentre = new Map<string | null, typeof times>();
  for (const t of times) {
    const code = centreCode(t.centreId);
    const mine = timesByCentre.get(code);
    if (mine) mine.push(t);
    else timesByCentre.set(code, [t]);
  }
  push({
    id: 'referral_response_times',
    report: ['new'],
    group: 'flow',
    rowDimension: 'centre',
    colDimension: 'time_measure',
    rows: centreRows,
    cols: ['first_median', 'first_p90', 'accepted_median', 'accepted_p90', 'referrals'],
    cells: centreRows.map((c) => {
      const mine = timesByCentre.get(c) ?? [];
      const first = quantiles(mine.map((t) => t.first).filter((v): v is number => v !== null));
      const acc = quantiles(mine.map((t) => t.accepted).filter((v): v is number => v !== null));
      const h = (v: number | null) => (v === null ? -1 : Math.round(v * 10) / 10);
      return [h(first.median), h(first.p90), h(acc.median), h(acc.p90), mine.length];
    }),
    unit: 'hours',
    totals: false,
  });
  // 16. outcomes of referrals by detecting service (from the scan of table 9)
  const serviceOutcome = regroup(receivedByStatus, (x) => [
    (x.referringId === null ? null : organisationById.get(x.referringId)?.service) ?? 'centre_channel',
    x.status,
  ]);
  const serviceRows = ['police_local', 'police_federal', 'onss', 'cls', 'guardianship', 'centre_channel'];
  const statuses = [...REFERRAL_STATUSES];
  push({
    id: 'referral_outcomes_by_service',
    report: ['new'],
    group: 'flow',
    rowDimension: 'service',
    colDimension: 'status',
    rows: serviceRows,
    cols: statuses,
    cells: matrix(serviceRows, statuses, serviceOutcome),
  });

  if (audit) auditStatisticsRead(actor, year, service, orientation);
  return tables;
}

/** One audit entry per reading of a year's statistics (computed or taken from the cache). */
export function auditStatisticsRead(
  actor: Actor,
  year: number,
  service: ServiceFilter,
  orientation: OrientationDefinition,
): void {
  getDb().transaction(
    (tx) =>
      auditAct(
        tx,
        actor,
        'statistics.read',
        { type: 'statistics', id: String(year) },
        { detail: { service, orientation } },
      ),
    { behavior: 'immediate' },
  );
}

function sum(rows: { r: string; n: number }[], key: string): number {
  return rows.filter((x) => x.r === key).reduce((a, x) => a + x.n, 0);
}

/**
 * Adds up grouped counts under the (row, column) codes of a table. A null code (a missing
 * region, say) is kept apart under '' and so falls outside the table's rows, as a NULL group did.
 */
function regroup<T extends { n: number }>(
  rows: T[],
  key: (x: T) => [string | null, string | null],
): { r: string; c: string; n: number }[] {
  const cells = new Map<string, { r: string; c: string; n: number }>();
  for (const x of rows) {
    const [r, c] = key(x).map((code) => code ?? '') as [string, string];
    const k = `${r}\u0000${c}`;
    const cell = cells.get(k);
    if (cell) cell.n += x.n;
    else cells.set(k, { r, c, n: x.n });
  }
  return [...cells.values()];
}
