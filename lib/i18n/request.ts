import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import {
  DEFAULT_LOCALE,
  FORMAT_LOCALE,
  isLocale,
  LOCALE_COOKIE,
  localeFromAcceptLanguage,
  type Locale,
} from './locales';

export async function requestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage((await headers()).get('accept-language')) ?? DEFAULT_LOCALE;
}

/** next-intl without locale routing: the language is the user's choice, kept in a cookie. */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return {
    locale: FORMAT_LOCALE[locale],
    timeZone: 'Europe/Brussels',
    messages: (await import(`./messages/${locale}.json`)).default,
  };
});
