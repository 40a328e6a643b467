import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { PatternLines } from '@visx/pattern';
import { scaleLinear, scalePoint } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { useRef, type ReactNode } from 'react';
import type { Shown } from '@/lib/statistics/dashboard';
import styles from './dashboard.module.css';

/*
 * The dashboard's pictures, drawn as plain SVG by the browser from the numbers the page already
 * carries in its tables (loaded on the client only, as the statistics charts: decision 0016).
 * House style of components/statistics/StatisticsChart.tsx: readable without colour (each
 * series has its colour AND its dash and marker; tiles carry their number), hidden entries
 * ("< k", "×") draw nothing but print their text. Each picture can be downloaded as an SVG file
 * with its title and source line.
 */

const INK = '#1b1f24';
const MUTED = '#57606a';
const GRID = '#d0d7de';
const PAPER = '#ffffff';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const CHAR_WIDTH = 0.58;

const STYLES = [
  { colour: '#0b4f8a', dash: undefined, marker: 'circle' },
  { colour: '#9a6700', dash: '7 4', marker: 'square' },
  { colour: '#116329', dash: '2 3', marker: 'diamond' },
  { colour: '#6639ba', dash: '10 3 2 3', marker: 'triangle' },
  { colour: '#a40e26', dash: '4 2', marker: 'cross' },
] as const;
type Style = (typeof STYLES)[number];

const SHADES = ['#ffffff', '#dbe9f6', '#9ecae1', '#3f7fb5', '#0b4f8a'];

const textWidth = (text: string, size: number) => text.length * size * CHAR_WIDTH;

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
const shownText = (v: Shown, none = '—') => (v === null ? none : String(v));

function Marker({ shape, x, y, colour }: { shape: Style['marker']; x: number; y: number; colour: string }) {
  switch (shape) {
    case 'square':
      return <rect x={x - 4.5} y={y - 4.5} width={9} height={9} fill={colour} />;
    case 'diamond':
      return <path d={`M ${x} ${y - 6} L ${x + 6} ${y} L ${x} ${y + 6} L ${x - 6} ${y} Z`} fill={colour} />;
    case 'triangle':
      return <path d={`M ${x} ${y - 6} L ${x + 6} ${y + 5} L ${x - 6} ${y + 5} Z`} fill={colour} />;
    case 'cross':
      return (
        <path
          d={`M ${x - 5} ${y - 5} L ${x + 5} ${y + 5} M ${x + 5} ${y - 5} L ${x - 5} ${y + 5}`}
          stroke={colour}
          strokeWidth={2.5}
        />
      );
    default:
      return <circle cx={x} cy={y} r={5} fill={colour} />;
  }
}

/** The SVG of a picture with its title and source line around it, as a file. */
function download(svg: SVGSVGElement, title: string, source: string, file: string) {
  const ns = 'http://www.w3.org/2000/svg';
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 640 400').split(' ').map(Number) as number[];
  const width = w!;
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  out.setAttribute('viewBox', `0 0 ${width} ${h! + 64}`);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(h! + 64));
  out.setAttribute('font-family', FONT);
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', PAPER);
  out.appendChild(background);
  const titleEl = document.createElementNS(ns, 'title');
  titleEl.textContent = title;
  out.appendChild(titleEl);
  const heading = document.createElementNS(ns, 'text');
  heading.setAttribute('x', '8');
  heading.setAttribute('y', '24');
  heading.setAttribute('font-size', '17');
  heading.setAttribute('font-weight', '600');
  heading.setAttribute('fill', INK);
  heading.textContent = title;
  out.appendChild(heading);
  const body = document.createElementNS(ns, 'g');
  body.setAttribute('transform', 'translate(0, 36)');
  for (const child of Array.from(svg.childNodes)) body.appendChild(child.cloneNode(true));
  out.appendChild(body);
  const foot = document.createElementNS(ns, 'text');
  foot.setAttribute('x', '8');
  foot.setAttribute('y', String(h! + 56));
  foot.setAttribute('font-size', '11');
  foot.setAttribute('fill', MUTED);
  foot.textContent = source;
  out.appendChild(foot);
  const blob = new Blob([new XMLSerializer().serializeToString(out)], { type: 'image/svg+xml' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A picture: one image (role="img") named by its title, described as a chart whose numbers are in the table. */
function Frame({
  id,
  title,
  desc,
  source,
  downloadLabel,
  regionLabel,
  width,
  height,
  minWidth,
  children,
  defs,
}: {
  id: string;
  title: string;
  desc: string;
  source: string;
  downloadLabel: string;
  regionLabel: string;
  width: number;
  height: number;
  /** Narrower than this (a phone), the picture scrolls sideways rather than shrink its text. */
  minWidth: string;
  children: ReactNode;
  defs?: ReactNode;
}) {
  const ref = useRef<SVGSVGElement>(null);
  return (
    <div className={styles.chart}>
      <div className={styles.scroll} tabIndex={0} role="region" aria-label={regionLabel}>
        <svg
          ref={ref}
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${width} ${height}`}
          className={styles.svg}
          style={{ maxWidth: width, minWidth }}
          fontFamily={FONT}
          data-chart={id}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{desc}</desc>
          {defs}
          {children}
        </svg>
      </div>
      <button
        type="button"
        className="button button--small"
        onClick={() => ref.current && download(ref.current, title, source, `relais-${id}.svg`)}
      >
        {downloadLabel}
      </button>
    </div>
  );
}

export interface ChartText {
  id: string;
  title: string;
  desc: string;
  source: string;
  downloadLabel: string;
  /** The name of the picture's scrolling box: "<title> (picture)". */
  regionLabel: string;
}

/** Lines over the years: one per series, each with its colour, dash and marker, and a legend. */
export function TrendChart({
  text,
  years,
  lines,
}: {
  text: ChartText;
  years: number[];
  lines: { label: string; values: Shown[] }[];
}) {
  const width = 480;
  const legendRows: { x: number; y: number }[] = [];
  let lx = 8;
  let ly = 0;
  for (const line of lines) {
    const w = 36 + textWidth(line.label, 13) + 18;
    if (lx > 8 && lx + w > width - 8) {
      lx = 8;
      ly += 22;
    }
    legendRows.push({ x: lx, y: ly });
    lx += w;
  }
  const legendHeight = ly + 28;
  const margin = { top: legendHeight + 12, right: 24, bottom: 36, left: 56 };
  const height = margin.top + 220 + margin.bottom;
  const max = Math.max(1, ...lines.flatMap((l) => l.values.filter((v): v is number => typeof v === 'number')));
  const x = scalePoint<number>({ domain: years, range: [margin.left, width - margin.right], padding: 0.3 });
  const y = scaleLinear<number>({ domain: [0, max], range: [height - margin.bottom, margin.top], nice: true });
  return (
    <Frame {...text} width={width} height={height} minWidth="26rem">
      <Group>
        {lines.map((line, j) => {
          const s = STYLES[j % STYLES.length]!;
          const at = legendRows[j]!;
          return (
            <g key={line.label} transform={`translate(${at.x}, ${at.y})`}>
              <line x1={0} x2={28} y1={10} y2={10} stroke={s.colour} strokeWidth={2.5} strokeDasharray={s.dash} />
              <Marker shape={s.marker} x={14} y={10} colour={s.colour} />
              <text x={36} y={14.5} fontSize={13} fill={INK}>
                {line.label}
              </text>
            </g>
          );
        })}
      </Group>
      {y.ticks(5).map((tick) => (
        <line key={tick} x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke={GRID} />
      ))}
      <AxisLeft
        scale={y}
        left={margin.left}
        numTicks={5}
        stroke={MUTED}
        tickStroke={MUTED}
        tickFormat={(v) => String(v)}
        tickLabelProps={{ fill: INK, fontSize: 12, fontFamily: FONT, textAnchor: 'end', dx: -4, dy: 4 }}
      />
      <AxisBottom
        scale={x}
        top={height - margin.bottom}
        stroke={MUTED}
        tickStroke={MUTED}
        tickFormat={(v) => String(v)}
        numTicks={years.length}
        tickLabelProps={{ fill: INK, fontSize: 12, fontFamily: FONT, textAnchor: 'middle' }}
      />
      {lines.map((line, j) => {
        const s = STYLES[j % STYLES.length]!;
        const points = years.map((year, i) => ({ year, v: line.values[i] ?? null }));
        return (
          <g key={line.label}>
            <LinePath
              data={points}
              defined={(p) => typeof p.v === 'number'}
              x={(p) => x(p.year) ?? 0}
              y={(p) => y(typeof p.v === 'number' ? p.v : 0)}
              stroke={s.colour}
              strokeWidth={2.5}
              strokeDasharray={s.dash}
            />
            {points.map((p) =>
              typeof p.v === 'number' ? (
                <Marker key={p.year} shape={s.marker} x={x(p.year) ?? 0} y={y(p.v)} colour={s.colour} />
              ) : null,
            )}
          </g>
        );
      })}
    </Frame>
  );
}

export interface FlowPictureNode {
  id: string;
  column: number;
  label: string;
  value: Shown;
}

/**
 * The referral flow: columns of nodes (bars as tall as their counts) joined by bands as wide as
 * theirs. A hidden node keeps its place and prints its text; a hidden band is not drawn.
 */
export function FlowChart({
  text,
  columns,
  nodes,
  links,
}: {
  text: ChartText;
  columns: string[];
  nodes: FlowPictureNode[];
  links: { from: string; to: string; value: Shown }[];
}) {
  // Each column as wide as its longest label allows (labels wrap on an estimated width).
  const spacing = 196;
  const lastLabel = 200;
  const width = 8 + spacing * Math.max(1, columns.length - 1) + lastLabel;
  const top = 34;
  const bar = 12;
  const available = 380;
  const columnX = (c: number) => 8 + c * spacing;
  const num = (v: Shown) => (typeof v === 'number' ? v : 0);
  const columnSums = columns.map((_, c) => nodes.filter((n) => n.column === c).reduce((a, n) => a + num(n.value), 0));
  const scale = available / Math.max(1, ...columnSums);
  const place = new Map<string, { x: number; y: number; h: number; inAt: number; outAt: number; lines: string[] }>();
  let height = 0;
  columns.forEach((_, c) => {
    let y = top;
    for (const n of nodes.filter((node) => node.column === c)) {
      const h = num(n.value) * scale;
      const lines = wrap(n.label, (c === columns.length - 1 ? lastLabel : spacing) - bar - 14, 13);
      place.set(n.id, { x: columnX(c), y, h, inAt: y, outAt: y, lines });
      y += Math.max(h, lines.length * 16 + 22) + 8;
    }
    height = Math.max(height, y);
  });
  const bands: ReactNode[] = [];
  for (const link of links) {
    const v = num(link.value);
    const from = place.get(link.from);
    const to = place.get(link.to);
    if (!from || !to || v <= 0) continue;
    const h = v * scale;
    const x0 = from.x + bar;
    const x1 = to.x;
    const y0 = from.outAt;
    const y1 = to.inAt;
    from.outAt += h;
    to.inAt += h;
    const mid = (x0 + x1) / 2;
    bands.push(
      <path
        key={`${link.from}>${link.to}`}
        d={`M ${x0} ${y0} C ${mid} ${y0}, ${mid} ${y1}, ${x1} ${y1} L ${x1} ${y1 + h} C ${mid} ${y1 + h}, ${mid} ${y0 + h}, ${x0} ${y0 + h} Z`}
        fill="#0b4f8a"
        fillOpacity={0.18}
        stroke="#0b4f8a"
        strokeOpacity={0.35}
        strokeWidth={0.5}
      />,
    );
  }
  return (
    <Frame {...text} width={width} height={height + 8} minWidth="44rem">
      {columns.map((label, c) => (
        <text key={label} x={columnX(c)} y={16} fontSize={13} fontWeight={600} fill={MUTED}>
          {label}
        </text>
      ))}
      <g>{bands}</g>
      {nodes.map((n) => {
        const p = place.get(n.id)!;
        const hidden = typeof n.value === 'string';
        return (
          <g key={n.id}>
            <rect
              x={p.x}
              y={p.y}
              width={bar}
              height={Math.max(p.h, 3)}
              fill={hidden ? PAPER : INK}
              stroke={INK}
              strokeDasharray={hidden ? '2 2' : undefined}
            />
            <text
              x={p.x + bar + 5}
              y={p.y + 13}
              fontSize={13}
              fill={INK}
              stroke={PAPER}
              strokeWidth={3}
              paintOrder="stroke"
            >
              {p.lines.map((line, i) => (
                <tspan key={i} x={p.x + bar + 5} dy={i === 0 ? 0 : 16}>
                  {line}
                </tspan>
              ))}
            </text>
            <text
              x={p.x + bar + 5}
              y={p.y + 29 + (p.lines.length - 1) * 16}
              fontSize={13}
              fontWeight={700}
              fill={INK}
              stroke={PAPER}
              strokeWidth={3}
              paintOrder="stroke"
            >
              {shownText(n.value)}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

/** The ten provincial directions as tiles, shaded by count, each with its name and number written on it. */
export function TileMap({
  text,
  tiles,
  legend,
}: {
  text: ChartText;
  tiles: { code: string; label: string; n: Shown; x: number; y: number; shade: number }[];
  legend: { shade: number; label: string }[];
}) {
  const tw = 116;
  const th = 84;
  const gap = 6;
  const width = 4 * (tw + gap) + 8;
  const gridHeight = 3 * (th + gap);
  const height = gridHeight + 44;
  const hatch = `${text.id}-hatch`;
  return (
    <Frame
      {...text}
      width={width}
      height={height}
      minWidth="26rem"
      defs={
        <PatternLines
          id={hatch}
          width={8}
          height={8}
          stroke={MUTED}
          strokeWidth={1.5}
          orientation={['diagonal']}
          background={PAPER}
        />
      }
    >
      {tiles.map((tile) => {
        const x = 4 + tile.x * (tw + gap);
        const y = 4 + tile.y * (th + gap);
        const hidden = typeof tile.n === 'string';
        const dark = tile.shade >= 3;
        const ink = dark ? PAPER : INK;
        const words = tile.label.split(/(?<=-)|\s+/);
        const lines: string[] = [];
        for (const w of words) {
          const last = lines[lines.length - 1];
          if (last !== undefined && textWidth(`${last}${last.endsWith('-') ? '' : ' '}${w}`, 13) < tw - 12)
            lines[lines.length - 1] = `${last}${last.endsWith('-') ? '' : ' '}${w}`;
          else lines.push(w);
        }
        return (
          <g key={tile.code} data-region={tile.code}>
            <rect
              x={x}
              y={y}
              width={tw}
              height={th}
              rx={6}
              fill={hidden ? `url(#${hatch})` : SHADES[tile.shade]}
              stroke={INK}
              strokeWidth={1}
            />
            {lines.map((line, i) => (
              <text
                key={i}
                x={x + 8}
                y={y + 18 + i * 15}
                fontSize={13}
                fill={ink}
                stroke={hidden ? PAPER : undefined}
                strokeWidth={hidden ? 3 : undefined}
                paintOrder="stroke"
              >
                {line}
              </text>
            ))}
            <text
              x={x + tw - 10}
              y={y + th - 12}
              fontSize={22}
              fontWeight={700}
              textAnchor="end"
              fill={ink}
              stroke={hidden ? PAPER : undefined}
              strokeWidth={hidden ? 4 : undefined}
              paintOrder="stroke"
            >
              {shownText(tile.n)}
            </text>
          </g>
        );
      })}
      <g transform={`translate(4, ${gridHeight + 10})`}>
        {legend.map((item, i) => (
          <g key={item.shade} transform={`translate(${i * 94}, 0)`}>
            <rect width={22} height={16} fill={SHADES[item.shade]} stroke={INK} />
            <text x={28} y={13} fontSize={12} fill={INK}>
              {item.label}
            </text>
          </g>
        ))}
      </g>
    </Frame>
  );
}
