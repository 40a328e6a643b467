import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { HOME_BY_ROLE } from '@/lib/roles';
import { requirePageActor } from '@/lib/http/current-actor';

export async function generateMetadata() {
  return { title: (await getTranslations('account'))('title') };
}

export default async function AccountPage() {
  const actor = await requirePageActor('account.read');
  const t = await getTranslations();
  return (
    <ClientMessages namespaces={['account']}>
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
        <dd>
          {actor.organisationName} ({t(`organisationKinds.${actor.organisationKind}`)})
        </dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`roles.${actor.role}`)}</dd>
      </dl>
      <h2>{t('account.changePassword')}</h2>
      <ChangePasswordForm continueHref={HOME_BY_ROLE[actor.role]} />
    </ClientMessages>
  );
}
