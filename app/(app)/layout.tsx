import { getTranslations } from 'next-intl/server';
import { AppNav } from '@/components/AppNav';
import { SignOutButton } from '@/components/SignOutButton';
import { can } from '@/lib/permissions';
import { requirePageActor } from '@/lib/http/current-actor';
import { countUnreadNotifications } from '@/lib/server/notifications/count-unread-notifications';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';
import { SERVICE_WORKER_SCRIPT } from '@/lib/offline/offline-page';
import { headers } from 'next/headers';

/** Every screen behind sign-in. The pages below check their own permission too. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor();
  const t = await getTranslations();
  const locale = await requestLocale();
  const unread = can(actor.role, 'referral.read') ? countUnreadNotifications({ actor }) : 0;
  return (
    <>
      {/* The page's banner is the top bar (app/layout.tsx); who is signed in is a region of its own. */}
      <section className="app-header" aria-label={t('common.signedInAs')}>
        <div className="app-header__who">
          <span className="app-header__name">{actor.name}</span>
          <span className="app-header__org">
            {organisationName(locale, actor.organisationName)} · {t(`roles.${actor.role}`)}
          </span>
        </div>
        <SignOutButton label={t('common.signOut')} pendingLabel={t('common.signingOut')} />
      </section>
      {actor.mustChangePassword ? null : (
        <AppNav role={actor.role} organisationKind={actor.organisationKind} unread={unread} />
      )}
      <main id="main" className="app-main">
        {children}
      </main>
      {/* Who may write check-lists gets the service worker and its offline form (decision 0033); inline, with the page's nonce. */}
      {can(actor.role, 'checklist.write') ? (
        <script
          nonce={(await headers()).get('x-nonce') ?? undefined}
          dangerouslySetInnerHTML={{ __html: SERVICE_WORKER_SCRIPT }}
        />
      ) : null}
    </>
  );
}
