import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { requestLocale } from '@/lib/i18n/request';
import { apiRoute } from '@/lib/http/route-handler';
import { exportStatistics } from '@/lib/server/statistics/export-statistics';
import { biennialCsvRows } from '@/lib/statistics/biennial';
import { toCsv } from '@/lib/statistics/csv';
import { csvRows, noteRows } from '@/lib/statistics/present';
import { statisticsQuerySchema } from '@/lib/validation/statistics-query';

/**
 * GET /api/v1/statistics/{year}/{tableId}.csv — one table as CSV (UTF-8, header row), following the
 * publication switch; with `compare=<year>`, the two years side by side (decision 0022).
 */
export const GET = apiRoute({
  permission: 'statistics.export',
  // A name that is no table's answers 404, like a table that does not exist.
  params: z.object({
    year: z.string(),
    table: z
      .string()
      .regex(/^[a-z0-9_]+\.csv$/)
      .transform((name) => name.slice(0, -'.csv'.length)),
  }),
  query: statisticsQuerySchema,
  run: async ({ actor, params, query }) => {
    const t = await getTranslations();
    const exported = exportStatistics({
      actor,
      query,
      table: params.table,
      format: 'csv',
      locale: await requestLocale(),
      t: (key) => t(key as never),
    });
    const table = exported.tables[0]!;
    const both = exported.biennial?.tables[0];
    const rows = [
      ...(both ? biennialCsvRows(both, t('statistics.total')) : csvRows(table, t('statistics.total'))),
      // The definition note, where Relais's labels or definition differ from the report's.
      ...noteRows(table),
    ];
    const years = exported.biennial ? exported.biennial.years.join('-') : String(query.year);
    return new Response(toCsv(rows), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="relais-${years}-${table.id}${query.publication ? '-publication' : ''}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  },
});
