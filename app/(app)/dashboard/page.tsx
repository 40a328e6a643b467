import { getTranslations } from 'next-intl/server';
import { FilterSelect, recentYears } from '@/components/FilterSelect';
import { FlowPicture, MapPicture, TrendPicture } from '@/components/dashboard/DashboardPictures';
import styles from '@/components/dashboard/dashboard.module.css';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { requirePageActor } from '@/lib/http/current-actor';
import { firstValues } from '@/lib/http/query';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import { CENTRE_NAMES } from '@/lib/referrals/centre-names';
import { getDashboard } from '@/lib/server/statistics/get-dashboard';
import { changeOf, FOLLOWS_SERVICE, shadeOf, TILES, type Shown } from '@/lib/statistics/dashboard';
import { SERVICE_FILTERS } from '@/lib/statistics/tables';
import { yearInBrussels } from '@/lib/time';
import { parseStatisticsQuery } from '@/lib/validation/statistics-query';

export async function generateMetadata() {
  return { title: (await getTranslations('dashboard'))('title') };
}

/**
 * The coordinators' landing page: the year at a glance (docs/domain/statistics.md#dashboard).
 * Every number is printed here as text or in a table, on the server; the pictures beside them
 * are drawn by the browser from the same numbers.
 */
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor('statistics.read');
  const sp = firstValues(await searchParams);
  const thisYear = yearInBrussels(new Date());
  const parsed = parseStatisticsQuery({ ...sp, year: sp.year ?? String(thisYear) });
  const query = parsed.ok ? parsed.query : { year: thisYear, service: 'all' as const, publication: false };
  const locale = await requestLocale();
  const t = await getTranslations();
  const d = getDashboard({
    actor,
    year: query.year,
    service: query.service,
    publication: query.publication,
    locale,
    t: (key) => t(key as never),
  });
  const number = new Intl.NumberFormat(FORMAT_LOCALE[locale], { maximumFractionDigits: 1 });
  // Numbers as the statistics tables print them, so that they read the same on both pages.
  const signed = new Intl.NumberFormat(FORMAT_LOCALE[locale], { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const show = (v: Shown) => (v === null ? t('dashboard.none') : String(v));
  const change = (current: Shown, previous: Shown) => {
    const c = changeOf(current, previous);
    if (!c) return t('dashboard.keyFigures.noChange');
    return c.percent === null
      ? t('dashboard.keyFigures.change', { change: signed.format(c.diff) })
      : t('dashboard.keyFigures.changePercent', { change: signed.format(c.diff), percent: signed.format(c.percent) });
  };
  const serviceLabel = t(`statistics.serviceFilters.${query.service}`);
  const source = t('dashboard.source', {
    year: String(d.year),
    service: serviceLabel,
    publication: String(d.publication),
    k: d.k,
    date: new Intl.DateTimeFormat(FORMAT_LOCALE[locale], { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(
      new Date(),
    ),
  });
  const chartText = (id: string, title: string) => ({
    id,
    title,
    regionLabel: t('dashboard.picture', { title }),
    desc: t('dashboard.chartDesc'),
    source,
    downloadLabel: t('dashboard.download'),
  });
  const labels = CHECKLIST_LABELS[locale];
  const regionName = (code: string) => labels[`ctx.region=${code}`] ?? code;
  const tablesHref = `/statistics?${new URLSearchParams({
    year: String(d.year),
    service: d.service,
    ...(d.publication ? { publication: 'true' } : {}),
  }).toString()}`;

  // Trends
  const measureLines = d.trends.measures.map((m) => ({
    label: t(`dashboard.trends.measures.${m.id}`),
    values: m.values,
  }));
  const serviceLines = d.trends.services.map((s) => ({
    label: t(`statistics.serviceFilters.${s.id}`),
    values: s.values,
  }));

  // Flow
  const flowStages = d.service === 'all' ? 'stages' : 'stagesService';
  const columns = [...new Set(d.flow.nodes.map((n) => n.column))].map((c) => t(`dashboard.flow.${flowStages}.${c}`));
  const nodeLabel = (id: string) => {
    if (id === 'requests') return t('dashboard.flow.requests');
    if (id === 'other') return t('dashboard.flow.other');
    const [kind, code] = id.split(':') as [string, string];
    if (kind === 'service')
      return d.service === 'all' ? t(`statistics.services.${code}`) : t(`statistics.serviceFilters.${code}`);
    if (kind === 'centre') return CENTRE_NAMES[code] ?? code;
    return t(`dashboard.flow.outcomes.${code}`);
  };
  const flowNodes = d.flow.nodes.map((n) => ({ ...n, label: nodeLabel(n.id) }));

  // Map
  const max = Math.max(0, ...d.regions.map((r) => (typeof r.n === 'number' ? r.n : 0)));
  const tiles = d.regions.map((r) => ({
    code: r.region,
    label: regionName(r.region),
    n: r.n,
    ...TILES[r.region]!,
    shade: shadeOf(r.n, max),
  }));
  // Class c holds the counts n with ceil(4n / max) = c; a class no count can fall in is left out.
  const legend = [0, 1, 2, 3, 4].flatMap((shade) => {
    if (shade === 0) return [{ shade, label: '0' }];
    const lo = Math.floor(((shade - 1) * max) / 4) + 1;
    const hi = Math.floor((shade * max) / 4);
    if (lo > hi) return [];
    return [{ shade, label: lo === hi ? number.format(lo) : `${number.format(lo)}–${number.format(hi)}` }];
  });

  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <p className="lead">{t('dashboard.lead')}</p>
      {!parsed.ok ? (
        <p className="notice notice--error" role="alert">
          {t('statistics.badFilters')}
        </p>
      ) : null}
      <form className="filters" method="get" aria-label={t('statistics.filters')}>
        <FilterSelect
          id="dash-year"
          name="year"
          label={t('statistics.year')}
          value={String(d.year)}
          options={recentYears(thisYear)}
        />
        <FilterSelect
          id="dash-service"
          name="service"
          label={t('statistics.service')}
          value={d.service}
          options={SERVICE_FILTERS.map((s) => ({ value: s, label: t(`statistics.serviceFilters.${s}`) }))}
        />
        <label className="option">
          <input type="checkbox" name="publication" value="true" defaultChecked={d.publication} />{' '}
          {t('statistics.publication', { k: d.k })}
        </label>
        <button type="submit" className="button button--small">
          {t('statistics.show')}
        </button>
      </form>
      {d.publication ? (
        <p className="notice notice--info">
          {t('statistics.publicationOn', { k: d.k, max: d.k - 1 })} {t('dashboard.hiddenNote', { k: d.k })}
        </p>
      ) : null}
      <p>
        <a href={tablesHref}>{t('dashboard.tablesLink', { year: String(d.year) })}</a>
      </p>

      <section>
        <h2 id="dash-figures">{t('dashboard.keyFigures.title', { year: String(d.year) })}</h2>
        <ul className={styles.figures}>
          {d.figures.map((f) => (
            <li key={f.id} className={styles.figure} data-figure={f.id}>
              <h3>{t(`dashboard.figures.${f.id}`)}</h3>
              <p className={styles.value} data-testid={`figure-${f.id}`}>
                {show(f.current)}
              </p>
              <p className={styles.detail} data-testid={`figure-${f.id}-previous`}>
                {t('dashboard.keyFigures.previous', { year: String(d.previousYear), value: show(f.previous) })}
              </p>
              <p className={styles.detail}>{change(f.current, f.previous)}</p>
              <p className={styles.detail}>
                {FOLLOWS_SERVICE.has(f.id)
                  ? t('dashboard.followsService', { service: serviceLabel })
                  : t('dashboard.allServices')}
              </p>
            </li>
          ))}
        </ul>
        <div className={styles.pair}>
          <div className="panel">
            <h3 id="dash-times">{t('dashboard.times.title')}</h3>
            <p className="muted">{t('dashboard.times.note')}</p>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="dash-times">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.times.centre')}</th>
                    <th scope="col" className="num">
                      {t('dashboard.times.first', { year: String(d.year) })}
                    </th>
                    <th scope="col" className="num">
                      {t('dashboard.times.first', { year: String(d.previousYear) })}
                    </th>
                    <th scope="col" className="num">
                      {t('dashboard.times.accepted', { year: String(d.year) })}
                    </th>
                    <th scope="col" className="num">
                      {t('dashboard.times.accepted', { year: String(d.previousYear) })}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.times.map((row) => (
                    <tr key={row.centre}>
                      <th scope="row">{CENTRE_NAMES[row.centre]}</th>
                      <td className="num">{show(row.first.current)}</td>
                      <td className="num">{show(row.first.previous)}</td>
                      <td className="num">{show(row.accepted.current)}</td>
                      <td className="num">{show(row.accepted.previous)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div className="panel">
            <h3 id="dash-overdue">{t('dashboard.overdue.title')}</h3>
            <p className="muted">{t('dashboard.overdue.note')}</p>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="dash-overdue">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.overdue.centre')}</th>
                    <th scope="col" className="num">
                      {t('dashboard.overdue.count')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.overdue.map((row) => (
                    <tr key={row.centre}>
                      <th scope="row">{CENTRE_NAMES[row.centre]}</th>
                      <td className="num">{show(row.n)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </section>

      <section className="panel">
        <h2 id="dash-trends">{t('dashboard.trends.title')}</h2>
        <p className="muted">
          {t('dashboard.followsService', { service: serviceLabel })} {t('dashboard.trends.accompanimentsNote')}
        </p>
        <div>
          {(
            [
              ['dashboard-trends', t('dashboard.trends.measuresTitle'), measureLines],
              ['dashboard-trends-services', t('dashboard.trends.servicesTitle'), serviceLines],
            ] as const
          ).map(([id, title, lines]) => (
            <div key={id} className={styles.trend}>
              <h3>{title}</h3>
              <TrendPicture text={chartText(id, title)} years={d.trends.years} lines={[...lines]} />
              <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
                <table id={`${id}-table`}>
                  <caption className="visually-hidden">{title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.trends.year')}</th>
                      {lines.map((l) => (
                        <th key={l.label} scope="col" className="num">
                          {l.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {d.trends.years.map((year, i) => (
                      <tr key={year}>
                        <th scope="row">{year}</th>
                        {lines.map((l) => (
                          <td key={l.label} className="num">
                            {show(l.values[i] ?? 0)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ))}
        </div>
      </section>

      <section className="panel">
        <h2 id="dash-flow">{t('dashboard.flow.title', { year: String(d.year) })}</h2>
        <p className="muted">{d.service === 'all' ? t('dashboard.flow.note') : t('dashboard.flow.noteService')}</p>
        <FlowPicture
          text={chartText('dashboard-flow', t('dashboard.flow.title', { year: String(d.year) }))}
          columns={columns}
          nodes={flowNodes}
          links={d.flow.links}
        />
        <div
          className="table-wrap"
          tabIndex={0}
          role="region"
          aria-label={t('dashboard.flow.title', { year: String(d.year) })}
        >
          <table id="dashboard-flow-table">
            <caption className="visually-hidden">{t('dashboard.flow.title', { year: String(d.year) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.flow.stage')}</th>
                <th scope="col">{t('dashboard.flow.label')}</th>
                <th scope="col" className="num">
                  {t('dashboard.flow.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {flowNodes.map((n) => (
                <tr key={n.id} data-node={n.id}>
                  <td>{columns[n.column]}</td>
                  <th scope="row">{n.label}</th>
                  <td className="num">{show(n.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel">
        <h2 id="dash-map">{t('dashboard.map.title', { year: String(d.year) })}</h2>
        <p className="muted">
          {t('dashboard.followsService', { service: serviceLabel })} {t('dashboard.map.legend')}
        </p>
        <div className={styles.withPicture}>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="dash-map">
            <table id="dashboard-map-table">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.map.region')}</th>
                  <th scope="col" className="num">
                    {t('dashboard.map.count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.regions.map((r) => (
                  <tr key={r.region}>
                    <th scope="row">{regionName(r.region)}</th>
                    <td className="num">{show(r.n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <MapPicture
            text={chartText('dashboard-map', t('dashboard.map.title', { year: String(d.year) }))}
            tiles={tiles}
            legend={legend}
          />
        </div>
      </section>
    </>
  );
}
