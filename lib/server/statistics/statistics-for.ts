import 'server-only';
import { CHECKLIST_LABELS } from '../../checklist/labels';
import { FORMAT_LOCALE, type Locale } from '../../i18n/locales';
import type { LabelContext } from '../../statistics/labels';
import { presentTable, type PresentedTable } from '../../statistics/present';
import type { ServiceFilter } from '../../statistics/tables';
import type { Actor } from '../actor';
import { computeYearStatistics, type OrientationDefinition } from './compute-year-statistics';
import { getDisclosureThreshold } from './disclosure-threshold';

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
  const k = getDisclosureThreshold();
  const labels = CHECKLIST_LABELS[locale];
  const names = new Intl.DisplayNames([FORMAT_LOCALE[locale]], { type: 'region' });
  const ctx: LabelContext = {
    t,
    labels,
    country: (code) => (code === 'stateless' || code === 'unknown' ? (labels[`country.${code}`] ?? code) : (names.of(code) ?? code)),
  };
  const tables = computeYearStatistics({ actor, year, service, orientation, audit });
  return { k, tables: tables.map((table) => presentTable(table, { publication, k }, ctx)) };
}
