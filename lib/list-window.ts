/**
 * How many rows a list page shows: 25 at first, 25 more each time the user asks (`?show=50`),
 * up to 1,000 — a page stays light for everyone, and nothing is out of reach (decision 0016).
 */
export const LIST_STEP = 25;
export const LIST_MAX = 1000;

/** The number of rows asked for by `?show=`, rounded to a step, between one step and the maximum. */
export function parseShow(value: string | string[] | undefined): number {
  const raw = Array.isArray(value) ? value[0] : value;
  const n = raw && /^\d{1,5}$/.test(raw) ? Number(raw) : LIST_STEP;
  return Math.min(LIST_MAX, Math.max(LIST_STEP, Math.ceil(n / LIST_STEP) * LIST_STEP));
}

/** Rows read with one more than shown tell whether there are more: the shown rows, and the link's next size (null at the end or at the maximum). */
export function windowOf<T>(rows: T[], show: number): { rows: T[]; next: number | null } {
  const more = rows.length > show;
  return { rows: more ? rows.slice(0, show) : rows, next: more && show < LIST_MAX ? show + LIST_STEP : null };
}
