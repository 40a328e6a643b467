import { SERVICE_FILTERS, type ServiceFilter } from '../statistics/tables';

export interface StatisticsQuery {
  year: number;
  service: ServiceFilter;
  publication: boolean;
  orientation: 'accepted' | 'contacted';
}

/** Parses the statistics filters, naming every bad parameter. */
export function parseStatisticsQuery(input: { year?: string | null; service?: string | null; publication?: string | null; orientation?: string | null }):
  | { ok: true; query: StatisticsQuery }
  | { ok: false; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const year = Number(input.year);
  if (!input.year || !/^\d{4}$/.test(input.year) || year < 2000 || year > 2100) errors.year = ['errors.invalidYear'];
  const service = (input.service ?? 'all') as ServiceFilter;
  if (!SERVICE_FILTERS.includes(service)) errors.service = ['errors.invalidOption'];
  const publication = input.publication ?? 'false';
  if (!['true', 'false', '1', '0', 'on'].includes(publication)) errors.publication = ['errors.invalidOption'];
  const orientation = input.orientation ?? 'accepted';
  if (orientation !== 'accepted' && orientation !== 'contacted') errors.orientation = ['errors.invalidOption'];
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, query: { year, service, publication: ['true', '1', 'on'].includes(publication), orientation: orientation as 'accepted' | 'contacted' } };
}
