import { getFormatter, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { retryMailAction } from '@/app/actions/mail';
import { ClientMessages } from '@/components/ClientMessages';
import { DutyAddressesForm } from '@/components/mail/DutyAddressesForm';
import { requirePageActor } from '@/lib/http/current-actor';
import { NotFoundError } from '@/lib/server/errors';
import { getMailAdministration, type MailAdministration } from '@/lib/server/mail/get-mail-administration';
import { MAIL_RETENTION_DAYS } from '@/lib/server/mail/mail-config';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';

export async function generateMetadata() {
  return { title: (await getTranslations('mail.admin'))('title') };
}

/** E-mail for administrators: on or off, their organisation's duty addresses, the outbox with its failures. */
export default async function MailAdministrationPage() {
  const actor = await requirePageActor('mail.admin');
  let data: MailAdministration;
  try {
    data = getMailAdministration({ actor });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const t = await getTranslations();
  const locale = await requestLocale();
  const format = await getFormatter();
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'short', timeStyle: 'short' });
  return (
    <ClientMessages namespaces={['mail']}>
      <h1>{t('mail.admin.title')}</h1>
      {data.enabled ? (
        <p role="status" className="notice notice--info" data-mail="on">
          {t('mail.admin.on', { server: data.server ?? '', from: data.from ?? '' })}
        </p>
      ) : (
        <p role="status" className="notice notice--warning" data-mail="off">
          {t('mail.admin.offNotice')}
        </p>
      )}
      <section className="panel" aria-labelledby="duty-title">
        <h2 id="duty-title">
          {t('mail.admin.dutyTitle', { organisation: organisationName(locale, actor.organisationName) })}
        </h2>
        <p>
          {actor.organisationKind === 'coordination' ? t('mail.admin.dutyLeadCoordination') : t('mail.admin.dutyLead')}
        </p>
        <DutyAddressesForm current={data.duty} />
      </section>
      <section className="panel" aria-labelledby="outbox-title">
        <h2 id="outbox-title">{t('mail.admin.outboxTitle')}</h2>
        <p>{t('mail.admin.outboxLead', { days: MAIL_RETENTION_DAYS })}</p>
        <p>{t('mail.admin.counts', data.counts)}</p>
        {data.messages.length === 0 ? (
          <p>{t('mail.admin.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('mail.admin.createdAt')}</th>
                  <th scope="col">{t('mail.admin.kind')}</th>
                  <th scope="col">{t('mail.admin.recipient')}</th>
                  <th scope="col">{t('mail.admin.status')}</th>
                  <th scope="col">{t('mail.admin.attempts')}</th>
                  <th scope="col">{t('mail.admin.error')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('mail.admin.retry')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.messages.map((m) => (
                  <tr key={m.id} data-mail-id={m.id} data-status={m.status}>
                    <td>{when(m.createdAt)}</td>
                    <td>{t(`mail.admin.kinds.${m.kind}` as never)}</td>
                    <td>{m.recipient}</td>
                    <td>{t(`mail.admin.statuses.${m.status}` as never)}</td>
                    <td>{m.attempts}</td>
                    <td>{m.lastError ?? ''}</td>
                    <td>
                      {m.status === 'failed' || m.status === 'pending' ? (
                        <form action={retryMailAction}>
                          <input type="hidden" name="id" value={m.id} />
                          <button type="submit" className="button button--small">
                            {t('mail.admin.retry')}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </ClientMessages>
  );
}
