import 'server-only';
import { getDb } from '../../../db/client';
import type { Locale } from '../../i18n/locales';
import type { BiennialTable } from '../../statistics/biennial';
import type { PresentedTable } from '../../statistics/present';
import type { StatisticsQuery } from '../../validation/statistics-query';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { auditAct } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { presentedBiennialStatistics } from './presented-biennial-statistics';
import { presentedStatistics } from './presented-statistics';

/**
 * The tables of a year for an export (CSV of one table, the whole workbook, the chapter
 * document), following the publication switch; with `query.compare`, the two years side by side
 * (decision 0022), each year's cells hidden as in its own view. Exporting needs its own
 * permission, and every export is audited: which year (and which second year), which table,
 * published or not, which format (docs/domain/access.md#audit).
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
  format: 'csv' | 'xlsx' | 'docx';
  locale: Locale;
  t: (key: string) => string;
}): { k: number; tables: PresentedTable[]; biennial: { years: [number, number]; tables: BiennialTable[] } | null } {
  authorize(actor, 'statistics.export', { type: 'statistics', id: String(query.year) });
  const compare = query.compare ?? null;
  const presented = presentedStatistics({ actor, ...query, locale, t, audit: false });
  const tables = table === null ? presented.tables : presented.tables.filter((x) => x.id === table);
  if (tables.length === 0) throw new NotFoundError();
  let biennial: { years: [number, number]; tables: BiennialTable[] } | null = null;
  if (compare !== null) {
    const both = presentedBiennialStatistics({ actor, ...query, compare, locale, t, audit: false });
    biennial = { years: both.years, tables: both.tables.filter((x) => table === null || x.id === table) };
  }
  getDb().transaction(
    (tx) =>
      auditAct(
        tx,
        actor,
        'statistics.export',
        { type: 'statistics', id: `${query.year}/${table ?? 'all'}` },
        {
          detail: {
            year: query.year,
            ...(compare !== null ? { compare } : {}),
            table: table ?? 'all',
            publication: query.publication,
            format,
            ...(format === 'docx' ? { locale } : {}),
          },
        },
      ),
    { behavior: 'immediate' },
  );
  return { k: presented.k, tables, biennial };
}
