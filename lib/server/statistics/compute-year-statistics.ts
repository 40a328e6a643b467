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

  // 1. by provincial direction [T4, T11]
  const byRegion = all<{ r: string; n: number }>(sql`select c.region as r, count(*) as n ${base} group by c.region`);
  push({ id: 'checklists_by_region', report: ['T4', 'T11'], group: 'checklists', rowDimension: 'region', colDimension: 'count', rows: [...REGIONS], cols: ['count'], cells: matrix(REGIONS, ['count'], byRegion.map((x) => ({ r: x.r, c: 'count', n: x.n }))), chart: 'bar' });

  // 2. sector × provincial direction [T5, T12]
  const sectorRegion = all<{ r: string; c: string; n: number }>(sql`select coalesce(c.sector, 'unknown') as r, c.region as c, count(*) as n ${base} group by 1, 2`);
  const sectors = [...SECTORS, 'unknown'].filter((s) => sectorRegion.some((x) => x.r === s));
  push({ id: 'checklists_sector_by_region', report: ['T5', 'T12'], group: 'checklists', rowDimension: 'sector', colDimension: 'region', rows: sectors, cols: [...REGIONS], cells: matrix(sectors, REGIONS, sectorRegion) });

  // 3. nationality × sex [T6, T13]
  const natSex = all<{ r: string; c: string; n: number }>(sql`select coalesce(c.nationality, 'unknown') as r, coalesce(c.sex, 'x') as c, count(*) as n ${base} group by 1, 2`);
  const nationalities = [...new Set(natSex.map((x) => x.r))].sort((a, b) => sum(natSex, b) - sum(natSex, a) || a.localeCompare(b));
  push({ id: 'checklists_nationality_by_sex', report: ['T6', 'T13'], group: 'checklists', rowDimension: 'nationality', colDimension: 'sex', rows: nationalities, cols: SEXES, cells: matrix(nationalities, SEXES, natSex) });

  // 4. age band × sex [T7, T14]
  const ages = all<{ age: number | null; minor: number | null; sex: string | null; n: number }>(sql`select c.age as age, c.minor as minor, c.sex as sex, count(*) as n ${base} group by 1, 2, 3`);
  const ageCounts = new Map<string, number>();
  for (const a of ages) {
    const k = `${ageBand(a.age, a.minor === null ? null : a.minor === 1)}\u0000${a.sex ?? 'x'}`;
    ageCounts.set(k, (ageCounts.get(k) ?? 0) + a.n);
  }
  push({ id: 'checklists_age_by_sex', report: ['T7', 'T14'], group: 'checklists', rowDimension: 'age_band', colDimension: 'sex', rows: [...AGE_BANDS], cols: SEXES, cells: AGE_BANDS.map((b) => SEXES.map((s) => ageCounts.get(`${b}\u0000${s}`) ?? 0)), chart: 'bar' });

  // 5. oriented to a centre, by provincial direction and sex [T8, T15]
  const oriented = orientedCondition(orientation);
  const orientedRegionSex = all<{ r: string; c: string; n: number }>(sql`select c.region as r, coalesce(c.sex, 'x') as c, count(*) as n ${base} and ${oriented} group by 1, 2`);
  push({ id: `checklists_oriented_by_region_${orientation}`, report: ['T8', 'T15'], group: 'checklists', rowDimension: 'region', colDimension: 'sex', rows: [...REGIONS], cols: SEXES, cells: matrix(REGIONS, SEXES, orientedRegionSex) });

  // 6. indicators: number of check-lists with each indicator (the UI shows the share of the year's total)
  const indicatorServices = services ? sql`and i.service in (${sql.join(services.map((s) => sql`${s}`), sql`, `)})` : sql``;
  const indicators = all<{ r: string; n: number }>(sql`select i.code as r, count(*) as n from checklist_indicators i where i.year = ${year} and i.sufficient = 1 ${indicatorServices} group by i.code`);
  const presentIndicators = INDICATOR_ORDER.filter((code) => indicators.some((x) => x.r === code));
  push({ id: 'checklists_indicators', report: ['text 11.1.2'], group: 'checklists', rowDimension: 'indicator', colDimension: 'count', rows: presentIndicators, cols: ['count'], cells: matrix(presentIndicators, ['count'], indicators.map((x) => ({ ...x, c: 'count' }))), totals: false, chart: 'bar' });

  // 7. EU / non-EU; residence; identity documents
  const eu = all<{ r: string; n: number }>(sql`select case c.eu_national when 1 then 'eu' when 0 then 'non_eu' else 'unknown' end as r, count(*) as n ${base} group by 1`);
  push({ id: 'checklists_eu', report: ['text 11.1.2'], group: 'checklists', rowDimension: 'eu', colDimension: 'count', rows: ['eu', 'non_eu', 'unknown'], cols: ['count'], cells: matrix(['eu', 'non_eu', 'unknown'], ['count'], eu.map((x) => ({ ...x, c: 'count' }))) });
  const residence = all<{ r: string; n: number }>(sql`select coalesce(c.residence, 'unanswered') as r, count(*) as n ${base} group by 1`);
  const residenceRows = ['belgian', 'eu_national_id', 'be_permit', 'be_permit_pending', 'other_eu_permit', 'asylum_seeker', 'irregular', 'unknown', 'unanswered'];
  push({ id: 'checklists_residence', report: ['text 11.1.2'], group: 'checklists', rowDimension: 'residence', colDimension: 'count', rows: residenceRows, cols: ['count'], cells: matrix(residenceRows, ['count'], residence.map((x) => ({ ...x, c: 'count' }))) });
  const documents = all<{ r: string; n: number }>(sql`select coalesce(c.identity_documents, 'unanswered') as r, count(*) as n ${base} group by 1`);
  const documentRows = ['own', 'held_by_other', 'copies_only', 'none', 'false_or_borrowed', 'unanswered'];
  push({ id: 'checklists_identity_documents', report: ['text 11.1.2'], group: 'checklists', rowDimension: 'identity', colDimension: 'count', rows: documentRows, cols: ['count'], cells: matrix(documentRows, ['count'], documents.map((x) => ({ ...x, c: 'count' }))) });

  // 8. over the years: check-lists and persons oriented, every year in the data [T9, T16]
  const yearsBase = sql`from checklists c where c.version > 0 and c.sufficient = 1 and c.year is not null ${serviceCond}`;
  const perYear = all<{ r: number; checklists: number; oriented: number }>(
    sql`select c.year as r, count(*) as checklists, sum(case when ${oriented} then 1 else 0 end) as oriented ${yearsBase} group by c.year order by c.year`,
  );
  push({ id: 'checklists_over_years', report: ['T9', 'T16'], group: 'checklists', rowDimension: 'year', colDimension: 'measure', rows: perYear.map((y) => String(y.r)), cols: ['checklists', 'oriented'], cells: perYear.map((y) => [y.checklists, y.oriented ?? 0]), chart: 'line' });

  // Centres: requests received in the year (referrals and requests registered by the centres).
  const centreRows = [...CENTRE_CODES];
  const received = sql`from referrals r join organisations o on o.id = r.centre_id where r.year = ${year}`;
  // 9. requests per centre by outcome [T26]
  const outcomes = all<{ r: string; c: string; n: number }>(
    sql`select o.code as r, case when r.accepted_at is not null then 'accepted' when r.status = 'not_a_victim' then 'not_a_victim' else 'other' end as c, count(*) as n ${received} group by 1, 2`,
  );
  push({ id: 'centre_requests_by_outcome', report: ['T26'], group: 'centres', rowDimension: 'centre', colDimension: 'outcome', rows: centreRows, cols: ['accepted', 'not_a_victim', 'other'], cells: matrix(centreRows, ['accepted', 'not_a_victim', 'other'], outcomes), chart: 'bar' });

  // Accompaniments started in the year.
  const started = sql`from referrals r join organisations o on o.id = r.centre_id where r.accepted_year = ${year}`;
  // 10. by form × centre [T27, T28]
  const formCentre: { r: string; c: string; n: number }[] = [];
  for (const form of FORMS) {
    for (const x of all<{ c: string; n: number }>(sql`select o.code as c, count(*) as n ${started} and (',' || r.forms || ',') like ${`%,${form},%`} group by 1`)) formCentre.push({ r: form, c: x.c, n: x.n });
  }
  push({ id: 'accompaniments_form_by_centre', report: ['T27', 'T28'], group: 'centres', rowDimension: 'form', colDimension: 'centre', rows: [...FORMS], cols: centreRows, cells: matrix(FORMS, centreRows, formCentre), totals: false });
  // 11. minor / adult × centre [T29]
  const minorCentre = all<{ r: string; c: string; n: number }>(sql`select case r.minor when 1 then 'minor' else 'adult' end as r, o.code as c, count(*) as n ${started} group by 1, 2`);
  push({ id: 'accompaniments_minor_by_centre', report: ['T29'], group: 'centres', rowDimension: 'minor', colDimension: 'centre', rows: ['minor', 'adult'], cols: centreRows, cells: matrix(['minor', 'adult'], centreRows, minorCentre) });
  // 12. sex × centre [T30]
  const sexCentre = all<{ r: string; c: string; n: number }>(sql`select coalesce(r.person_sex, 'x') as r, o.code as c, count(*) as n ${started} group by 1, 2`);
  push({ id: 'accompaniments_sex_by_centre', report: ['T30'], group: 'centres', rowDimension: 'sex', colDimension: 'centre', rows: SEXES, cols: centreRows, cells: matrix(SEXES, centreRows, sexCentre) });
  // 13. by nationality [T31, T32]
  const natStarted = all<{ r: string; n: number }>(sql`select coalesce(r.person_nationality, 'unknown') as r, count(*) as n ${started} group by 1 order by n desc, r`);
  push({ id: 'accompaniments_by_nationality', report: ['T31', 'T32'], group: 'centres', rowDimension: 'nationality', colDimension: 'count', rows: natStarted.map((x) => x.r), cols: ['count'], cells: natStarted.map((x) => [x.n]) });
  // 14. smuggling with aggravating circumstances [T42, T43]
  const smuggling = all<{ r: string; c: string; n: number }>(sql`select o.code as r, case r.minor when 1 then 'minor' else 'adult' end as c, count(*) as n ${started} and r.case_type = 'smuggling_aggravated' group by 1, 2`);
  push({ id: 'smuggling_accompaniments_by_centre', report: ['T42', 'T43'], group: 'centres', rowDimension: 'centre', colDimension: 'minor', rows: centreRows, cols: ['minor', 'adult'], cells: matrix(centreRows, ['minor', 'adult'], smuggling) });

  // 15. time from sent to first centre action and to acceptance, per centre (hours)
  const times = all<{ centre: string; first: number | null; accepted: number | null }>(
    sql`select o.code as centre, (julianday(r.first_action_at) - julianday(r.received_at)) * 24 as first, (julianday(r.accepted_at) - julianday(r.received_at)) * 24 as accepted ${received} and r.source = 'app'`,
  );
  push({
    id: 'referral_response_times',
    report: ['new'],
    group: 'flow',
    rowDimension: 'centre',
    colDimension: 'time_measure',
    rows: centreRows,
    cols: ['first_median', 'first_p90', 'accepted_median', 'accepted_p90', 'referrals'],
    cells: centreRows.map((c) => {
      const mine = times.filter((t) => t.centre === c);
      const first = quantiles(mine.map((t) => t.first).filter((v): v is number => v !== null));
      const acc = quantiles(mine.map((t) => t.accepted).filter((v): v is number => v !== null));
      const h = (v: number | null) => (v === null ? -1 : Math.round(v * 10) / 10);
      return [h(first.median), h(first.p90), h(acc.median), h(acc.p90), mine.length];
    }),
    unit: 'hours',
    totals: false,
  });
  // 16. outcomes of referrals by detecting service
  const serviceOutcome = all<{ r: string; c: string; n: number }>(
    sql`select coalesce(ro.service, 'centre_channel') as r, r.status as c, count(*) as n from referrals r left join organisations ro on ro.id = r.referring_organisation_id where r.year = ${year} group by 1, 2`,
  );
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
 * Oriented (spec/statistics.md): taken in by a centre — a referral accepted, or the person
 * already in a centre's care; the 2019 report's wider definition counts people put in contact
 * (a referral acknowledged or later).
 */
function orientedCondition(definition: OrientationDefinition): SQL {
  const referral =
    definition === 'accepted'
      ? sql`exists (select 1 from referrals x where x.checklist_id = c.id and x.accepted_at is not null)`
      : sql`exists (select 1 from referrals x where x.checklist_id = c.id and x.first_action_at is not null and x.status not in ('withdrawn'))`;
  return sql`(${referral} or c.wish = 'already_in_care')`;
}
