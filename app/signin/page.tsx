import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/SignInForm';
import { HOME_BY_ROLE } from '@/lib/roles';
import { currentSession } from '@/lib/http/current-actor';
import { isDemoMode } from '@/lib/server/auth/demo-mode';
import { safeCallback } from '@/lib/safe-callback';
import { SingleSignOnButtons } from '@/components/single-sign-on/SingleSignOnButtons';
import { singleSignOnButtons } from '@/lib/server/auth/single-sign-on-store';

export async function generateMetadata() {
  const t = await getTranslations('signin');
  return { title: t('title') };
}

const REASONS = ['idle', 'max_age', 'user_disabled', 'role_changed', 'demo_off'] as const;
// Refusals of single sign-on (decision 0032); next-auth's own error codes read as one failure.
const SSO_ERRORS = ['sso_refused', 'sso_unverified', 'sso_awaiting_confirmation'] as const;
const NEXT_AUTH_ERRORS = [
  'OAuthSignin',
  'OAuthCallback',
  'Callback',
  'AccessDenied',
  'Configuration',
  'OAuthAccountNotLinked',
];

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const session = await currentSession();
  if (session.actor) redirect(HOME_BY_ROLE[session.actor.role]);
  // A right password, the second factor still to give: that step (decision 0025).
  if (session.refusal === 'second_factor') {
    const callbackUrl = safeCallback(params.callbackUrl);
    redirect(`/signin/second-factor${callbackUrl ? `?${new URLSearchParams({ callbackUrl }).toString()}` : ''}`);
  }
  const t = await getTranslations('signin');
  const reason = REASONS.find((r) => r === params.reason);
  const ssoError =
    SSO_ERRORS.find((e) => e === params.error) ??
    (typeof params.error === 'string' && NEXT_AUTH_ERRORS.includes(params.error) ? 'sso_failed' : undefined);
  const providers = singleSignOnButtons();
  return (
    <main id="main" className="signin">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {reason ? (
        <p role="status" className="notice notice--info">
          {t(`reasons.${reason}`)}
        </p>
      ) : null}
      {ssoError ? (
        <p role="alert" className="notice notice--error">
          {t(`sso.errors.${ssoError}`)}
        </p>
      ) : null}
      {params.signedOut ? (
        <p role="status" className="notice notice--info">
          {t('signedOut')}
        </p>
      ) : null}
      <ClientMessages namespaces={['signin']}>
        <SignInForm callbackUrl={safeCallback(params.callbackUrl)} />
        {providers.length > 0 ? (
          <SingleSignOnButtons providers={providers} callbackUrl={safeCallback(params.callbackUrl)} />
        ) : null}
      </ClientMessages>
      {isDemoMode() ? (
        <aside className="demo-box" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('demo.title')}</h2>
          <p>{t('demo.text')}</p>
        </aside>
      ) : null}
    </main>
  );
}
