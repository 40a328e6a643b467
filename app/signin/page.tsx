import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/SignInForm';
import { HOME_BY_ROLE } from '@/lib/roles';
import { currentSession } from '@/lib/http/current-actor';
import { isDemoMode } from '@/lib/server/auth/demo-mode';
import { safeCallback } from '@/lib/safe-callback';

export async function generateMetadata() {
  const t = await getTranslations('signin');
  return { title: t('title') };
}

const REASONS = ['idle', 'max_age', 'user_disabled', 'role_changed', 'demo_off'] as const;

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
  return (
    <main id="main" className="signin">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {reason ? (
        <p role="status" className="notice notice--info">
          {t(`reasons.${reason}`)}
        </p>
      ) : null}
      {params.signedOut ? (
        <p role="status" className="notice notice--info">
          {t('signedOut')}
        </p>
      ) : null}
      <ClientMessages namespaces={['signin']}>
        <SignInForm callbackUrl={safeCallback(params.callbackUrl)} />
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
