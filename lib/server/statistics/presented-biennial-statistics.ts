import 'server-only';
import type { Locale } from '../../i18n/locales';
import { biennialTables, type BiennialTable } from '../../statistics/biennial';
import type { ServiceFilter } from '../../statistics/tables';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import type { OrientationDefinition } from './compute-year-statistics';
import { presentedStatistics } from './presented-statistics';

/**
 * Two years side by side (decision 0022): each year's tables exactly as its own view presents
 * them — the same filters, the same publication switch, so each year's cells are hidden as in
 * that year's view — put together column group by column group. Each year's read is audited as
 * a read of that year.
 */
export function presentedBiennialStatistics({
  actor,
  year,
  compare,
  service,
  publication,
  orientation,
  locale,
  t,
  audit = true,
}: {
  actor: Actor;
  /** The page's year: its rows' order leads. */
  year: number;
  /** The year printed beside it. */
  compare: number;
  service: ServiceFilter;
  publication: boolean;
  orientation: OrientationDefinition;
  locale: Locale;
  t: (key: string) => string;
  audit?: boolean;
}): { k: number; years: [number, number]; tables: BiennialTable[] } {
  authorize(actor, 'statistics.read');
  const options = { actor, service, publication, orientation, locale, t, audit };
  const primary = presentedStatistics({ ...options, year });
  const other = presentedStatistics({ ...options, year: compare });
  const tables = biennialTables(
    { year, tables: primary.tables },
    { year: compare, tables: other.tables },
    new Set([...primary.overYears, ...other.overYears]),
  );
  return { k: primary.k, years: year < compare ? [year, compare] : [compare, year], tables };
}
