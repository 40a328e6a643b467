import { getFormatter, getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { IssueTokenForm } from '@/components/tokens/IssueTokenForm';
import { RevokeTokenForm } from '@/components/tokens/RevokeTokenForm';
import { requirePageActor } from '@/lib/http/current-actor';
import { findApiTokens } from '@/lib/server/tokens/find-api-tokens';
import { scopesFor, TOKEN_MAX_DAYS } from '@/lib/tokens/scopes';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';

export async function generateMetadata() {
  return { title: (await getTranslations('tokens'))('title') };
}

/** An organisation's API tokens (decision 0026): issue one for an integration, see its last use, revoke it. */
export default async function TokensPage() {
  const actor = await requirePageActor('api_token.manage');
  const tokens = findApiTokens({ actor });
  const t = await getTranslations('tokens');
  const locale = await requestLocale();
  const format = await getFormatter();
  const when = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: 'short', timeStyle: 'short' }) : '—';
  const now = new Date().toISOString();
  return (
    <ClientMessages namespaces={['tokens']}>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead', { organisation: organisationName(locale, actor.organisationName) })}</p>
      <section className="panel" aria-labelledby="issue-title">
        <h2 id="issue-title">{t('issue')}</h2>
        <IssueTokenForm scopes={scopesFor(actor.organisationKind)} maxDays={TOKEN_MAX_DAYS} />
      </section>
      <h2>{t('list')}</h2>
      {tokens.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('scopes')}</th>
              <th scope="col">{t('createdAt')}</th>
              <th scope="col">{t('expiresAt')}</th>
              <th scope="col">{t('lastUsedAt')}</th>
              <th scope="col">{t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <th scope="row">
                  {token.name} <code>{token.prefix}…</code>
                </th>
                <td>{token.scopes.join(', ')}</td>
                <td>
                  {when(token.createdAt)} {token.createdByName ? `(${token.createdByName})` : null}
                </td>
                <td>{when(token.expiresAt)}</td>
                <td data-testid="token-last-use">{when(token.lastUsedAt)}</td>
                <td>
                  {token.revokedAt ? (
                    t('revoked', { at: when(token.revokedAt) })
                  ) : token.expiresAt <= now ? (
                    t('expired')
                  ) : (
                    <RevokeTokenForm tokenId={token.id} name={token.name} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ClientMessages>
  );
}
