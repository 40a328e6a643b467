import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { REGIONS, SECTORS, FORMS } from '../../checklist/catalogue';
import { CENTRE_CODES } from '../../referrals/routing';
import { AGE_BANDS, ageBand, matrix, quantiles, SERVICES_OF_FILTER, type ServiceFilter, type StatisticsTable } from '../../statistics/tables';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { authorize } from '../authorize';

export type OrientationDefinition = 'accepted' | 'contacted';

const SEXES = ['m', 'f', 'x'];
const INDICATOR_ORDER = [
  'doc.residence', 'doc.identity', 'doc.under_exploiter_identity', 'pay.level', 'pay.promised_unpaid', 'pay.ceded', 'pay.debt', 'pay.dimona',
  'exp.no_equipment', 'exp.dangerous', 'exp.no_contact', 'exp.movement', 'exp.housing', 'exp.no_medical', 'exp.long_hours',
  'exp.sex_earnings_handed', 'exp.sex_no_choice', 'exp.sex_moved', 'exp.sex_online',
  'agg.victim_minor', 'agg.vulnerable', 'agg.authority', 'agg.public_officer', 'agg.coercion', 'agg.life_endangered', 'agg.permanent_harm',
  'agg.partial_incapacity', 'agg.death', 'agg.habitual', 'agg.association',
];

/**
 * All the yearly tables for a year and a detecting service (spec/statistics.md), from indexed
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
}: {
  actor: Actor;
  year: number;
  service?: ServiceFilter;
  orientation?: OrientationDefinition;
  audit?: boolean;
}): StatisticsTable[] {
  authorize(actor, 'statistics.read');
  const db = getDb();
  const services = SERVICES_OF_FILTER[service];
  const serviceCond: SQL = services ? sql`and c.service in (${sql.join(services.map((s) => sql`${s}`), sql`, `)})` : sql``;
  const base = sql`from checklists c where c.version > 0 and c.sufficient = 1 and c.year = ${year} ${serviceCond}`;
  const all = <T>(q: SQL) => db.all<T>(q);

  const tables: StatisticsTable[] = [];
  const push = (t: Omit<StatisticsTable, 'unit' | 'totals' | 'chart'> & Partial<Pick<StatisticsTable, 'unit' | 'totals' | 'chart'>>) =>
    tables.push({ unit: 'count', totals: true, chart: null, ...t });

  // The counts read covering indexes (db/schema.ts) in their order, so SQLite counts without
  // sorting and without reading a row. To keep that order the queries group by the raw
  // columns; the codes of missing values ('unknown', 'x'…) are applied by `regroup`, which adds
  // up the groups sharing a code as a GROUP BY on the coalesced expression would. Tables whose
  // columns sit in one index share its scan. `npm run bench:stats -- --explain` times each query
  // on 1,000,000 check-lists and prints its plan.

  // 1. by provincial direction [T4, T11] and 2. sector × provincial direction [T5, T12]: checklists_stats_idx
  const regionSector = all<{ region: string | null; sector: string | null; n: number }>(
    sql`select c.region as region, c.sector as sector, count(*) as n ${base} group by c.region, c.sector`,
  );
  const byRegion = regroup(regionSector, (x) => [x.region, 'count']);
  push({ id: 'checklists_by_region', report: ['T4', 'T11'], group: 'checklists', rowDimension: 'region', colDimension: 'count', rows: [...REGIONS], cols: ['count'], cells: matrix(REGIONS, ['count'], byRegion), chart: 'bar' });
  const sectorRegion = regroup(regionSector, (x) => [x.sector ?? 'unknown', x.region]);
  const sectors = [...SECTORS, 'unknown'].filter((s) => sectorRegion.some((x) => x.r === s));
  push({ id: 'checklists_sector_by_region', report: ['T5', 'T12'], group: 'checklists', rowDimension: 'sector', colDimension: 'region', rows: sectors, cols: [...REGIONS], cells: matrix(sectors, REGIONS, sectorRegion) });

  // 3. nationality × sex [T6, T13], and 7. EU / non-EU from the same scan: checklists_stats_nationality_idx
  const nationalitySex = all<{ nationality: string | null; sex: string | null; eu: number | null; n: number }>(
    sql`select c.nationality as nationality, c.sex as sex, c.eu_national as eu, count(*) as n ${base} group by c.nationality, c.sex, c.eu_national`,
  );
  const natSex = regroup(nationalitySex, (x) => [x.nationality ?? 'unknown', x.sex ?? 'x']);
  const nationalities = [...new Set(natSex.map((x) => x.r))].sort((a, b) => sum(natSex, b) - sum(natSex, a) || a.localeCompare(b));
  push({ id: 'checklists_nationality_by_sex', report: ['T6', 'T13'], group: 'checklists', rowDimension: 'nationality', colDimension: 'sex', rows: nationalities, cols: SEXES, cells: matrix(nationalities, SEXES, natSex) });

  // 4. age band × sex [T7, T14]: checklists_stats_age_idx
  const ages = all<{ age: number | null; minor: number | null; sex: string | null; n: number }>(sql`select c.age as age, c.minor as minor, c.sex as sex, count(*) as n ${base} group by c.age, c.minor, c.sex`);
  const ageCounts = new Map<string, number>();
  for (const a of ages) {
    const k = `${ageBand(a.age, a.minor === null ? null : a.minor === 1)}\u0000${a.sex ?? 'x'}`;
    ageCounts.set(k, (ageCounts.get(k) ?? 0) + a.n);
  }
  push({ id: 'checklists_age_by_sex', report: ['T7', 'T14'], group: 'checklists', rowDimension: 'age_band', colDimension: 'sex', rows: [...AGE_BANDS], cols: SEXES, cells: AGE_BANDS.map((b) => SEXES.map((s) => ageCounts.get(`${b}\u0000${s}`) ?? 0)), chart: 'bar' });

  // 5. oriented to a centre, by provincial direction and sex [T8, T15] — and the oriented column
  // of table 8, every year, from the same two queries (see orientedByYearRegionSex).
  const oriented = orientedByYearRegionSex(all, orientation, serviceCond);
  const orientedRegionSex = regroup(
    oriented.filter((x) => x.year === year),
    (x) => [x.region, x.sex ?? 'x'],
  );
  push({ id: `checklists_oriented_by_region_${orientation}`, report: ['T8', 'T15'], group: 'checklists', rowDimension: 'region', colDimension: 'sex', rows: [...REGIONS], cols: SEXES, cells: matrix(REGIONS, SEXES, orientedRegionSex) });

  // 6. indicators: number of check-lists with each indicator (the UI shows the share of the year's
  // total). One index seek per indicator (checklist_indicators_stats_idx: year, sufficient, code,
  // service) counts the ~8 rows a check-list has without sorting them, and reads only the
  // filtered service's rows. Codes outside INDICATOR_ORDER are never shown, so never counted.
  const indicatorServices = services ? sql`and i.service in (${sql.join(services.map((s) => sql`${s}`), sql`, `)})` : sql``;
  const codes = sql.join(INDICATOR_ORDER.map((code) => sql`(${code})`), sql`, `);
  const indicators = all<{ r: string; n: number }>(
    sql`with k(code) as (values ${codes}) select k.code as r, (select count(*) from checklist_indicators i where i.year = ${year} and i.sufficient = 1 and i.code = k.code ${indicatorServices}) as n from k`,
  ).filter((x) => x.n > 0);
  const presentIndicators = INDICATOR_ORDER.filter((code) => indicators.some((x) => x.r === code));
  push({ id: 'checklists_indicators', report: ['text 11.1.2'], group: 'checklists', rowDimension: 'indicator', colDimension: 'count', rows: presentIndicators, cols: ['count'], cells: matrix(presentIndicators, ['count'], indicators.map((x) => ({ ...x, c: 'count' }))), totals: false, chart: 'bar' });

  // 7. EU / non-EU (from the nationality scan); residence and identity documents: checklists_stats_documents_idx
  const eu = regroup(nationalitySex, (x) => [x.eu === 1 ? 'eu' : x.eu === 0 ? 'non_eu' : 'unknown', 'count']);
  push({ id: 'checklists_eu', report: ['text 11.1.2'], group: 'checklists', rowDimension: 'eu', colDimension: 'count', rows: ['eu', 'non_eu', 'unknown'], cols: ['count'], cells: matrix(['eu', 'non_eu', 'unknown'], ['count'], eu) });
  const residenceDocuments = all<{ residence: string | null; documents: string | null; n: number }>(
    sql`select c.residence as residence, c.identity_documents as documents, count(*) as n ${base} group by c.residence, c.identity_documents`,
  );
  const residence = regroup(residenceDocuments, (x) => [x.residence ?? 'unanswered', 'count']);
  const residenceRows = ['belgian', 'eu_national_id', 'be_permit', 'be_permit_pending', 'other_eu_permit', 'asylum_seeker', 'irregular', 'unknown', 'unanswered'];
  push({ id: 'checklists_residence', report: ['text 11.1.2'], group: 'checklists', rowDimension: 'residence', colDimension: 'count', rows: residenceRows, cols: ['count'], cells: matrix(residenceRows, ['count'], residence) });
  const documents = regroup(residenceDocuments, (x) => [x.documents ?? 'unanswered', 'count']);
  const documentRows = ['own', 'held_by_other', 'copies_only', 'none', 'false_or_borrowed', 'unanswered'];
  push({ id: 'checklists_identity_documents', report: ['text 11.1.2'], group: 'checklists', rowDimension: 'identity', colDimension: 'count', rows: documentRows, cols: ['count'], cells: matrix(documentRows, ['count'], documents) });

  // 8. over the years: check-lists and persons oriented, every year in the data [T9, T16]. This
  // table reads every year's index entries, so it costs about as many counts as there are years.
  // Each year is counted as its own range of checklists_stats_idx, the years found by hopping
  // from one to the next (one seek each): a GROUP BY year would also step through the
  // insufficient check-lists and compare every row's year, half as much again.
  const perYear = all<{ r: number; checklists: number }>(
    sql`with recursive y(year) as (
          select min(year) from checklists where year is not null
          union all select (select min(c.year) from checklists c where c.year > y.year) from y where y.year is not null)
        select y.year as r, (select count(*) from checklists c where c.year = y.year and c.sufficient = 1 and c.version > 0 ${serviceCond}) as checklists
        from y where y.year is not null`,
  ).filter((y) => y.checklists > 0);
  const orientedPerYear = new Map<number, number>();
  for (const x of oriented) orientedPerYear.set(x.year, (orientedPerYear.get(x.year) ?? 0) + x.n);
  push({ id: 'checklists_over_years', report: ['T9', 'T16'], group: 'checklists', rowDimension: 'year', colDimension: 'measure', rows: perYear.map((y) => String(y.r)), cols: ['checklists', 'oriented'], cells: perYear.map((y) => [y.checklists, orientedPerYear.get(y.r) ?? 0]), chart: 'line' });

  // Centres: requests received in the year (referrals and requests registered by the centres).
  // Referrals are grouped by organisation id and the few organisations' codes and services
  // mapped here: a join per referral would cost as much as the count itself. Every referral's
  // centre exists (foreign key), as the join to the centre required.
  const organisationById = new Map(all<{ id: string; code: string; service: string | null }>(sql`select id, code, service from organisations`).map((o) => [o.id, o]));
  const centreCode = (id: string) => organisationById.get(id)?.code ?? null;
  const centreRows = [...CENTRE_CODES];
  // 9. requests per centre by outcome [T26] and 16. outcomes by detecting service: one scan of referrals_stats_idx.
  const receivedByStatus = all<{ centreId: string; referringId: string | null; status: string; accepted: number; n: number }>(
    sql`select r.centre_id as centreId, r.referring_organisation_id as referringId, r.status as status, sum(r.accepted_at is not null) as accepted, count(*) as n
        from referrals r where r.year = ${year} group by r.centre_id, r.status, r.referring_organisation_id`,
  );
  const outcomes = regroup(
    receivedByStatus.flatMap((x) => [
      { centre: centreCode(x.centreId), outcome: 'accepted', n: x.accepted },
      { centre: centreCode(x.centreId), outcome: x.status === 'not_a_victim' ? 'not_a_victim' : 'other', n: x.n - x.accepted },
    ]),
    (x) => [x.centre, x.outcome],
  );
  push({ id: 'centre_requests_by_outcome', report: ['T26'], group: 'centres', rowDimension: 'centre', colDimension: 'outcome', rows: centreRows, cols: ['accepted', 'not_a_victim', 'other'], cells: matrix(centreRows, ['accepted', 'not_a_victim', 'other'], outcomes), chart: 'bar' });

  // Accompaniments started in the year: 10.–12. and 14. from one scan of referrals_accepted_year_idx.
  const accompaniments = all<{ centreId: string; minor: number; sex: string | null; caseType: string; forms: string; n: number }>(
    sql`select r.centre_id as centreId, r.minor as minor, r.person_sex as sex, r.case_type as caseType, r.forms as forms, count(*) as n
        from referrals r where r.accepted_year = ${year} group by r.centre_id, r.minor, r.person_sex, r.case_type, r.forms`,
  );
  // 10. by form × centre [T27, T28]: one person counts under each of their forms (comma-separated codes).
  const formCentre = regroup(
    accompaniments.flatMap((x) => [...new Set(x.forms.split(','))].map((form) => ({ form, centreId: x.centreId, n: x.n }))),
    (x) => [x.form, centreCode(x.centreId)],
  );
  push({ id: 'accompaniments_form_by_centre', report: ['T27', 'T28'], group: 'centres', rowDimension: 'form', colDimension: 'centre', rows: [...FORMS], cols: centreRows, cells: matrix(FORMS, centreRows, formCentre), totals: false });
  // 11. minor / adult × centre [T29]
  const minorCentre = regroup(accompaniments, (x) => [x.minor === 1 ? 'minor' : 'adult', centreCode(x.centreId)]);
  push({ id: 'accompaniments_minor_by_centre', report: ['T29'], group: 'centres', rowDimension: 'minor', colDimension: 'centre', rows: ['minor', 'adult'], cols: centreRows, cells: matrix(['minor', 'adult'], centreRows, minorCentre) });
  // 12. sex × centre [T30]
  const sexCentre = regroup(accompaniments, (x) => [x.sex ?? 'x', centreCode(x.centreId)]);
  push({ id: 'accompaniments_sex_by_centre', report: ['T30'], group: 'centres', rowDimension: 'sex', colDimension: 'centre', rows: SEXES, cols: centreRows, cells: matrix(SEXES, centreRows, sexCentre) });
  // 13. by nationality [T31, T32]
  const natStarted = all<{ r: string; n: number }>(
    sql`select coalesce(r.person_nationality, 'unknown') as r, count(*) as n from referrals r where r.accepted_year = ${year} group by 1 order by n desc, r`,
  );
  push({ id: 'accompaniments_by_nationality', report: ['T31', 'T32'], group: 'centres', rowDimension: 'nationality', colDimension: 'count', rows: natStarted.map((x) => x.r), cols: ['count'], cells: natStarted.map((x) => [x.n]) });
  // 14. smuggling with aggravating circumstances [T42, T43]
  const smuggling = regroup(
    accompaniments.filter((x) => x.caseType === 'smuggling_aggravated'),
    (x) => [centreCode(x.centreId), x.minor === 1 ? 'minor' : 'adult'],
  );
  push({ id: 'smuggling_accompaniments_by_centre', report: ['T42', 'T43'], group: 'centres', rowDimension: 'centre', colDimension: 'minor', rows: centreRows, cols: ['minor', 'adult'], cells: matrix(centreRows, ['minor', 'adult'], smuggling) });

  // 15. time from sent to first centre action and to acceptance, per centre (hours). The
  // quantiles need every referral's times: this is the one query whose rows grow with the year.
  const times = all<{ centreId: string; first: number | null; accepted: number | null }>(
    sql`select r.centre_id as centreId, (julianday(r.first_action_at) - julianday(r.received_at)) * 24 as first, (julianday(r.accepted_at) - julianday(r.received_at)) * 24 as accepted
        from referrals r where r.year = ${year} and r.source = 'app'`,
  );
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
  const serviceOutcome = regroup(receivedByStatus, (x) => [(x.referringId === null ? null : organisationById.get(x.referringId)?.service) ?? 'centre_channel', x.status]);
  const serviceRows = ['police_local', 'police_federal', 'onss', 'cls', 'guardianship', 'centre_channel'];
  const statuses = ['sent', 'acknowledged', 'accepted', 'not_a_victim', 'refused_by_person', 'lost_contact', 'no_capacity', 'redirected', 'withdrawn', 'closed'];
  push({ id: 'referral_outcomes_by_service', report: ['new'], group: 'flow', rowDimension: 'service', colDimension: 'status', rows: serviceRows, cols: statuses, cells: matrix(serviceRows, statuses, serviceOutcome) });

  if (audit) {
    db.transaction(
      (tx) =>
        writeAudit(tx, {
          action: 'statistics.read',
          outcome: 'ok',
          actorUserId: actor.userId,
          actorOrganisationId: actor.organisationId,
          targetType: 'statistics',
          targetId: String(year),
          ip: actor.ip,
          detail: { service, orientation },
        }),
      { behavior: 'immediate' },
    );
  }
  return tables;
}

function sum(rows: { r: string; n: number }[], key: string): number {
  return rows.filter((x) => x.r === key).reduce((a, x) => a + x.n, 0);
}

/**
 * Adds up grouped counts under the (row, column) codes of a table. A null code (a missing
 * region, say) is kept apart under '' and so falls outside the table's rows, as a NULL group did.
 */
function regroup<T extends { n: number }>(rows: T[], key: (x: T) => [string | null, string | null]): { r: string; c: string; n: number }[] {
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

/**
 * Persons oriented (spec/statistics.md), counted by year of the check-list, direction and sex:
 * taken in by a centre — a referral accepted, or the person already in a centre's care; the
 * 2019 report's wider definition counts people put in contact (a referral acknowledged or
 * later). As two disjoint parts, so that neither needs a lookup per check-list:
 * - already in care: a range of checklists_stats_in_care_idx;
 * - the others with such a referral: the distinct check-lists of those referrals (all years:
 *   a referral says nothing of its check-list's year), each looked up once in
 *   checklists_stats_id_idx. CROSS JOIN keeps that order: the other one (every check-list,
 *   looking for its referrals) costs a lookup per check-list of every year.
 */
function orientedByYearRegionSex(
  all: <T>(q: SQL) => T[],
  definition: OrientationDefinition,
  serviceCond: SQL,
): { year: number; region: string | null; sex: string | null; n: number }[] {
  const referral =
    definition === 'accepted' ? sql`x.accepted_at is not null` : sql`x.first_action_at is not null and x.status not in ('withdrawn')`;
  const counted = sql`c.version > 0 and c.sufficient = 1 and c.year is not null ${serviceCond}`;
  const inCare = all<{ year: number; region: string | null; sex: string | null; n: number }>(
    sql`select c.year as year, c.region as region, c.sex as sex, count(*) as n from checklists c
        where c.wish = 'already_in_care' and ${counted} group by c.year, c.region, c.sex`,
  );
  const referred = all<{ year: number; region: string | null; sex: string | null; n: number }>(
    sql`select c.year as year, c.region as region, c.sex as sex, count(*) as n
        from (select distinct x.checklist_id as id from referrals x where x.checklist_id is not null and ${referral}) x
        cross join checklists c on c.id = x.id
        where c.wish is not 'already_in_care' and ${counted} group by c.year, c.region, c.sex`,
  );
  return [...inCare, ...referred];
}
