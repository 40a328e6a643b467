import { COUNTRY_CODES } from './countries';

/**
 * The check-list's labels with every country's name, named once by the server. The form names
 * the countries of its nationality list in the browser too, and the browser's Intl data is not
 * the server's (Chromium and Node.js ship different CLDR versions: "Îles Malouines" here,
 * "Îles Malouines (Îles Falkland)" there). Such a difference makes React discard the
 * server-rendered form on hydration and build a new one, and whatever the person typed into
 * the first one in the meantime is lost (decision 0010). With the names in the labels, both
 * sides render the same text.
 */
export function withCountryNames(labels: Record<string, string>, formatLocale: string): Record<string, string> {
  const names = new Intl.DisplayNames([formatLocale], { type: 'region' });
  const countries: Record<string, string> = {};
  for (const code of COUNTRY_CODES) countries[`country.${code}`] = names.of(code) ?? code;
  return { ...countries, ...labels };
}
