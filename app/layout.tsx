import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { BASE_CLIENT_NAMESPACES } from '@/components/ClientMessages';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { requestLocale } from '@/lib/i18n/request';
import { EARLY_INPUT_SCRIPT } from '@/lib/early-input-script';
import { headers } from 'next/headers';
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
  // proxy.ts makes a nonce per request; the CSP lets through only scripts that carry it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang={locale === 'en' ? 'en' : `${locale}-BE`}>
      <body>
        {/* First thing in the body: it must listen before any form is on screen (components/early-input.ts). */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EARLY_INPUT_SCRIPT }} />
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <NextIntlClientProvider
          messages={Object.fromEntries(
            BASE_CLIENT_NAMESPACES.filter((n) => n in messages).map((n) => [n, messages[n as keyof typeof messages]]),
          )}
        >
          <header className="topbar">
            <span className="brand">Relais</span>
            <LanguageSwitch current={locale} />
          </header>
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
