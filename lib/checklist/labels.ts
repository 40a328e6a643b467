import type { Locale } from '../i18n/locales';
import de from './labels/de.json';
import en from './labels/en.json';
import fr from './labels/fr.json';
import nl from './labels/nl.json';

/** Labels of the check-list catalogue in the four languages (data, not code: see catalogue.ts). */
export const CHECKLIST_LABELS: Record<Locale, Record<string, string>> = { fr, nl, de, en };

export function checklistLabel(locale: Locale, key: string): string {
  return CHECKLIST_LABELS[locale][key] ?? CHECKLIST_LABELS.fr[key] ?? key;
}
