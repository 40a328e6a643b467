import { useFormatter } from 'next-intl';
import type { BiennialTable, Cell } from '@/lib/statistics/biennial';

/**
 * One table of two years side by side, as the biennial report prints it (decision 0022): the
 * years head their column groups ("2019 | 2020"), each group with the year's columns and its own
 * total; a table of one count column has one column per year. A real HTML table (column groups
 * named for screen readers), rendered on the server, readable without scripts. No chart: the
 * numbers are the point of the comparison.
 */
export function BiennialTableView({
  table,
  title,
  note,
  csvHref,
  csvLabel,
  totalLabel,
  reportLabel,
  onceLabel,
  serviceScope = null,
}: {
  table: BiennialTable;
  title: string;
  note: string;
  csvHref: string;
  csvLabel: string;
  totalLabel: string;
  reportLabel: string;
  /** Said under a table over the years, printed once for both years. */
  onceLabel: string;
  serviceScope?: string | null;
}) {
  const id = `table-${table.id}`;
  const printedOnce = table.groups.length === 1;
  const oneColumnPerYear = table.groups.every((g) => g.years.length === 1 && g.columns.length === 1 && !g.rowTotals);
  // Numbers as the reader writes them, as in the one-year tables; "< k" and "×" stay as they are.
  const format = useFormatter();
  const cell = (v: Cell) => (v === null ? '—' : typeof v === 'number' ? format.number(v) : v);
  const line = (parts: { cells: Cell[]; total: Cell }[], className: string) =>
    parts.flatMap((p, g) => [
      ...p.cells.map((v, j) => (
        <td key={`${g}-${j}`} className={className}>
          {cell(v)}
        </td>
      )),
      ...(table.groups[g]!.rowTotals
        ? [
            <td key={`${g}-total`} className="num total">
              {cell(p.total)}
            </td>,
          ]
        : []),
    ]);
  return (
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
      <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
        <table id={id}>
          <caption className="visually-hidden">{title}</caption>
          <colgroup span={1} />
          {table.groups.map((g, i) => (
            <colgroup key={i} span={g.columns.length + (g.rowTotals ? 1 : 0)} />
          ))}
          <thead>
            {oneColumnPerYear ? (
              <tr>
                <th scope="col">{table.rowHeader}</th>
                {table.groups.map((g) => (
                  <th scope="col" key={g.years[0]} className="num">
                    {g.years[0]}
                  </th>
                ))}
              </tr>
            ) : (
              <>
                {printedOnce ? null : (
                  <tr>
                    <th scope="col" rowSpan={2}>
                      {table.rowHeader}
                    </th>
                    {table.groups.map((g) => (
                      <th
                        scope="colgroup"
                        key={g.years.join('-')}
                        colSpan={g.columns.length + (g.rowTotals ? 1 : 0)}
                        className="num"
                      >
                        {g.years.join(' | ')}
                      </th>
                    ))}
                  </tr>
                )}
                <tr>
                  {printedOnce ? <th scope="col">{table.rowHeader}</th> : null}
                  {table.groups.flatMap((g) => [
                    ...g.columns.map((c) => (
                      <th scope="col" key={`${g.years.join('-')}-${c.code}`} className="num">
                        {c.label}
                      </th>
                    )),
                    ...(g.rowTotals
                      ? [
                          <th scope="col" key={`${g.years.join('-')}-total`} className="num">
                            {totalLabel}
                          </th>,
                        ]
                      : []),
                  ])}
                </tr>
              </>
            )}
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.label}</th>
                {line(r.groups, 'num')}
              </tr>
            ))}
          </tbody>
          {table.totalRow ? (
            <tfoot>
              <tr>
                <th scope="row">{totalLabel}</th>
                {line(table.totalRow.groups, 'num total')}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {/* Where Relais's labels or definition differ from the report's table. */}
      {table.note ? <p className="stat-table__definition">{table.note}</p> : null}
      {printedOnce ? <p className="muted">{onceLabel}</p> : null}
      <p className="muted">{note}</p>
    </section>
  );
}
