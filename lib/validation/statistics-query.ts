import { z } from 'zod';
import { fieldErrorsOf } from '../form-state';
import { SERVICE_FILTERS, type ServiceFilter } from '../statistics/tables';

export interface StatisticsQuery {
  year: number;
  service: ServiceFilter;
  publication: boolean;
  orientation: 'accepted' | 'contacted';
  /**
   * A second year to print beside `year` (the two-year view, decision 0022), or null for the
   * one-year view. The same year as `year` is the one-year view.
   */
  compare: number | null;
}

const yearString = z
  .string({ error: 'errors.invalidYear' })
  .regex(/^\d{4}$/, { error: 'errors.invalidYear' })
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2100, { error: 'errors.invalidYear' });

/** The statistics filters (the page's query string, the API's path and query), each error naming its parameter. */
export const statisticsQuerySchema: z.ZodType<StatisticsQuery, Record<string, unknown>> = z
  .object({
    year: yearString,
    service: z.enum(SERVICE_FILTERS, { error: 'errors.invalidOption' }).default('all'),
    publication: z
      .enum(['true', 'false', '1', '0', 'on'], { error: 'errors.invalidOption' })
      .default('false')
      .transform((v) => v === 'true' || v === '1' || v === 'on'),
    orientation: z.enum(['accepted', 'contacted'], { error: 'errors.invalidOption' }).default('accepted'),
    // The page's form sends an empty value for "no second year".
    compare: z
      .union([z.literal(''), yearString], { error: 'errors.invalidYear' })
      .optional()
      .transform((y) => (typeof y === 'number' ? y : null)),
  })
  .transform((q) => ({ ...q, compare: q.compare === q.year ? null : q.compare }));

/** The chapter document's own parameters: its language (French or Dutch, whatever the interface's) besides the filters. */
export const CHAPTER_LOCALES = ['fr', 'nl'] as const;
export type ChapterLocale = (typeof CHAPTER_LOCALES)[number];

export const chapterQuerySchema: z.ZodType<StatisticsQuery & { locale: ChapterLocale }, Record<string, unknown>> = z
  .object({ locale: z.enum(CHAPTER_LOCALES, { error: 'errors.invalidOption' }).default('fr') })
  .and(statisticsQuerySchema);

export function parseStatisticsQuery(
  input: Record<string, string | undefined>,
): { ok: true; query: StatisticsQuery } | { ok: false; errors: Record<string, string[]> } {
  const parsed = statisticsQuerySchema.safeParse(input);
  return parsed.success ? { ok: true, query: parsed.data } : { ok: false, errors: fieldErrorsOf(parsed.error) };
}
