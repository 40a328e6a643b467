import type { NextRequest } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { requestLocale } from '@/lib/i18n/request';
import { apiActor, apiError, errorResponse } from '@/lib/http/api-responses';
import { auditRefusal } from '@/lib/server/auth/authorize';
import { writeExportAudit } from '@/lib/server/statistics/write-export-audit';
import { parseStatisticsQuery } from '@/lib/validation/statistics-query';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { can } from '@/lib/permissions';
import { toCsv } from '@/lib/statistics/csv';
import { csvRows } from '@/lib/statistics/present';

/** GET /api/v1/statistics/{year}/{tableId}.csv — one table as CSV (UTF-8, header row), following the publication switch. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ year: string; table: string }> }) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const { year, table } = await params;
  if (!can(actor.role, 'statistics.export')) {
    auditRefusal(actor, 'statistics.export', { type: 'statistics', id: year }, 'permission');
    return errorResponse(404, 'errors.notFound');
  }
  const match = /^([a-z0-9_]+)\.csv$/.exec(table);
  if (!match) return errorResponse(404, 'errors.notFound');
  const p = request.nextUrl.searchParams;
  const parsed = parseStatisticsQuery({ year, service: p.get('service'), publication: p.get('publication'), orientation: p.get('orientation') });
  if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
  try {
    const t = await getTranslations();
    const { tables } = presentedStatistics({ actor, ...parsed.query, locale: await requestLocale(), t: (key) => t(key as never), audit: false });
    const found = tables.find((x) => x.id === match[1]);
    if (!found) return errorResponse(404, 'errors.notFound');
    writeExportAudit(actor, { year: parsed.query.year, table: found.id, publication: parsed.query.publication, format: 'csv' });
    return new Response(toCsv(csvRows(found, t('statistics.total'))), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="relais-${parsed.query.year}-${found.id}${parsed.query.publication ? '-publication' : ''}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    return apiError(e);
  }
}
