import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StatisticsChart } from '@/components/statistics/StatisticsChart';
import { isChartable } from '@/lib/statistics/present';
import { presentTable, type PresentedTable } from '@/lib/statistics/present';
import type { StatisticsTable } from '@/lib/statistics/tables';

/*
 * The chart is drawn on the server as static SVG; these tests read the markup a browser
 * without JavaScript receives. (No DOM library in the project: small regular expressions over
 * React's predictable output.)
 */

const ctx = {
  t: (key: string) =>
    ({
      'statistics.layout.sexes.m': 'Homme',
      'statistics.layout.sexes.f': 'Femme',
      'statistics.layout.sexes.x': 'Autre ou inconnu',
      'statistics.columns.checklists': 'Check-lists',
      'statistics.columns.oriented': 'Personnes orientées',
    })[key] ?? key.split('.').pop()!,
  labels: {},
  country: (c: string) => c,
};

/** Age band × sex, published with k = 5: the 3 (18–29, women) is hidden as "< 5"; nobody of sex x. */
const ageBySex: PresentedTable = presentTable(
  {
    id: 'checklists_age_by_sex',
    report: ['T7'],
    group: 'checklists',
    rowDimension: 'age_band',
    colDimension: 'sex',
    rows: ['18_29', '30_39', 'unknown'],
    cols: ['m', 'f', 'x'],
    cells: [
      [12, 3, 0],
      [7, 9, 0],
      [0, 0, 0],
    ],
    unit: 'count',
    totals: false,
    chart: 'bar',
  } satisfies StatisticsTable,
  { publication: true, k: 5 },
  ctx,
);

const overYears: PresentedTable = presentTable(
  {
    id: 'checklists_over_years',
    report: ['T9'],
    group: 'checklists',
    rowDimension: 'year',
    colDimension: 'measure',
    rows: ['2024', '2025', '2026'],
    cols: ['checklists', 'oriented'],
    cells: [
      [20, 11],
      [31, 2],
      [25, 14],
    ],
    unit: 'count',
    totals: false,
    chart: 'line',
  } satisfies StatisticsTable,
  { publication: true, k: 5 },
  ctx,
);

const render = (table: PresentedTable) =>
  renderToStaticMarkup(
    createElement(StatisticsChart, {
      table,
      title: 'Check-lists par âge et sexe',
      desc: 'Diagramme en barres ; les nombres sont dans le tableau.',
    }),
  );
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const tags = (html: string, element: string, className: string) =>
  [...html.matchAll(new RegExp(`<${element}\\b[^>]*class="[^"]*\\b${className}\\b[^"]*"[^>]*>`, 'g'))].map((m) => m[0]);
const valueTexts = (html: string) =>
  [...html.matchAll(/<text\b[^>]*class="stat-chart__value"[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));
/** The markup of each row's group of bars, in row order. */
const groups = (html: string) => html.split(/class="[^"]*\bstat-chart__group\b[^"]*"/).slice(1);

describe('statistics chart (grouped bars)', () => {
  const html = render(ageBySex);

  it('is one image named by the table title and described as a copy of the table', () => {
    const svg = html.match(/<svg\b[^>]*>/)![0];
    expect(attr(svg, 'role')).toBe('img');
    const titleId = attr(svg, 'aria-labelledby')!;
    const descId = attr(svg, 'aria-describedby')!;
    expect(html).toContain(`<title id="${titleId}">Check-lists par âge et sexe</title>`);
    expect(html).toContain(`<desc id="${descId}">Diagramme en barres ; les nombres sont dans le tableau.</desc>`);
    expect(attr(svg, 'viewBox')).toMatch(/^0 0 \d+ \d+$/);
  });

  it('draws one bar per count above zero, none for a hidden cell, and prints every value as in the table', () => {
    const [young, middle, unknown] = groups(html);
    // 18–29: men 12 drawn; women hidden → no bar, but the table's "< 5" is printed.
    expect(tags(young!, 'rect', 'stat-chart__bar').map((b) => attr(b, 'data-series'))).toEqual(['0']);
    expect(valueTexts(young!)).toEqual(['12', '< 5']);
    expect(tags(middle!, 'rect', 'stat-chart__bar').map((b) => attr(b, 'data-series'))).toEqual(['0', '1']);
    expect(valueTexts(middle!)).toEqual(['7', '9']);
    // Zero: no bar, the 0 is still written.
    expect(tags(unknown!, 'rect', 'stat-chart__bar')).toEqual([]);
    expect(valueTexts(unknown!)).toEqual(['0', '0']);
  });

  it('gives the longer count the longer bar', () => {
    const [young, middle] = groups(html);
    const width = (g: string, series: string) =>
      Number(
        attr(
          tags(g, 'rect', 'stat-chart__bar').find((b) => attr(b, 'data-series') === series)!,
          'width',
        ),
      );
    expect(width(young!, '0')).toBeGreaterThan(width(middle!, '1'));
    expect(width(middle!, '1')).toBeGreaterThan(width(middle!, '0'));
  });

  it('fills each series with its own pattern, defined in the SVG and repeated in the legend', () => {
    const bars = tags(html, 'rect', 'stat-chart__bar');
    const fillOf = (series: string) => [
      ...new Set(bars.filter((b) => attr(b, 'data-series') === series).map((b) => attr(b, 'fill'))),
    ];
    const men = fillOf('0');
    const women = fillOf('1');
    expect(men).toHaveLength(1);
    expect(women).toHaveLength(1);
    expect(men[0]).not.toBe(women[0]);
    // Women: a pattern (hatching) that exists in the SVG; men: solid.
    const patternRef = women[0]!.match(/^url\(#(.+)\)$/)?.[1];
    expect(patternRef).toBeDefined();
    expect(html).toMatch(new RegExp(`<pattern\\b[^>]*id="${patternRef}"`));
    expect(men[0]).toMatch(/^#[0-9a-f]{6}$/i);
    const legend = html.slice(html.indexOf('stat-chart__legend"'), html.indexOf('stat-chart__group'));
    expect(legend).toContain(`fill="${men[0]}"`);
    expect(legend).toContain(`fill="${women[0]}"`);
  });

  it('labels the series in a legend and leaves out a series that is zero everywhere', () => {
    const legend = html.slice(html.indexOf('stat-chart__legend"'), html.indexOf('stat-chart__group'));
    expect(legend).toContain('>Homme</text>');
    expect(legend).toContain('>Femme</text>');
    expect(html).not.toContain('Autre ou inconnu');
    expect(tags(html, 'rect', 'stat-chart__bar').some((b) => attr(b, 'data-series') === '2')).toBe(false);
  });

  it('writes the row labels, wrapping a long one instead of cutting it', () => {
    expect(html).toContain('>18_29</tspan>');
    const long = presentTable(
      {
        id: 'checklists_indicators',
        report: [],
        group: 'checklists',
        rowDimension: 'indicator',
        colDimension: 'count',
        rows: ['ind.a'],
        cols: ['count'],
        cells: [[8]],
        unit: 'count',
        totals: false,
        chart: 'bar',
      },
      { publication: false, k: 5 },
      {
        ...ctx,
        labels: {
          'ind.a':
            'La personne ne dispose pas de ses documents d’identité ou de voyage, qui sont détenus par un tiers contre sa volonté',
        },
      },
    );
    const out = render(long);
    const lines = [...out.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(
      'La personne ne dispose pas de ses documents d’identité ou de voyage, qui sont détenus par un tiers contre sa volonté',
    );
    // A single series needs no legend.
    expect(out).not.toContain('stat-chart__legend');
  });
});

describe('statistics chart (line over the years)', () => {
  const html = render(overYears);

  it('draws one line per series, told apart by dash and marker shape, with a legend', () => {
    const series = html.split('class="stat-chart__series"').slice(1);
    expect(series).toHaveLength(2);
    const dash = (s: string) => attr(s.match(/<path\b[^>]*>/)![0], 'stroke-dasharray') ?? 'solid';
    expect(dash(series[0]!)).not.toBe(dash(series[1]!));
    // Check-lists: three circles; persons oriented: the hidden 2 has no point, two squares.
    expect(tags(series[0]!, 'circle', 'stat-chart__marker')).toHaveLength(3);
    expect(tags(series[1]!, 'rect', 'stat-chart__marker')).toHaveLength(2);
    expect(tags(series[1]!, 'circle', 'stat-chart__marker')).toHaveLength(0);
    expect(html).toContain('>Check-lists</text>');
    expect(html).toContain('>Personnes orientées</text>');
  });

  it('prints each value at its point and the hidden one as in the table', () => {
    const series = html.split('class="stat-chart__series"').slice(1);
    expect(valueTexts(series[0]!)).toEqual(['20', '31', '25']);
    expect(valueTexts(series[1]!)).toEqual(['11', '< 5', '14']);
    for (const year of ['2024', '2025', '2026']) expect(html).toContain(`>${year}</text>`);
    // One image: no nested <svg> (e.g. from @visx/text) that would count as images of their own.
    expect(html.match(/<svg\b/g)).toHaveLength(1);
  });
});

describe('no chart', () => {
  it('for a table without a chart, without rows, or with nothing but zeros and hidden cells', () => {
    const cases: PresentedTable[] = [
      { ...ageBySex, chart: null },
      { ...ageBySex, rows: [], series: ageBySex.series.map((s) => ({ ...s, values: [] })) },
      { ...ageBySex, series: ageBySex.series.map((s) => ({ ...s, values: s.values.map(() => 0) })) },
      { ...ageBySex, series: ageBySex.series.map((s) => ({ ...s, values: s.values.map(() => null) })) },
    ];
    for (const table of cases) {
      expect(isChartable(table)).toBe(false);
      expect(render(table)).toBe('');
    }
    expect(isChartable(ageBySex)).toBe(true);
    expect(isChartable(overYears)).toBe(true);
  });
});
