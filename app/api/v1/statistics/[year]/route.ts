import { getTranslations } from 'next-intl/server';
import { requestLocale } from '@/lib/i18n/request';
import { apiRoute } from '@/lib/http/route-handler';
import { presentedBiennialStatistics } from '@/lib/server/statistics/presented-biennial-statistics';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { statisticsQuerySchema } from '@/lib/validation/statistics-query';

/**
 * GET /api/v1/statistics/{year}?service=…&publication=true|false&orientation=accepted|contacted[&compare=<year>]
 * — every table as JSON; with `compare`, every table of the two years side by side, in column
 * groups per year (decision 0022). Coordinators only.
 */
export const GET = apiRoute({
  query: statisticsQuerySchema,
  run: async ({ actor, query }) => {
    const t = await getTranslations();
    if (query.compare !== null) {
      const { k, years, tables } = presentedBiennialStatistics({
        actor,
        ...query,
        compare: query.compare,
        locale: await requestLocale(),
        t: (key) => t(key as never),
      });
      return { ...query, k, years, tables: Object.fromEntries(tables.map((table) => [table.id, table])) };
    }
    const { k, tables } = presentedStatistics({
      actor,
      ...query,
      locale: await requestLocale(),
      t: (key) => t(key as never),
    });
    const { compare: _c, ...filters } = query;
    return { ...filters, k, tables: Object.fromEntries(tables.map(({ series: _s, ...table }) => [table.id, table])) };
  },
});
