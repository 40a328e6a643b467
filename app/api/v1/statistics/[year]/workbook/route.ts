import { getTranslations } from 'next-intl/server';
import { requestLocale } from '@/lib/i18n/request';
import { apiRoute } from '@/lib/http/route-handler';
import { exportStatistics } from '@/lib/server/statistics/export-statistics';
import { buildWorkbook } from '@/lib/statistics/workbook';
import { statisticsQuerySchema } from '@/lib/validation/statistics-query';

/**
 * GET /api/v1/statistics/{year}/workbook — every table of the year as one XLSX workbook, following
 * the publication switch; with `compare=<year>`, the two years side by side (decision 0022).
 */
export const GET = apiRoute({
  permission: 'statistics.export',
  query: statisticsQuerySchema,
  run: async ({ actor, query }) => {
    const t = await getTranslations();
    const { k, tables, biennial } = exportStatistics({
      actor,
      query,
      format: 'xlsx',
      locale: await requestLocale(),
      t: (key) => t(key as never),
    });
    const titled = (biennial?.tables ?? tables).map((table) => ({
      table,
      title: t(`statistics.tables.${table.id.replace(/_(accepted|contacted)$/, '')}.title` as never),
    }));
    const buffer = await buildWorkbook(titled, t('statistics.total'), {
      year: query.year,
      publication: query.publication,
      k,
    });
    return new Response(new Uint8Array(buffer), {
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="relais-statistics-${biennial ? biennial.years.join('-') : query.year}${query.publication ? '-publication' : ''}.xlsx"`,
        'Cache-Control': 'no-store',
      },
    });
  },
});
