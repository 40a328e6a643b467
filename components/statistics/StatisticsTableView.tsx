'use client';

import { useFormatter } from 'next-intl';
import dynamic from 'next/dynamic';
import { isChartable, type PresentedTable } from '@/lib/statistics/present';

/** Drawn by the browser only: the server renders the tables, the charts cost it nothing (decision 0016). */
const StatisticsChart = dynamic(() => import('./StatisticsChart').then((m) => m.StatisticsChart), { ssr: false });

/**
 * One statistics table: a real HTML table with header cells and totals, how it is counted, and
 * its CSV; beside it, for the tables that read better as a picture, a chart of the same numbers.
 * A client component so that the page carries the table's numbers once (as props) rather than
 * its whole element tree: it is still rendered on the server and shows without scripts
 * (decision 0016).
 */
export function StatisticsTableView({
  table,
  title,
  note,
  csvHref,
  csvLabel,
  totalLabel,
  reportLabel,
  chartDesc,
  serviceScope = null,
}: {
  table: PresentedTable;
  title: string;
  note: string;
  csvHref: string;
  csvLabel: string;
  totalLabel: string;
  /** The report's table numbers (or that the report has none), shown under the title. */
  reportLabel: string;
  /** What the chart is, and that its numbers are in the table (read by screen readers). */
  chartDesc: string;
  /** With a service chosen: whether this table follows it (the check-list tables) or covers every service. */
  serviceScope?: string | null;
}) {
  const id = `table-${table.id}`;
  // Numbers as the reader writes them ("0,1" in French, Dutch and German); "< 5" and "×" stay as they are.
  const format = useFormatter();
  const shown = (v: number | string | null) => (v === null ? '—' : typeof v === 'number' ? format.number(v) : v);
  const rowTotals = table.rowTotals;
  const withChart = isChartable(table);
  return (
    // Not a named landmark itself: the scrolling table inside is the region, named by the title.
    <section className="stat-table panel">
      <div className="page-head">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          <p className="muted stat-table__report">{reportLabel}</p>
        </div>
        <a className="button button--small" href={csvHref} download>
          {csvLabel}
        </a>
      </div>
      {serviceScope ? <p className="muted">{serviceScope}</p> : null}
      <div className={withChart ? 'stat-table__body stat-table__body--with-chart' : 'stat-table__body'}>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table id={id}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{table.rowHeader}</th>
                {table.columns.map((c) => (
                  <th scope="col" key={c.code} className="num">
                    {c.label}
                  </th>
                ))}
                {rowTotals ? (
                  <th scope="col" className="num">
                    {totalLabel}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={r.code}>
                  <th scope="row">{r.label}</th>
                  {r.cells.map((v, j) => (
                    <td key={j} className="num">
                      {shown(v)}
                    </td>
                  ))}
                  {rowTotals ? <td className="num total">{shown(r.total)}</td> : null}
                </tr>
              ))}
            </tbody>
            {table.totalRow ? (
              <tfoot>
                <tr>
                  <th scope="row">{totalLabel}</th>
                  {table.totalRow.cells.map((v, j) => (
                    <td key={j} className="num total">
                      {shown(v)}
                    </td>
                  ))}
                  {rowTotals ? <td className="num total">{shown(table.totalRow.total)}</td> : null}
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
        {withChart ? <StatisticsChart table={table} title={title} desc={chartDesc} /> : null}
      </div>
      {/* Where Relais's labels or definition differ from the report's table. */}
      {table.note ? <p className="stat-table__definition">{table.note}</p> : null}
      <p className="muted">{note}</p>
    </section>
  );
}
