/**
 * Reads the JSON API's error answer, `{ error: { key, message }, errors: { field: [{ key, message }] } }`,
 * in the browser. The body comes from the network, so nothing in it is trusted: a missing or
 * malformed part reads as absent rather than throwing, and callers fall back to their own wording.
 */

/** One problem: a stable message key and its text in the request's language (when the server sent one). */
export type ApiErrorEntry = { key: string; message: string | null };

export type ApiErrorAnswer = {
  /** The problem with the request as a whole. */
  error: ApiErrorEntry | null;
  /** Problems by field (item code for check-lists); fields with no readable entry are left out. */
  errors: Record<string, ApiErrorEntry[]>;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryOf(value: unknown): ApiErrorEntry | null {
  if (!isRecord(value) || typeof value.key !== 'string') return null;
  return { key: value.key, message: typeof value.message === 'string' ? value.message : null };
}

/** The error answer in a parsed JSON body (anything else gives an answer with no error at all). */
export function parseApiErrorAnswer(body: unknown): ApiErrorAnswer {
  if (!isRecord(body)) return { error: null, errors: {} };
  // `errors` is a list of rows in the import's refusal, not a map by field: only a map is read here.
  const fields = isRecord(body.errors) ? Object.entries(body.errors) : [];
  // Built with fromEntries so that a field named like `__proto__` stays a plain own property.
  const errors = Object.fromEntries(
    fields
      .map(([field, list]): [string, ApiErrorEntry[]] => [
        field,
        Array.isArray(list) ? list.map(entryOf).filter((e): e is ApiErrorEntry => e !== null) : [],
      ])
      .filter(([, entries]) => entries.length > 0),
  );
  return { error: entryOf(body.error), errors };
}

/** The error answer of a response; a body that is not JSON reads as no error at all. */
export async function readApiErrorAnswer(response: Pick<Response, 'json'>): Promise<ApiErrorAnswer> {
  return parseApiErrorAnswer(await response.json().catch(() => null));
}

/** The message keys by field, as forms show them next to each field. */
export function fieldErrorKeys(answer: ApiErrorAnswer): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(answer.errors).map(([field, entries]) => [field, entries.map((e) => e.key)]),
  );
}
