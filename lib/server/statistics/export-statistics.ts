import 'server-only';
import { getDb } from '../../../db/client';
import type { Locale } from '../../i18n/locales';
import type { PresentedTable } from '../../statistics/present';
import type { StatisticsQuery } from '../../validation/statistics-query';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { auditAct } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { presentedStatistics } from './presented-statistics';

/**
 * The tables of a year for an export (CSV of one table, or the whole workbook), following the
 * publication switch. Exporting needs its own permission, and every export is audited: which
 * year, which table, published or not, which format (docs/domain/access.md#audit).
 */
export function exportStatistics({
  actor,
  query,
  table = null,
  format,
  locale,
  t,
}: {
  actor: Actor;
  query: StatisticsQuery;
  /** One table's id, or null for all of them. */
  table?: string | null;
  format: 'csv' | 'xlsx';
  locale: Locale;
  t: (key: string) => string;
}): { k: number; tables: PresentedTable[] } {
  authorize(actor, 'statistics.export', { type: 'statistics', id: String(query.year) });
  const presented = presentedStatistics({ actor, ...query, locale, t, audit: false });
  const tables = table === null ? presented.tables : presented.tables.filter((x) => x.id === table);
  if (tables.length === 0) throw new NotFoundError();
  getDb().transaction(
    (tx) =>
      auditAct(
        tx,
        actor,
        'statistics.export',
        { type: 'statistics', id: `${query.year}/${table ?? 'all'}` },
        { detail: { year: query.year, table: table ?? 'all', publication: query.publication, format } },
      ),
    { behavior: 'immediate' },
  );
  return { k: presented.k, tables };
}
