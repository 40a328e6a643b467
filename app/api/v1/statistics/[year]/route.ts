import type { NextRequest } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { requestLocale } from '@/lib/i18n/request';
import { apiActor, apiError, errorResponse, json } from '@/lib/http/api-responses';
import { parseStatisticsQuery } from '@/lib/validation/statistics-query';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';

/** GET /api/v1/statistics/{year}?service=…&publication=true|false&orientation=accepted|contacted — every table as JSON. Coordinators only. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ year: string }> }) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const p = request.nextUrl.searchParams;
  const parsed = parseStatisticsQuery({ year: (await params).year, service: p.get('service'), publication: p.get('publication'), orientation: p.get('orientation') });
  if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
  try {
    const t = await getTranslations();
    const { k, tables } = presentedStatistics({ actor, ...parsed.query, locale: await requestLocale(), t: (key) => t(key as never) });
    return json({ ...parsed.query, k, tables: Object.fromEntries(tables.map(({ series: _s, ...table }) => [table.id, table])) });
  } catch (e) {
    return apiError(e);
  }
}
