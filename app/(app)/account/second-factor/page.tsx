import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { ConfirmEnrolmentForm } from '@/components/second-factor/ConfirmEnrolmentForm';
import { EnrolmentSheet } from '@/components/second-factor/EnrolmentSheet';
import { requirePageActor } from '@/lib/http/current-actor';
import { beginTotpEnrolment } from '@/lib/server/auth/begin-totp-enrolment';
import { findSecondFactorStatus } from '@/lib/server/auth/find-second-factor-status';

export async function generateMetadata() {
  return { title: (await getTranslations('secondFactor'))('account.title') };
}

/** A person sets up their second factor (decision 0025); once set up, only an administrator's reset removes it. */
export default async function AccountSecondFactorPage() {
  const actor = await requirePageActor('account.second_factor');
  const t = await getTranslations('secondFactor');
  const status = findSecondFactorStatus({ actor });
  const sheet = status.enrolled ? null : await beginTotpEnrolment({ actor });
  return (
    <ClientMessages namespaces={['secondFactor']}>
      <h1>{t('account.title')}</h1>
      {status.enrolled ? (
        <p role="status" className="notice notice--info" data-testid="second-factor-status">
          {t('account.enrolled', { left: status.recoveryCodesLeft })}
        </p>
      ) : sheet ? (
        <>
          <EnrolmentSheet secret={sheet.secret} uri={sheet.uri} recoveryCodes={sheet.recoveryCodes} />
          <ConfirmEnrolmentForm />
        </>
      ) : null}
    </ClientMessages>
  );
}
