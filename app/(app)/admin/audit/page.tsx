import { getFormatter, getTranslations } from 'next-intl/server';
import { requirePageActor } from '@/lib/server/current-actor';
import { findSignInEvents } from '@/lib/server/find-sign-in-events';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.audit'))('title') };
}

const KNOWN_ACTIONS = ['auth.sign_in', 'auth.lock', 'auth.sign_out', 'auth.session_end'];

export default async function AuditPage() {
  const actor = await requirePageActor('audit.read');
  const events = findSignInEvents({ actor, limit: 200 });
  const t = await getTranslations('admin.audit');
  const format = await getFormatter();
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {events.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('event')}</th>
                <th scope="col">{t('outcome')}</th>
                <th scope="col">{t('who')}</th>
                <th scope="col">{t('from')}</th>
                <th scope="col">{t('reason')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{format.dateTime(new Date(e.at), { dateStyle: 'short', timeStyle: 'medium' })}</td>
                  <td>{KNOWN_ACTIONS.includes(e.action) ? t(`actions.${e.action.replace('.', '_')}`) : e.action}</td>
                  <td>
                    <span className={`badge badge--${e.outcome}`}>{t(`outcomes.${e.outcome}`)}</span>
                  </td>
                  <td>{e.userName ? `${e.userName} (${e.userEmail})` : t('unknownAccount')}</td>
                  <td>{e.ip ?? '—'}</td>
                  <td>{e.reason && t.has(`reasons.${e.reason}`) ? t(`reasons.${e.reason}`) : (e.reason ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
