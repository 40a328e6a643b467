import type { NextRequest } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { requestLocale } from '@/lib/i18n/request';
import { can } from '@/lib/permissions';
import { apiActor, apiError, errorResponse } from '@/lib/http/api-responses';
import { auditRefusal } from '@/lib/server/auth/authorize';
import { parseStatisticsQuery } from '@/lib/validation/statistics-query';
import { presentedStatistics } from '@/lib/server/statistics/presented-statistics';
import { writeExportAudit } from '@/lib/server/statistics/write-export-audit';
import { buildWorkbook } from '@/lib/statistics/workbook';

/** GET /api/v1/statistics/{year}/workbook — every table of the year as one XLSX workbook, following the publication switch. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ year: string }> }) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const { year } = await params;
  if (!can(actor.role, 'statistics.export')) {
    auditRefusal(actor, 'statistics.export', { type: 'statistics', id: year }, 'permission');
    return errorResponse(404, 'errors.notFound');
  }
  const p = request.nextUrl.searchParams;
  const parsed = parseStatisticsQuery({ year, service: p.get('service'), publication: p.get('publication'), orientation: p.get('orientation') });
  if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
  try {
    const t = await getTranslations();
    const { k, tables } = presentedStatistics({ actor, ...parsed.query, locale: await requestLocale(), t: (key) => t(key as never), audit: false });
    const titled = tables.map((table) => ({ table, title: t(`statistics.tables.${table.id.replace(/_(accepted|contacted)$/, '')}.title` as never) }));
    const buffer = await buildWorkbook(titled, t('statistics.total'), { year: parsed.query.year, publication: parsed.query.publication, k });
    writeExportAudit(actor, { year: parsed.query.year, table: 'all', publication: parsed.query.publication, format: 'xlsx' });
    return new Response(new Uint8Array(buffer), {
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="relais-statistics-${parsed.query.year}${parsed.query.publication ? '-publication' : ''}.xlsx"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    return apiError(e);
  }
}
