import { AxisBottom, AxisLeft, type TickRendererProps } from '@visx/axis';
import { Group } from '@visx/group';
import { PatternCircles, PatternLines } from '@visx/pattern';
import { scaleBand, scaleLinear, scalePoint } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import type { ReactNode } from 'react';
import { isChartable, type PresentedTable } from '@/lib/statistics/present';

/*
 * A chart beside a statistics table, drawn as plain SVG by the browser from the numbers the
 * page already carries (StatisticsTableView loads it on the client only: decision 0016 — the
 * server's time goes to the tables; without scripts the tables are all there). The table stays
 * the place of the numbers:
 * the chart is one image (role="img") whose description says so, and each bar or point also
 * carries its value as text.
 *
 * Readable without colour: every series has its own colour AND its own fill pattern (solid,
 * hatching, dots) or line dash and marker shape, shown in the legend. Hidden cells
 * (small-cell suppression) draw nothing but print the table's own text, e.g. "< 5".
 *
 * Text widths cannot be measured on the server (@visx/text measures in the browser DOM), so
 * long category labels are wrapped on an estimated character width and placed above their
 * bars, where they have the whole width of the chart.
 */

/*
 * Width of the drawing in SVG units; the SVG scales to its box (CSS: width 100%). Drawn
 * narrow and shown at most 26rem (~416px) wide (app/globals.css), so the 14-unit text comes
 * out at about the page's 16px on a wide screen and still about 12px on a 330px phone.
 */
const WIDTH = 360;
const PAD = 4;
const LABEL_SIZE = 14;
const VALUE_SIZE = 13;
const LINE_HEIGHT = 17;
/** Average glyph width of system sans-serif fonts, as a share of the font size (generous). */
const CHAR_WIDTH = 0.58;

const INK = '#1b1f24'; // --ink
const MUTED = '#57606a'; // --muted
const GRID = '#d0d7de'; // --line
const PAPER = '#ffffff'; // --paper

/**
 * One look per series, by column position (so "Femme" looks the same in every table). The
 * colours come from app/globals.css (--brand, the warning border, --ok); each has a contrast of
 * at least 4.5:1 against the white panel, and bars drawn with a pattern are outlined in it.
 */
const STYLES = [
  { colour: '#0b4f8a', fill: 'solid', dash: undefined, marker: 'circle' },
  { colour: '#9a6700', fill: 'hatch', dash: '7 4', marker: 'square' },
  { colour: '#116329', fill: 'dots', dash: '2 3', marker: 'diamond' },
] as const;
type SeriesStyle = (typeof STYLES)[number];
const styleOf = (j: number): SeriesStyle => STYLES[j % STYLES.length]!;

/** The text of a cell as the table prints it ("< 5" for a hidden one, "—" for none). */
function cellText(table: PresentedTable, row: number, col: number): string {
  const cell = table.rows[row]?.cells[col];
  if (cell === null || cell === undefined) return '—';
  // Drawn in the browser only: the page's language gives the decimal separator ("0,1").
  const lang = typeof document === 'undefined' ? undefined : document.documentElement.lang || undefined;
  return typeof cell === 'number' ? cell.toLocaleString(lang) : String(cell);
}

function textWidth(text: string, size: number): number {
  return text.length * size * CHAR_WIDTH;
}

/** Greedy word wrap on the estimated width; a word longer than a line stays whole. */
function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${word}`, size) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [''];
}

function patternId(tableId: string, j: number) {
  return `chart-${tableId}-pattern-${j}`;
}

/** The fill of series j: plain colour, or a pattern defined in <Patterns>. */
function fillOf(tableId: string, j: number): string {
  return styleOf(j).fill === 'solid' ? styleOf(j).colour : `url(#${patternId(tableId, j)})`;
}

function Patterns({ tableId, columns }: { tableId: string; columns: number[] }) {
  // Each visx pattern brings its own <defs>.
  return (
    <>
      {columns.map((j) => {
        const s = styleOf(j);
        if (s.fill === 'hatch') {
          return (
            <PatternLines
              key={j}
              id={patternId(tableId, j)}
              width={7}
              height={7}
              stroke={s.colour}
              strokeWidth={2.5}
              orientation={['diagonal']}
              background={PAPER}
            />
          );
        }
        if (s.fill === 'dots') {
          return (
            <PatternCircles
              key={j}
              id={patternId(tableId, j)}
              width={6}
              height={6}
              radius={1.8}
              fill={s.colour}
              background={PAPER}
            />
          );
        }
        return null;
      })}
    </>
  );
}

function Marker({ shape, x, y, colour }: { shape: SeriesStyle['marker']; x: number; y: number; colour: string }) {
  if (shape === 'square')
    return <rect className="stat-chart__marker" x={x - 4.5} y={y - 4.5} width={9} height={9} fill={colour} />;
  if (shape === 'diamond')
    return (
      <path
        className="stat-chart__marker"
        d={`M ${x} ${y - 6} L ${x + 6} ${y} L ${x} ${y + 6} L ${x - 6} ${y} Z`}
        fill={colour}
      />
    );
  return <circle className="stat-chart__marker" cx={x} cy={y} r={5} fill={colour} />;
}

/** Legend items (swatch + label) in rows, wrapped when too wide; returns the drawing and its height. */
function legendLayout({
  tableId,
  table,
  columns,
  kind,
}: {
  tableId: string;
  table: PresentedTable;
  columns: number[];
  kind: 'bar' | 'line';
}) {
  const items: ReactNode[] = [];
  let x = PAD;
  let y = 0;
  for (const j of columns) {
    const label = table.series[j]!.label;
    const itemWidth = 30 + textWidth(label, VALUE_SIZE) + 24;
    if (x > PAD && x + itemWidth > WIDTH - PAD) {
      x = PAD;
      y += 22;
    }
    const s = styleOf(j);
    items.push(
      <g key={j} className="stat-chart__legend-item" transform={`translate(${x}, ${y})`}>
        {kind === 'bar' ? (
          <rect x={0} y={2} width={22} height={14} fill={fillOf(tableId, j)} stroke={s.colour} strokeWidth={1.5} />
        ) : (
          <>
            <line x1={0} x2={24} y1={9} y2={9} stroke={s.colour} strokeWidth={2.5} strokeDasharray={s.dash} />
            <Marker shape={s.marker} x={12} y={9} colour={s.colour} />
          </>
        )}
        <text x={30} y={13.5} fontSize={VALUE_SIZE} fill={INK}>
          {label}
        </text>
      </g>,
    );
    x += itemWidth;
  }
  return { node: <g className="stat-chart__legend">{items}</g>, height: y + 22 };
}

function Frame({
  tableId,
  title,
  desc,
  height,
  children,
}: {
  tableId: string;
  title: string;
  desc: string;
  height: number;
  children: ReactNode;
}) {
  const id = `chart-${tableId}`;
  return (
    <div className="stat-chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        fontFamily="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {children}
      </svg>
    </div>
  );
}

/**
 * Horizontal bars, one group per row, one bar per series (grouped bars when there are several).
 * Category labels sit above their group; each value is printed at the end of its bar.
 */
function BarChart({ table, title, desc }: { table: PresentedTable; title: string; desc: string }) {
  const tableId = table.id;
  // An all-zero series adds only noise: leave it out (the table still shows its zeros).
  const columns = table.series
    .map((s, j) => ({ s, j }))
    .filter(({ s }) => s.values.some((v) => v !== 0))
    .map(({ j }) => j);
  const legend = columns.length > 1 ? legendLayout({ tableId, table, columns, kind: 'bar' }) : null;
  const top = legend ? legend.height + 10 : 0;

  const max = Math.max(1, ...columns.flatMap((j) => table.series[j]!.values.map((v) => v ?? 0)));
  const valueRoom = Math.max(
    36,
    ...table.rows.flatMap((_, i) => columns.map((j) => textWidth(cellText(table, i, j), VALUE_SIZE) + 10)),
  );
  const x = scaleLinear<number>({ domain: [0, max], range: [0, WIDTH - 2 * PAD - valueRoom], nice: false });
  const barHeight = columns.length > 1 ? 16 : 20;
  // One step per series: the bar and a 3-unit gap.
  const band = scaleBand<number>({ domain: columns, range: [0, columns.length * (barHeight + 3)] });
  const barsHeight = columns.length * (barHeight + 3) - 3;

  // Each row's group: its wrapped label, then its bars; groups stacked from the top.
  const layout = table.rows.map((row) => {
    const labelLines = wrap(row.label, WIDTH - 2 * PAD, LABEL_SIZE);
    const barsTop = labelLines.length * LINE_HEIGHT + 3;
    return { labelLines, barsTop, height: barsTop + barsHeight + 12 };
  });
  const tops = layout.map((_, i) => top + layout.slice(0, i).reduce((sum, g) => sum + g.height, 0));
  const height = top + layout.reduce((sum, g) => sum + g.height, 0);

  const groups = table.rows.map((row, i) => {
    const { labelLines, barsTop } = layout[i]!;
    const groupTop = tops[i]!;
    return (
      <Group key={row.code} top={groupTop} className="stat-chart__group">
        <text x={PAD} y={LABEL_SIZE} fontSize={LABEL_SIZE} fontWeight={600} fill={INK}>
          {labelLines.map((line, n) => (
            <tspan key={n} x={PAD} dy={n === 0 ? 0 : LINE_HEIGHT}>
              {line}
            </tspan>
          ))}
        </text>
        <Group top={barsTop} left={PAD}>
          <line x1={0} x2={0} y1={-1} y2={barsHeight + 1} stroke={MUTED} strokeWidth={1} />
          {columns.map((j) => {
            const value = table.series[j]!.values[i] ?? null;
            const barY = band(j) ?? 0;
            const width = value === null ? 0 : x(value);
            const s = styleOf(j);
            return (
              <g key={j}>
                {value !== null && value > 0 ? (
                  <Bar
                    className="stat-chart__bar"
                    data-series={j}
                    x={0}
                    y={barY}
                    width={Math.max(width, 1.5)}
                    height={barHeight}
                    fill={fillOf(tableId, j)}
                    stroke={s.colour}
                    strokeWidth={1.5}
                  />
                ) : null}
                <text
                  className="stat-chart__value"
                  x={width + 6}
                  y={barY + barHeight / 2}
                  dominantBaseline="central"
                  fontSize={VALUE_SIZE}
                  fill={INK}
                >
                  {cellText(table, i, j)}
                </text>
              </g>
            );
          })}
        </Group>
      </Group>
    );
  });

  return (
    <Frame tableId={tableId} title={title} desc={desc} height={Math.ceil(height)}>
      <Patterns tableId={tableId} columns={columns} />
      {legend?.node}
      {groups}
    </Frame>
  );
}

/** One line per series over the rows (years), each with its own dash and marker; values above or below the points. */
function LineChart({ table, title, desc }: { table: PresentedTable; title: string; desc: string }) {
  const tableId = table.id;
  const columns = table.series.map((_, j) => j);
  const legend = legendLayout({ tableId, table, columns, kind: 'line' });
  const margin = { top: legend.height + 26, right: 24, bottom: 30, left: 44 };
  const height = margin.top + 180 + margin.bottom;
  const innerWidth = WIDTH - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;

  const categories = table.rows.map((r) => r.label);
  const x = scalePoint<string>({ domain: categories, range: [0, innerWidth], padding: 0.5 });
  const max = Math.max(1, ...table.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  // Rounded up to the same step as the 4-ish ticks, so the top grid line is above the highest point.
  const y = scaleLinear<number>({ domain: [0, max], range: [innerHeight, 0], nice: 4 });
  const yTicks = y.ticks(4).filter((v) => Number.isInteger(v));
  // Many years: label every n-th on the axis so the years do not run into each other (each
  // point still carries its values).
  const fitting = Math.max(1, Math.floor(innerWidth / (textWidth('0000', VALUE_SIZE) + 6)));
  const step = Math.ceil(categories.length / fitting);
  const xTicks = categories.filter((_, i) => i % step === 0 || i === categories.length - 1);

  const px = (i: number) => x(categories[i]!) ?? 0;
  /** For each row, the series with the highest value (the first one on a tie). */
  const topSeries = table.rows.map((_, i) =>
    columns.reduce<number | null>((best, k) => {
      const v = table.series[k]!.values[i] ?? null;
      if (v === null) return best;
      return best === null || v > (table.series[best]!.values[i] ?? -1) ? k : best;
    }, null),
  );
  // Tick labels as plain <text>: @visx/text would wrap each one in a nested <svg>, which some
  // accessibility tools then count as an image of its own inside the chart.
  const leftTick = ({ x: tx, y: ty, formattedValue }: TickRendererProps) => (
    <text x={tx - 2} y={ty} dominantBaseline="central" textAnchor="end" fontSize={VALUE_SIZE} fill={INK}>
      {formattedValue}
    </text>
  );
  const bottomTick = ({ x: tx, y: ty, formattedValue }: TickRendererProps) => (
    <text x={tx} y={ty + 2} textAnchor="middle" fontSize={VALUE_SIZE} fill={INK}>
      {formattedValue}
    </text>
  );

  return (
    <Frame tableId={tableId} title={title} desc={desc} height={height}>
      {legend.node}
      <Group top={margin.top} left={margin.left}>
        {yTicks.map((v) => (
          <line key={v} x1={0} x2={innerWidth} y1={y(v)} y2={y(v)} stroke={GRID} strokeWidth={1} />
        ))}
        <AxisLeft
          scale={y}
          tickValues={yTicks}
          tickFormat={(v) => String(v)}
          stroke={MUTED}
          tickStroke={MUTED}
          tickLabelProps={{ fontSize: VALUE_SIZE }}
          tickComponent={leftTick}
        />
        <AxisBottom
          top={innerHeight}
          scale={x}
          tickValues={xTicks}
          stroke={MUTED}
          tickStroke={MUTED}
          tickLabelProps={{ fontSize: VALUE_SIZE }}
          tickComponent={bottomTick}
        />
        {columns.map((j) => {
          const s = styleOf(j);
          const points = table.series[j]!.values.map((v, i) => ({ i, v }));
          return (
            <g key={j} className="stat-chart__series" data-series={j}>
              <LinePath
                data={points}
                defined={(d) => d.v !== null}
                x={(d) => px(d.i)}
                y={(d) => y(d.v ?? 0)}
                stroke={s.colour}
                strokeWidth={2.5}
                strokeDasharray={s.dash}
                fill="none"
              />
              {points.map(({ i, v }) => {
                if (v === null) {
                  // Hidden: no point, only the table's text just above the axis.
                  return (
                    <text
                      key={i}
                      className="stat-chart__value"
                      x={px(i)}
                      y={innerHeight - 6 - j * 14}
                      textAnchor="middle"
                      fontSize={VALUE_SIZE}
                      fill={s.colour}
                    >
                      {cellText(table, i, j)}
                    </text>
                  );
                }
                // The highest value of the year is labelled above its point, the others below it (or
                // beside it when below would run into the axis).
                const place = topSeries[i] === j ? 'above' : y(v) + 20 <= innerHeight - 2 ? 'below' : 'beside';
                const label = (
                  {
                    above: { x: px(i), y: y(v) - 10, anchor: 'middle' },
                    below: { x: px(i), y: y(v) + 20, anchor: 'middle' },
                    beside: { x: px(i) + 9, y: y(v) - 6, anchor: 'start' },
                  } as const
                )[place];
                return (
                  <g key={i}>
                    <Marker shape={s.marker} x={px(i)} y={y(v)} colour={s.colour} />
                    <text
                      className="stat-chart__value"
                      x={label.x}
                      y={label.y}
                      textAnchor={label.anchor}
                      fontSize={VALUE_SIZE}
                      fontWeight={600}
                      fill={INK}
                      stroke={PAPER}
                      strokeWidth={3}
                      paintOrder="stroke"
                    >
                      {cellText(table, i, j)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </Group>
    </Frame>
  );
}

/** The chart of a presented table, or nothing when it has none or nothing to draw. */
export function StatisticsChart({ table, title, desc }: { table: PresentedTable; title: string; desc: string }) {
  if (!isChartable(table)) return null;
  return table.chart === 'line' ? (
    <LineChart table={table} title={title} desc={desc} />
  ) : (
    <BarChart table={table} title={title} desc={desc} />
  );
}
