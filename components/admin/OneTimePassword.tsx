'use client';

import { useTranslations } from 'next-intl';

/** Shown once: the password lives only in this page's memory and is never stored in clear. */
export function OneTimePassword({ password }: { password: string }) {
  const t = useTranslations('admin');
  return (
    <div role="status" className="notice notice--success one-time-password">
      <p>{t('oneTimePassword.text')}</p>
      <p>
        <code data-testid="one-time-password">{password}</code>
      </p>
    </div>
  );
}
