import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { ClientMessages } from '@/components/ClientMessages';
import { EnrolmentSheet } from '@/components/second-factor/EnrolmentSheet';
import { SecondFactorForm } from '@/components/second-factor/SecondFactorForm';
import { currentSession } from '@/lib/http/current-actor';
import { HOME_BY_ROLE } from '@/lib/roles';
import { beginPasskeySignIn } from '@/lib/server/auth/begin-passkey-sign-in';
import { beginPendingEnrolment } from '@/lib/server/auth/begin-pending-enrolment';
import { safeCallback } from '@/lib/safe-callback';

export async function generateMetadata() {
  return { title: (await getTranslations('secondFactor'))('title') };
}

/**
 * The second step of sign-in (decision 0025). Only a session half-way through sign-in reaches
 * it: a full one goes on to where it was going, none goes back to the password.
 */
export default async function SecondFactorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  const session = await currentSession();
  if (session.actor) redirect(callbackUrl ?? HOME_BY_ROLE[session.actor.role]);
  if (session.refusal !== 'second_factor') redirect('/signin');
  const t = await getTranslations('secondFactor');
  const sheet = await beginPendingEnrolment({ pending: session.pending });
  const passkey = await beginPasskeySignIn({ pending: session.pending });
  return (
    <main id="main" className="signin">
      <h1>{t('title')}</h1>
      <ClientMessages namespaces={['secondFactor']}>
        {sheet ? (
          <>
            <p className="lead">{t('enrol.required')}</p>
            <EnrolmentSheet {...sheet} />
          </>
        ) : (
          <p className="lead">
            {t(passkey ? (passkey.withApp ? 'passkeys.intro' : 'passkeys.introOnly') : 'verify.intro')}
          </p>
        )}
        <SecondFactorForm
          step={session.pending.step}
          callbackUrl={callbackUrl}
          passkeyOptions={passkey?.options ?? null}
          withApp={passkey?.withApp ?? true}
        />
      </ClientMessages>
    </main>
  );
}
