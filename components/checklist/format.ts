import type { AnswerValue } from '@/lib/checklist/answers';
import type { ItemDefinition } from '@/lib/checklist/catalogue';

export type Labels = Record<string, string>;

/** A country's name: from the labels when the server put it there (lib/checklist/country-labels.ts), else the runtime's Intl. */
export function countryName(code: string, locale: string, labels: Labels): string {
  const named = labels[`country.${code}`];
  if (named !== undefined) return named;
  if (code === 'stateless' || code === 'unknown') return code;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An answer as text in the user's language (read-only view, print view, history). */
export function formatAnswer(
  item: ItemDefinition,
  value: AnswerValue | null | undefined,
  labels: Labels,
  locale: string,
): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
  const t = item.type;
  switch (t.kind) {
    case 'choice':
      return labels[`${item.code}=${String(value)}`] ?? String(value);
    case 'multi':
      return (value as string[]).map((v) => labels[`${item.code}=${v}`] ?? v).join(' ; ');
    case 'yesno':
    case 'yesnounknown':
      return labels[`answer.${String(value)}`] ?? String(value);
    case 'country':
      return countryName(String(value), locale, labels);
    case 'date':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${String(value)}T00:00:00Z`),
      );
    case 'integer':
    case 'decimal':
      return new Intl.NumberFormat(locale).format(Number(value));
    default:
      return String(value);
  }
}
