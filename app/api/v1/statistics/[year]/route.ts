import { getTranslations } from 'next-intl/server';
import { requestLocale } from '@/lib/i18n/request';
import { apiRoute } from '@/lib/http/route-handler';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { statisticsQuerySchema } from '@/lib/validation/statistics-query';

/** GET /api/v1/statistics/{year}?service=…&publication=true|false&orientation=accepted|contacted — every table as JSON. Coordinators only. */
export const GET = apiRoute({
  query: statisticsQuerySchema,
  run: async ({ actor, query }) => {
    const t = await getTranslations();
    const { k, tables } = presentedStatistics({
      actor,
      ...query,
      locale: await requestLocale(),
      t: (key) => t(key as never),
    });
    return { ...query, k, tables: Object.fromEntries(tables.map(({ series: _s, ...table }) => [table.id, table])) };
  },
});
