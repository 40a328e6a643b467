import { getFormatter, getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { ConfirmEnrolmentForm } from '@/components/second-factor/ConfirmEnrolmentForm';
import { EnrolmentSheet } from '@/components/second-factor/EnrolmentSheet';
import { RegisterPasskeyForm } from '@/components/second-factor/RegisterPasskeyForm';
import { RemovePasskeyForm } from '@/components/second-factor/RemovePasskeyForm';
import { requirePageActor } from '@/lib/http/current-actor';
import { beginTotpEnrolment } from '@/lib/server/auth/begin-totp-enrolment';
import { findSecondFactorStatus } from '@/lib/server/auth/find-second-factor-status';

export async function generateMetadata() {
  return { title: (await getTranslations('secondFactor'))('account.title') };
}

/**
 * A person sets up their second factor (decision 0025): the authenticator app (once set up,
 * only an administrator's reset removes it) and passkeys, which they add and remove here.
 */
export default async function AccountSecondFactorPage() {
  const actor = await requirePageActor('account.second_factor');
  const t = await getTranslations('secondFactor');
  const format = await getFormatter();
  const when = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: 'short', timeStyle: 'short' }) : t('passkeys.never');
  const status = findSecondFactorStatus({ actor });
  const sheet = status.enrolled ? null : await beginTotpEnrolment({ actor });
  return (
    <ClientMessages namespaces={['secondFactor']}>
      <h1>{t('account.title')}</h1>
      {status.enrolled ? (
        <>
          <h2>{t('account.app')}</h2>
          <p role="status" className="notice notice--info" data-testid="second-factor-status">
            {t('account.enrolled', { left: status.recoveryCodesLeft })}
          </p>
        </>
      ) : sheet ? (
        <>
          <EnrolmentSheet {...sheet} />
          <ConfirmEnrolmentForm />
        </>
      ) : null}
      <section className="panel" aria-labelledby="passkeys-title">
        <h2 id="passkeys-title">{t('passkeys.title')}</h2>
        <p>{t('passkeys.lead')}</p>
        {status.passkeys.length === 0 ? (
          <p data-testid="passkeys-empty">{t('passkeys.empty')}</p>
        ) : (
          <table className="table" data-testid="passkeys">
            <thead>
              <tr>
                <th scope="col">{t('passkeys.name')}</th>
                <th scope="col">{t('passkeys.createdAt')}</th>
                <th scope="col">{t('passkeys.lastUsedAt')}</th>
                <th scope="col">{t('passkeys.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {status.passkeys.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{when(p.createdAt)}</td>
                  <td>{when(p.lastUsedAt)}</td>
                  <td>
                    {status.passkeyRemovable ? (
                      <RemovePasskeyForm passkeyId={p.id} name={p.name} />
                    ) : (
                      t('passkeys.lastFactor')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>{t('passkeys.addTitle')}</h3>
        <RegisterPasskeyForm />
      </section>
    </ClientMessages>
  );
}
