import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { ClientMessages } from '@/components/ClientMessages';
import { DataTable } from '@/components/DataTable';
import { SingleSignOnForm } from '@/components/single-sign-on/SingleSignOnForm';
import { requirePageActor } from '@/lib/http/current-actor';
import { NotFoundError } from '@/lib/server/errors';
import { findSingleSignOnSettings, type SingleSignOnSettingsRow } from '@/lib/server/auth/find-single-sign-on-settings';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';
import { ssoCallbackUrl } from '@/lib/sso/rules';

export async function generateMetadata() {
  return { title: (await getTranslations('singleSignOn'))('title') };
}

/**
 * Each organisation's OpenID provider (platform administrators, decision 0032): the list, and the
 * form of the organisation chosen (`?organisation=<id>`).
 */
export default async function SingleSignOnPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor('settings.single_sign_on');
  let rows: SingleSignOnSettingsRow[];
  try {
    rows = findSingleSignOnSettings({ actor });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const params = await searchParams;
  const chosen = rows.find((r) => r.organisationId === params.organisation);
  const t = await getTranslations('singleSignOn');
  const locale = await requestLocale();
  const format = await getFormatter();
  const baseUrl = process.env.NEXTAUTH_URL ?? '';
  return (
    <ClientMessages namespaces={['singleSignOn']}>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {chosen ? (
        <section className="panel" aria-labelledby="sso-form-title">
          <h2 id="sso-form-title">
            {t('form.title', { organisation: organisationName(locale, chosen.organisationName) })}
          </h2>
          <SingleSignOnForm settings={chosen} redirectUri={ssoCallbackUrl(baseUrl, chosen.organisationId)} />
        </section>
      ) : null}
      <DataTable
        caption={t('list')}
        columns={[t('organisation'), t('status'), t('issuer'), t('updated'), t('actions')]}
      >
        {rows.map((r) => {
          const name = organisationName(locale, r.organisationName);
          return (
            <tr key={r.organisationId}>
              <th scope="row">{name}</th>
              <td>{t(r.enabled ? 'on' : r.configured ? 'off' : 'none')}</td>
              <td>{r.issuer || '—'}</td>
              <td>
                {r.updatedAt ? format.dateTime(new Date(r.updatedAt), { dateStyle: 'short', timeStyle: 'short' }) : '—'}
              </td>
              <td>
                <Link
                  href={`/admin/single-sign-on?organisation=${r.organisationId}`}
                  aria-label={t('configureFor', { organisation: name })}
                >
                  {t('configure')}
                </Link>
              </td>
            </tr>
          );
        })}
      </DataTable>
    </ClientMessages>
  );
}
