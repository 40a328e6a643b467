import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { LiveRefresh } from '@/components/referrals/LiveRefresh';
import { requirePageActor } from '@/lib/http/current-actor';
import { findNotifications } from '@/lib/server/notifications/find-notifications';

export async function generateMetadata() {
  return { title: (await getTranslations('notifications'))('title') };
}

export default async function NotificationsPage() {
  const actor = await requirePageActor('referral.read');
  const list = findNotifications({ actor });
  const t = await getTranslations();
  const format = await getFormatter();
  return (
    <>
      <LiveRefresh />
      <h1>{t('notifications.title')}</h1>
      {list.length === 0 ? (
        <p className="empty-state">{t('notifications.empty')}</p>
      ) : (
        <ul className="notification-list">
          {list.map((n) => (
            <li key={n.id} className={n.read ? undefined : 'unread'}>
              {n.read ? null : <span className="badge badge--info">{t('notifications.new')}</span>}{' '}
              <Link href={`/referrals/${n.referralId}`}>
                <strong>{n.label}</strong>
                {' — '}
                {t(`notifications.kinds.${n.kind}`, {
                  centre: n.centreName,
                  status: t(`referral.statuses.${n.status ?? 'sent'}`),
                })}
              </Link>{' '}
              <span className="muted">
                {format.dateTime(new Date(n.at), { dateStyle: 'short', timeStyle: 'short' })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
