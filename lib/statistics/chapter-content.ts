import type { BiennialTable } from './biennial';
import type { ChapterInput, ChapterTable } from './chapter';
import { reportNumbers, type PresentedTable } from './present';
import type { ServiceFilter } from './tables';

/** The translation of one language (the chapter's, whatever the interface's): `has` tells a key that exists. */
export interface ChapterTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has: (key: string) => boolean;
}

/** A table's message key: the orientation variants of a table share their title and note. */
export function tableKey(id: string): string {
  return id.replace(/_(accepted|contacted)$/, '');
}

/**
 * What the chapter says around the numbers, in its language: the heading with the year(s), the
 * filters, the publication state, when it was produced; per table its number and title, where the
 * report has it, its notes (first the definition note where Relais's labels or definition differ
 * from the report's), and its source line.
 */
export function chapterContent({
  t,
  language,
  years,
  service,
  orientation,
  publication,
  k,
  tables,
  producedOn,
}: {
  t: ChapterTranslator;
  /** BCP 47, e.g. "nl-BE". */
  language: string;
  /** One year, or the two years (the earlier first). */
  years: number[];
  service: ServiceFilter;
  orientation: 'accepted' | 'contacted';
  publication: boolean;
  k: number;
  tables: (PresentedTable | BiennialTable)[];
  /** The day it was produced, already formatted. */
  producedOn: string;
}): ChapterInput {
  const yearsText =
    years.length === 1 ? String(years[0]) : t('statistics.chapter.twoYears', { first: years[0]!, second: years[1]! });
  const caption = (table: PresentedTable | BiennialTable, title: string) => {
    const numbers = reportNumbers(table.report);
    return numbers ? t('statistics.chapter.caption', { numbers, title }) : title;
  };
  const reportLine = (report: string[]) => {
    const numbers = reportNumbers(report);
    if (numbers) return t('statistics.report', { tables: numbers });
    const text = report.find((r) => r.startsWith('text '));
    return text ? t('statistics.reportText', { section: text.slice('text '.length) }) : t('statistics.reportNew');
  };
  const sourceOf = (group: string) => {
    const key = `statistics.chapter.sources.${group}`;
    const serviceName = t(`statistics.serviceFilters.${service}`);
    return t.has(key)
      ? t(key, { service: serviceName, years: yearsText })
      : t('statistics.chapter.sources.other', { years: yearsText });
  };
  const chapterTable = (table: PresentedTable | BiennialTable): ChapterTable => {
    const key = `statistics.tables.${tableKey(table.id)}`;
    const title = t(`${key}.title`);
    // The definition note first, where Relais's labels or definition differ from the report's.
    const notes = [...(table.note ? [table.note] : []), t(`${key}.note`)];
    return {
      table,
      caption: caption(table, title),
      reportLine: reportLine(table.report),
      notes,
      source: sourceOf(table.group),
    };
  };
  const groups = [...new Set(tables.map((x) => x.group))];
  return {
    language,
    title: t('statistics.chapter.title', { years: yearsText }),
    preamble: [
      t('statistics.chapter.filters', {
        service: t(`statistics.serviceFilters.${service}`),
        orientation: t(`statistics.orientations.${orientation}`),
      }),
      publication ? t('statistics.chapter.publicationOn', { k, max: k - 1 }) : t('statistics.chapter.publicationOff'),
      ...(years.length === 2 ? [t('statistics.chapter.twoYearsNote')] : []),
      t('statistics.chapter.produced', { date: producedOn }),
    ],
    sections: groups.map((group) => ({
      heading: t.has(`statistics.groups.${group}`) ? t(`statistics.groups.${group}`) : group,
      tables: tables.filter((x) => x.group === group).map(chapterTable),
    })),
    totalLabel: t('statistics.total'),
  };
}
