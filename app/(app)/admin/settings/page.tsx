import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { DisclosureThresholdForm } from '@/components/admin/DisclosureThresholdForm';
import { adminScopeIsPlatform } from '@/lib/permissions';
import { requirePageActor } from '@/lib/http/current-actor';
import { auditRefusal } from '@/lib/server/auth/authorize';
import { getDisclosureThreshold } from '@/lib/server/statistics/get-disclosure-threshold';
import { notFound } from 'next/navigation';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.settings'))('title') };
}

/** National settings (platform administrators): the disclosure threshold of published statistics. */
export default async function SettingsPage() {
  const actor = await requirePageActor('settings.update');
  if (!adminScopeIsPlatform(actor.organisationKind)) {
    auditRefusal(actor, 'settings.update', { type: 'page', id: '/admin/settings' }, 'scope');
    notFound();
  }
  const t = await getTranslations('admin.settings');
  return (
    <ClientMessages namespaces={['admin']}>
      <h1>{t('title')}</h1>
      <section className="panel" aria-labelledby="k-title">
        <h2 id="k-title">{t('kTitle')}</h2>
        <p>{t('kLead')}</p>
        <DisclosureThresholdForm current={getDisclosureThreshold()} />
      </section>
    </ClientMessages>
  );
}
