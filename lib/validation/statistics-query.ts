import { z } from 'zod';
import { fieldErrorsOf } from '../form-state';
import { SERVICE_FILTERS, type ServiceFilter } from '../statistics/tables';

export interface StatisticsQuery {
  year: number;
  service: ServiceFilter;
  publication: boolean;
  orientation: 'accepted' | 'contacted';
}

/** The statistics filters (the page's query string, the API's path and query), each error naming its parameter. */
export const statisticsQuerySchema: z.ZodType<StatisticsQuery, Record<string, unknown>> = z.object({
  year: z
    .string({ error: 'errors.invalidYear' })
    .regex(/^\d{4}$/, { error: 'errors.invalidYear' })
    .transform(Number)
    .refine((y) => y >= 2000 && y <= 2100, { error: 'errors.invalidYear' }),
  service: z.enum(SERVICE_FILTERS, { error: 'errors.invalidOption' }).default('all'),
  publication: z
    .enum(['true', 'false', '1', '0', 'on'], { error: 'errors.invalidOption' })
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'on'),
  orientation: z.enum(['accepted', 'contacted'], { error: 'errors.invalidOption' }).default('accepted'),
});

export function parseStatisticsQuery(
  input: Record<string, string | undefined>,
): { ok: true; query: StatisticsQuery } | { ok: false; errors: Record<string, string[]> } {
  const parsed = statisticsQuerySchema.safeParse(input);
  return parsed.success ? { ok: true, query: parsed.data } : { ok: false, errors: fieldErrorsOf(parsed.error) };
}
