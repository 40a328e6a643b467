'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** One button per organisation whose single sign-on is on (decision 0032), under the password form. */
export function SingleSignOnButtons({
  providers,
  callbackUrl,
}: {
  providers: { providerId: string; label: string }[];
  callbackUrl: string | null;
}) {
  const t = useTranslations('signin.sso');
  const [pending, setPending] = useState<string | null>(null);
  return (
    <section className="signin-sso" aria-labelledby="signin-sso-title">
      <h2 id="signin-sso-title">{t('title')}</h2>
      <ul className="plain-list">
        {providers.map((p) => (
          <li key={p.providerId}>
            <button
              type="button"
              className="button button--quiet"
              disabled={pending !== null}
              onClick={() => {
                setPending(p.providerId);
                // next-auth posts with its CSRF token and sends the browser to the provider.
                void signIn(p.providerId, { callbackUrl: callbackUrl ?? '/' });
              }}
            >
              {pending === p.providerId ? t('redirecting') : t('button', { label: p.label })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
