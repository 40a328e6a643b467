import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { BASE_CLIENT_NAMESPACES } from '@/components/ClientMessages';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { requestLocale } from '@/lib/i18n/request';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return {
    title: { default: 'Relais', template: '%s · Relais' },
    description: t('tagline'),
    robots: { index: false, follow: false },
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await requestLocale();
  const messages = await getMessages();
  const t = await getTranslations('common');
  return (
    <html lang={locale === 'en' ? 'en' : `${locale}-BE`}>
      <body>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <NextIntlClientProvider
          messages={Object.fromEntries(
            BASE_CLIENT_NAMESPACES.filter((n) => n in messages).map((n) => [n, messages[n as keyof typeof messages]]),
          )}
        >
          <div className="topbar">
            <span className="brand">Relais</span>
            <LanguageSwitch current={locale} />
          </div>
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
