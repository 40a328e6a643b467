import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { findOwnSignIn } from '@/lib/server/auth/find-own-sign-in';
import { HOME_BY_ROLE } from '@/lib/roles';
import { requirePageActor } from '@/lib/http/current-actor';
import { MailPreferencesForm } from '@/components/mail/MailPreferencesForm';
import { getMailPreferences } from '@/lib/server/mail/get-mail-preferences';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';

export async function generateMetadata() {
  return { title: (await getTranslations('account'))('title') };
}

export default async function AccountPage() {
  const actor = await requirePageActor('account.read');
  const t = await getTranslations();
  const locale = await requestLocale();
  return (
    <ClientMessages namespaces={['account', 'mail']}>
      <h1>{t('account.title')}</h1>
      {actor.mustChangePassword ? (
        <p role="status" className="notice notice--info">
          {t('account.mustChange')}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('account.name')}</dt>
        <dd>{actor.name}</dd>
        <dt>{t('account.email')}</dt>
        <dd>{actor.email}</dd>
        <dt>{t('account.organisation')}</dt>
        <dd>{organisationName(locale, actor.organisationName)}</dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`roles.${actor.role}`)}</dd>
      </dl>
      <h2>{t('secondFactor.account.title')}</h2>
      <p>
        <a href="/account/second-factor">{t('secondFactor.account.manage')}</a>
      </p>
      {findOwnSignIn({ actor }).ssoOnly ? (
        <p>{t('singleSignOn.account.noPassword')}</p>
      ) : (
        <>
          <h2>{t('account.changePassword')}</h2>
          <ChangePasswordForm continueHref={HOME_BY_ROLE[actor.role]} />
        </>
      )}
      <MailPreferencesSection actor={actor} />
    </ClientMessages>
  );
}

/** The person's e-mail preferences (decision 0027). */
async function MailPreferencesSection({ actor }: { actor: Parameters<typeof getMailPreferences>[0]['actor'] }) {
  const t = await getTranslations('mail.preferences');
  const preferences = getMailPreferences({ actor });
  return (
    <section aria-labelledby="mail-preferences-title">
      <h2 id="mail-preferences-title">{t('title')}</h2>
      <p>{t('lead')}</p>
      {preferences.enabled ? null : (
        <p role="status" className="notice notice--info">
          {t('off')}
        </p>
      )}
      <MailPreferencesForm current={preferences} />
    </section>
  );
}
