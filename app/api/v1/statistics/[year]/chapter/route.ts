import { createTranslator } from 'next-intl';
import { apiRoute } from '@/lib/http/route-handler';
import nl from '@/lib/i18n/messages/nl.json';
import fr from '@/lib/i18n/messages/fr.json';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { exportStatistics } from '@/lib/server/statistics/export-statistics';
import { buildChapter } from '@/lib/statistics/chapter';
import { chapterContent, type ChapterTranslator } from '@/lib/statistics/chapter-content';
import { BRUSSELS } from '@/lib/time';
import { chapterQuerySchema } from '@/lib/validation/statistics-query';

const CATALOGUES = { fr, nl } as const;

/**
 * GET /api/v1/statistics/{year}/chapter?locale=fr|nl[&compare=<year>][&service=…&orientation=…&publication=…]
 * — the whole statistical chapter as a Word document (DOCX, decision 0022), in French or Dutch
 * whatever the interface's language, following the publication switch. Coordinators only;
 * audited as an export.
 */
export const GET = apiRoute({
  permission: 'statistics.export',
  query: chapterQuerySchema,
  run: async ({ actor, query }) => {
    const { locale, ...filters } = query;
    const translator = createTranslator({ locale: FORMAT_LOCALE[locale], messages: CATALOGUES[locale] });
    const t = Object.assign(
      (key: string, values?: Record<string, string | number>) => translator(key as never, values as never),
      {
        has: (key: string) => translator.has(key as never),
      },
    ) as ChapterTranslator;
    const { k, tables, biennial } = exportStatistics({ actor, query: filters, format: 'docx', locale, t });
    const years = biennial ? biennial.years : [filters.year];
    const producedOn = new Intl.DateTimeFormat(FORMAT_LOCALE[locale], { dateStyle: 'long', timeZone: BRUSSELS }).format(
      new Date(),
    );
    const content = chapterContent({
      t,
      language: FORMAT_LOCALE[locale],
      years,
      service: filters.service,
      orientation: filters.orientation,
      publication: filters.publication,
      k,
      tables: biennial?.tables ?? tables,
      producedOn,
    });
    const buffer = await buildChapter(content);
    return new Response(new Uint8Array(buffer), {
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'Content-Disposition': `attachment; filename="relais-chapter-${years.join('-')}-${locale}${filters.publication ? '-publication' : ''}.docx"`,
        'Cache-Control': 'no-store',
      },
    });
  },
});
