import { getTranslations } from 'next-intl/server';
import { BiennialTableView } from '@/components/statistics/BiennialTableView';
import { StatisticsTableView } from '@/components/statistics/StatisticsTableView';
import { requestLocale } from '@/lib/i18n/request';
import { reportNumbers } from '@/lib/statistics/present';
import { SERVICE_FILTERS } from '@/lib/statistics/tables';
import { requirePageActor } from '@/lib/http/current-actor';
import { firstValues } from '@/lib/http/query';
import { yearInBrussels } from '@/lib/time';
import { CHAPTER_LOCALES, parseStatisticsQuery } from '@/lib/validation/statistics-query';
import { presentedBiennialStatistics } from '@/lib/server/statistics/presented-biennial-statistics';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { FilterSelect, recentYears } from '@/components/FilterSelect';

export async function generateMetadata() {
  return { title: (await getTranslations('statistics'))('title') };
}

/** The parts of the report, one at a time (a page stays light: decision 0016), or all of them. */
const GROUPS = ['checklists', 'centres', 'flow', 'all'] as const;
type Group = (typeof GROUPS)[number];

/** Coordinators' dashboard: counts only, never a record; the publication switch hides small cells. */
export default async function StatisticsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor('statistics.read');
  const sp = firstValues(await searchParams);
  const thisYear = yearInBrussels(new Date());
  const parsed = parseStatisticsQuery({ ...sp, year: sp.year ?? String(thisYear) });
  const query = parsed.ok
    ? parsed.query
    : { year: thisYear, service: 'all' as const, publication: false, orientation: 'accepted' as const, compare: null };
  const t = await getTranslations();
  const locale = await requestLocale();
  // Two years side by side (decision 0022): each year presented as in its own view, then put together.
  const biennial =
    query.compare !== null
      ? presentedBiennialStatistics({ actor, ...query, compare: query.compare, locale, t: (key) => t(key as never) })
      : null;
  const single = biennial ? null : presentedStatistics({ actor, ...query, locale, t: (key) => t(key as never) });
  const k = biennial?.k ?? single!.k;
  const qs = new URLSearchParams({
    service: query.service,
    publication: String(query.publication),
    orientation: query.orientation,
    ...(query.compare !== null ? { compare: String(query.compare) } : {}),
  }).toString();
  const group: Group = (GROUPS as readonly string[]).includes(sp.group ?? '') ? (sp.group as Group) : 'checklists';
  const inGroup = <T extends { group: string }>(list: T[]) =>
    group === 'all' ? list : list.filter((table) => table.group === group);
  const shown = single ? inGroup(single.tables) : [];
  const shownBiennial = biennial ? inGroup(biennial.tables) : [];
  // The report's table numbers, else where the report has it (its text) or that it has not.
  const reportLabel = (report: string[]) => {
    const numbers = reportNumbers(report);
    if (numbers) return t('statistics.report', { tables: numbers });
    const text = report.find((r) => r.startsWith('text '));
    return text ? t('statistics.reportText', { section: text.slice('text '.length) }) : t('statistics.reportNew');
  };
  const groupHref = (g: Group) =>
    `?${new URLSearchParams({ year: String(query.year), service: query.service, orientation: query.orientation, ...(query.publication ? { publication: 'true' } : {}), ...(query.compare !== null ? { compare: String(query.compare) } : {}), group: g }).toString()}`;
  // The last twelve years, and an earlier year asked for in the address (the form must not lose it).
  const yearOptions = [
    ...new Set([
      ...recentYears(thisYear).map((o) => o.value),
      String(query.year),
      ...(query.compare !== null ? [String(query.compare)] : []),
    ]),
  ]
    .sort((a, b) => Number(b) - Number(a))
    .map((y) => ({ value: y, label: y }));
  // Any year can be set beside it (the records go back to 2000, imports included).
  const compareOptions = Array.from({ length: thisYear - 2000 + 1 }, (_, i) => String(thisYear - i)).map((y) => ({
    value: y,
    label: y,
  }));
  const titleOf = (id: string) => t(`statistics.tables.${id.replace(/_(accepted|contacted)$/, '')}.title`);
  const noteOf = (id: string) => t(`statistics.tables.${id.replace(/_(accepted|contacted)$/, '')}.note`);
  const scopeOf = (tableGroup: string) =>
    query.service === 'all'
      ? null
      : tableGroup === 'checklists'
        ? t('statistics.serviceScope.filtered', { service: t(`statistics.serviceFilters.${query.service}`) })
        : t('statistics.serviceScope.allServices');
  return (
    <>
      <h1>{t('statistics.title')}</h1>
      <p className="lead">{t('statistics.lead')}</p>
      {!parsed.ok ? (
        <p className="notice notice--error" role="alert">
          {t('statistics.badFilters')}
        </p>
      ) : null}
      <form className="filters" method="get" aria-label={t('statistics.filters')}>
        <FilterSelect
          id="stat-year"
          name="year"
          label={t('statistics.year')}
          value={String(query.year)}
          options={yearOptions}
        />
        <FilterSelect
          id="stat-compare"
          name="compare"
          label={t('statistics.biennial.compare')}
          value={query.compare !== null ? String(query.compare) : ''}
          allLabel={t('statistics.biennial.none')}
          options={compareOptions}
        />
        <FilterSelect
          id="stat-service"
          name="service"
          label={t('statistics.service')}
          value={query.service}
          options={SERVICE_FILTERS.map((s) => ({ value: s, label: t(`statistics.serviceFilters.${s}`) }))}
        />
        <FilterSelect
          id="stat-orientation"
          name="orientation"
          label={t('statistics.orientation')}
          value={query.orientation}
          options={(['accepted', 'contacted'] as const).map((o) => ({
            value: o,
            label: t(`statistics.orientations.${o}`),
          }))}
        />
        <label className="option">
          <input type="checkbox" name="publication" value="true" defaultChecked={query.publication} />{' '}
          {t('statistics.publication', { k })}
        </label>
        <input type="hidden" name="group" value={group} />
        <button type="submit" className="button button--small">
          {t('statistics.show')}
        </button>
      </form>
      {query.publication ? (
        <p className="notice notice--info">{t('statistics.publicationOn', { k, max: k - 1 })}</p>
      ) : null}
      {biennial ? (
        <p className="notice notice--info">
          {t('statistics.biennial.lead', { first: biennial.years[0], second: biennial.years[1] })}
        </p>
      ) : null}
      <p>
        <a className="button" href={`/api/v1/statistics/${query.year}/workbook?${qs}`} download>
          {biennial ? t('statistics.biennial.xlsx') : t('statistics.xlsx')}
        </a>
      </p>
      <p>
        {t('statistics.chapter.lead')}{' '}
        {CHAPTER_LOCALES.flatMap((l) => [
          <a
            key={l}
            className="button button--small"
            href={`/api/v1/statistics/${query.year}/chapter?${qs}&locale=${l}`}
            hrefLang={l}
            download
          >
            {t('statistics.chapter.download', { language: t(`statistics.chapter.languages.${l}`) })}
          </a>,
          ' ',
        ])}
      </p>
      <nav className="tabs" aria-label={t('statistics.groups.label')}>
        <ul>
          {GROUPS.map((g) => (
            <li key={g}>
              <a href={groupHref(g)} aria-current={g === group ? 'page' : undefined}>
                {t(`statistics.groups.${g}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {shownBiennial.map((table) => (
        <BiennialTableView
          key={table.id}
          table={table}
          title={titleOf(table.id)}
          note={noteOf(table.id)}
          csvHref={`/api/v1/statistics/${query.year}/${table.id}.csv?${qs}`}
          csvLabel={t('statistics.csv')}
          totalLabel={t('statistics.total')}
          reportLabel={reportLabel(table.report)}
          onceLabel={t('statistics.biennial.once')}
          serviceScope={scopeOf(table.group)}
        />
      ))}
      {shown.map((table) => (
        <StatisticsTableView
          key={table.id}
          table={table}
          title={t(`statistics.tables.${table.id.replace(/_(accepted|contacted)$/, '')}.title`)}
          note={t(`statistics.tables.${table.id.replace(/_(accepted|contacted)$/, '')}.note`)}
          csvHref={`/api/v1/statistics/${query.year}/${table.id}.csv?${qs}`}
          csvLabel={t('statistics.csv')}
          totalLabel={t('statistics.total')}
          reportLabel={reportLabel(table.report)}
          chartDesc={table.chart === 'line' ? t('statistics.chart.line') : t('statistics.chart.bar')}
          serviceScope={
            query.service === 'all'
              ? null
              : table.group === 'checklists'
                ? t('statistics.serviceScope.filtered', { service: t(`statistics.serviceFilters.${query.service}`) })
                : t('statistics.serviceScope.allServices')
          }
        />
      ))}
    </>
  );
}
