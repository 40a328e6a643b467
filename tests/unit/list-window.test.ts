import { describe, expect, it } from 'vitest';
import { LIST_MAX, LIST_STEP, parseShow, windowOf } from '@/lib/list-window';

describe('list window (decision 0016)', () => {
  it('shows one step by default and rounds what is asked to a step, within the maximum', () => {
    expect(parseShow(undefined)).toBe(LIST_STEP);
    expect(parseShow(String(LIST_STEP * 2))).toBe(LIST_STEP * 2);
    expect(parseShow(String(LIST_STEP + 1))).toBe(LIST_STEP * 2);
    expect(parseShow('0')).toBe(LIST_STEP);
    expect(parseShow('99999')).toBe(LIST_MAX);
    expect(parseShow(['50', '1000'])).toBe(50);
    for (const bad of ['-25', '1e3', 'abc', '25.5', '']) expect(parseShow(bad)).toBe(LIST_STEP);
  });

  it('says whether there are more rows than shown, and stops offering more at the maximum', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(windowOf(rows(LIST_STEP), LIST_STEP)).toEqual({ rows: rows(LIST_STEP), next: null });
    expect(windowOf(rows(LIST_STEP + 1), LIST_STEP)).toEqual({ rows: rows(LIST_STEP), next: LIST_STEP * 2 });
    expect(windowOf(rows(LIST_MAX + 1), LIST_MAX)).toEqual({ rows: rows(LIST_MAX), next: null });
  });
});
