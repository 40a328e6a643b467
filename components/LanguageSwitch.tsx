import { getTranslations } from 'next-intl/server';
import { setLocaleAction } from '@/app/actions/locale';
import { LOCALE_NAMES, LOCALES, type Locale } from '@/lib/i18n/locales';

/** Plain form buttons: the switch works without JavaScript and the choice is kept in a cookie. */
export async function LanguageSwitch({ current }: { current: Locale }) {
  const t = await getTranslations('common');
  return (
    <form action={setLocaleAction} className="language-switch" aria-label={t('language')}>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-current={locale === current ? 'true' : undefined}
          className={locale === current ? 'language-switch__current' : undefined}
          title={LOCALE_NAMES[locale]}
        >
          <span aria-hidden="true">{locale.toUpperCase()}</span>
          <span className="visually-hidden">{LOCALE_NAMES[locale]}</span>
        </button>
      ))}
    </form>
  );
}
