'use client';

import { useTranslations } from 'next-intl';

/** The 500 page: no stack trace, no message from the server (production sends a digest only). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('serverError');
  return (
    <main id="main" className="error-page">
      <h1>{t('title')}</h1>
      <p>{t('text')}</p>
      {error.digest ? (
        <p className="muted">
          {t('reference')} <code>{error.digest}</code>
        </p>
      ) : null}
      <button type="button" className="button" onClick={() => reset()}>
        {t('retry')}
      </button>
    </main>
  );
}
