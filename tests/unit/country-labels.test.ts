import { describe, expect, it } from 'vitest';
import { countryName } from '@/components/checklist/format';
import { withCountryNames } from '@/lib/checklist/country-labels';
import { COUNTRY_CODES } from '@/lib/checklist/countries';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { FORMAT_LOCALE, type Locale } from '@/lib/i18n/locales';

/**
 * The check-list form names the countries of its nationality list on the server and again in the
 * browser. The two runtimes ship different country names (CLDR versions), and a difference made
 * React throw the server's form away on hydration, with what had been typed into it. The pages
 * therefore pass the server's names in the labels, and the form uses them.
 */
describe('country names of the check-list form', () => {
  it.each(Object.keys(FORMAT_LOCALE) as Locale[])('the labels of %s name every country', (locale) => {
    const labels = withCountryNames(CHECKLIST_LABELS[locale], FORMAT_LOCALE[locale]);
    for (const code of COUNTRY_CODES) expect(labels[`country.${code}`], code).toMatch(/\S/);
    // The catalogue's own labels are kept (stateless, unknown and every question).
    for (const [key, value] of Object.entries(CHECKLIST_LABELS[locale])) expect(labels[key]).toBe(value);
  });

  it('the form shows the name the labels give, not the runtime’s own', () => {
    const labels = { 'country.FK': 'Îles Malouines (nom du serveur)' };
    expect(countryName('FK', 'fr-BE', labels)).toBe('Îles Malouines (nom du serveur)');
    expect(countryName('stateless', 'fr-BE', { 'country.stateless': 'Apatride' })).toBe('Apatride');
    // Without a label (a page that passes none), the runtime names it.
    expect(countryName('BE', 'fr-BE', {})).toBe(new Intl.DisplayNames(['fr-BE'], { type: 'region' }).of('BE'));
  });
});
