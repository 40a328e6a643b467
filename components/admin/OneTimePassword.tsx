'use client';

import { useTranslations } from 'next-intl';

/**
 * Shown once: the password lives only in this page's memory and is never stored in clear. Says
 * whether the account waits for another administrator's confirmation (decision 0018).
 */
export function OneTimePassword({
  password,
  confirmation,
}: {
  password: string;
  confirmation?: 'pending' | 'none_available' | 'not_needed';
}) {
  const t = useTranslations('admin');
  return (
    <div role="status" className="notice notice--success one-time-password">
      <p>{t('oneTimePassword.text')}</p>
      <p>
        <code data-testid="one-time-password">{password}</code>
      </p>
      {confirmation === 'pending' || confirmation === 'none_available' ? (
        <p>{t(`oneTimePassword.${confirmation}`)}</p>
      ) : null}
    </div>
  );
}
