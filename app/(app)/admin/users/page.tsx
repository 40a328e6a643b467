import { getFormatter, getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import Link from 'next/link';
import { UserRowActions } from '@/components/admin/UserRowActions';
import { rolesAllowedFor } from '@/lib/roles';
import { requirePageActor } from '@/lib/http/current-actor';
import { findUsers } from '@/lib/server/users/find-users';
import { DataTable } from '@/components/DataTable';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.users'))('title') };
}

export default async function UsersPage() {
  const actor = await requirePageActor('user.list');
  const users = findUsers({ actor });
  const t = await getTranslations();
  const locale = await requestLocale();
  const format = await getFormatter();
  return (
    <ClientMessages namespaces={['admin', 'roles', 'singleSignOn']}>
      <div className="page-head">
        <h1>{t('admin.users.title')}</h1>
        <Link className="button" href="/admin/users/new">
          {t('admin.users.create')}
        </Link>
      </div>
      <p className="lead">{t('admin.users.lead', { count: users.length })}</p>
      <DataTable
        caption={t('admin.users.title')}
        columns={[
          t('admin.users.name'),
          t('admin.users.organisation'),
          t('admin.users.role'),
          t('admin.users.status'),
          t('admin.users.created'),
          t('admin.users.actions'),
        ]}
      >
        {users.map((u) => (
          <tr key={u.id}>
            <th scope="row">
              {u.name}
              <br />
              <span className="muted">{u.email}</span>
            </th>
            <td>{organisationName(locale, u.organisationName)}</td>
            <td>{t(`roles.${u.role}`)}</td>
            <td>
              <span className={`badge ${u.active ? 'badge--ok' : 'badge--off'}`}>
                {u.active ? t('admin.users.active') : t('admin.users.disabled')}
              </span>
              {u.pendingConfirmation ? (
                <span className="badge badge--off">{t('admin.users.awaitingConfirmation')}</span>
              ) : null}
              {u.unconfirmed ? <span className="badge badge--info">{t('admin.users.unconfirmed')}</span> : null}
              {u.mustChangePassword ? <span className="badge badge--info">{t('admin.users.mustChange')}</span> : null}
              {u.ssoOnly ? <span className="badge badge--info">{t('singleSignOn.users.ssoOnly')}</span> : null}
              {u.passwordSetBy ? (
                <>
                  <br />
                  <span className="muted">
                    {t('admin.users.passwordSetBy', {
                      name: u.passwordSetBy.name,
                      date: format.dateTime(new Date(u.passwordSetBy.at), {
                        dateStyle: 'medium',
                        timeStyle: 'short',
                        timeZone: 'Europe/Brussels',
                      }),
                    })}
                    {u.confirmedBy
                      ? ` · ${t('admin.users.confirmedBy', { name: u.confirmedBy.name, date: format.dateTime(new Date(u.confirmedBy.at), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' }) })}`
                      : null}
                  </span>
                </>
              ) : null}
            </td>
            <td>{format.dateTime(new Date(u.createdAt), { dateStyle: 'medium' })}</td>
            <td>
              {u.id === actor.userId ? (
                <span className="muted">{t('admin.users.you')}</span>
              ) : (
                <UserRowActions
                  userId={u.id}
                  userName={u.name}
                  active={u.active}
                  role={u.role}
                  roles={[...rolesAllowedFor(u.organisationKind)]}
                  confirmable={u.confirmable}
                  ssoOnly={u.ssoOnly}
                />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </ClientMessages>
  );
}
