import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { settings } from '../../../db/schema';

export const DEFAULT_DISCLOSURE_K = 5;

/** The small-cell threshold k (spec/statistics.md), set by the administrators; 5 by default. */
export function getDisclosureThreshold(): number {
  const row = getDb().select({ value: settings.value }).from(settings).where(eq(settings.key, 'disclosure.k')).get();
  const k = row ? Number(JSON.parse(row.value)) : DEFAULT_DISCLOSURE_K;
  return Number.isInteger(k) && k >= 2 && k <= 100 ? k : DEFAULT_DISCLOSURE_K;
}
