import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { requestLocale } from '@/lib/i18n/request';
import { apiRoute } from '@/lib/http/route-handler';
import { exportStatistics } from '@/lib/server/statistics/export-statistics';
import { toCsv } from '@/lib/statistics/csv';
import { csvRows } from '@/lib/statistics/present';
import { statisticsQuerySchema } from '@/lib/validation/statistics-query';

/** GET /api/v1/statistics/{year}/{tableId}.csv — one table as CSV (UTF-8, header row), following the publication switch. */
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
    const [table] = exportStatistics({
      actor,
      query,
      table: params.table,
      format: 'csv',
      locale: await requestLocale(),
      t: (key) => t(key as never),
    }).tables;
    return new Response(toCsv(csvRows(table!, t('statistics.total'))), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="relais-${query.year}-${table!.id}${query.publication ? '-publication' : ''}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  },
});
