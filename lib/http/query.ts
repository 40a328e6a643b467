/**
 * A query string as one value per name. A repeated parameter (`?year=2024&year=2025`) takes its
 * first value, on pages and in the API alike, so no handler meets an array where it expects a
 * text.
 */
export function firstValues(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): Record<string, string> {
  const entries =
    params instanceof URLSearchParams
      ? [...params.keys()].map((k) => [k, params.get(k)] as const)
      : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of entries) if (typeof v === 'string') out[k] = v;
  return out;
}
