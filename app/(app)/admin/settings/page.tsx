import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { DisclosureThresholdForm } from '@/components/admin/DisclosureThresholdForm';
import { requirePageActor } from '@/lib/http/current-actor';
import { getDisclosureThreshold } from '@/lib/server/statistics/get-disclosure-threshold';
import { NotFoundError } from '@/lib/server/errors';
import { notFound } from 'next/navigation';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.settings'))('title') };
}

/** National settings (platform administrators): the disclosure threshold of published statistics. */
export default async function SettingsPage() {
  const actor = await requirePageActor('settings.update');
  let current: number;
  try {
    // National settings: the coordination platform's administrators only (the verb audits a refusal).
    current = getDisclosureThreshold({ actor });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const t = await getTranslations('admin.settings');
  return (
    <ClientMessages namespaces={['admin']}>
      <h1>{t('title')}</h1>
      <section className="panel" aria-labelledby="k-title">
        <h2 id="k-title">{t('kTitle')}</h2>
        <p>{t('kLead')}</p>
        <DisclosureThresholdForm current={current} />
      </section>
    </ClientMessages>
  );
}
