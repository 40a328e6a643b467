import 'server-only';
import type { z } from 'zod';
import { fieldErrorsOf } from '../form-state';

/** Parses an API body with its zod schema; errors keyed by field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): { ok: true; data: z.infer<S> } | { ok: false; errors: Record<string, string[]> } {
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: fieldErrorsOf(parsed.error) };
}
