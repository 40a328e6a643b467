import { getTranslations } from 'next-intl/server';

/** A status as text (colour only adds to it), with the overdue flag spelled out. */
export async function StatusBadge({ status, overdue = false }: { status: string; overdue?: boolean }) {
  const t = await getTranslations('referral');
  return (
    <>
      <span className={`badge badge--status-${status}`}>{t(`statuses.${status}`)}</span>
      {overdue ? <span className="badge badge--overdue">{t('overdue')}</span> : null}
    </>
  );
}
