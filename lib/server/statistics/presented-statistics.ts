import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { dataGenerations } from '../../../db/schema';
import { CHECKLIST_LABELS } from '../../checklist/labels';
import { FORMAT_LOCALE, type Locale } from '../../i18n/locales';
import type { LabelContext } from '../../statistics/labels';
import { presentTable, type PresentedTable } from '../../statistics/present';
import type { ServiceFilter } from '../../statistics/tables';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { auditStatisticsRead, computeYearStatistics, type OrientationDefinition } from './compute-year-statistics';
import { getDisclosureThreshold } from './get-disclosure-threshold';

/**
 * Presented years kept in this process, by the statistics generation they were computed at
 * (migration 0009: any change of the counters, referrals, organisations or settings moves it
 * on) and everything else they depend on. A page view then costs one indexed read; what is
 * shown is always what the records say at that moment (decision 0016).
 */
const CACHE_SIZE = 48;
const presentedCache = new Map<string, { k: number; tables: PresentedTable[] }>();

/** The year's tables as shown, exported and served by the API: labelled, with the publication switch applied. */
export function presentedStatistics({
  actor,
  year,
  service,
  publication,
  orientation,
  locale,
  t,
  audit = true,
}: {
  actor: Actor;
  year: number;
  service: ServiceFilter;
  publication: boolean;
  orientation: OrientationDefinition;
  locale: Locale;
  t: (key: string) => string;
  audit?: boolean;
}): { k: number; tables: PresentedTable[] } {
  authorize(actor, 'statistics.read');
  const db = getDb();
  // One read transaction: the generation and the figures come from the same snapshot.
  const result = db.transaction(() => {
    const generation = db.select({ n: dataGenerations.n }).from(dataGenerations).where(eq(dataGenerations.name, 'statistics')).get()?.n ?? -1;
    const key = `${generation}|${year}|${service}|${orientation}|${publication}|${locale}`;
    const cached = presentedCache.get(key);
    if (cached) {
      // Most recently used last: the first key is the one to drop.
      presentedCache.delete(key);
      presentedCache.set(key, cached);
      return cached;
    }
    const k = getDisclosureThreshold();
    const labels = CHECKLIST_LABELS[locale];
    const names = new Intl.DisplayNames([FORMAT_LOCALE[locale]], { type: 'region' });
    const ctx: LabelContext = {
      t,
      labels,
      country: (code) => (code === 'stateless' || code === 'unknown' ? (labels[`country.${code}`] ?? code) : (names.of(code) ?? code)),
    };
    const tables = computeYearStatistics({ actor, year, service, orientation, audit: false });
    const presented = { k, tables: tables.map((table) => presentTable(table, { publication, k }, ctx)) };
    presentedCache.set(key, presented);
    if (presentedCache.size > CACHE_SIZE) presentedCache.delete(presentedCache.keys().next().value!);
    return presented;
  });
  if (audit) auditStatisticsRead(actor, year, service, orientation);
  return result;
}
