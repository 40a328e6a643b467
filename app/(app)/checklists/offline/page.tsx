import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { ClientMessages } from '@/components/ClientMessages';
import { OfflineChecklist } from '@/components/offline/OfflineChecklist';
import { CURRENT_CATALOGUE_VERSION } from '@/lib/checklist/catalogue';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import { requirePageActor } from '@/lib/http/current-actor';

export async function generateMetadata() {
  return { title: (await getTranslations('offline'))('title') };
}

/**
 * The check-list that can be filled without a line (decision 0033). The service worker keeps
 * this page — an empty form with the catalogue and its labels in the reader's language, and no
 * one's answers — and shows it when "New check-list" is opened offline. Everything the person
 * types stays in the browser, encrypted, until the check-list is completed and sent.
 */
export default async function OfflineChecklistPage() {
  const actor = await requirePageActor('checklist.write');
  const t = await getTranslations();
  const locale = await requestLocale();
  return (
    <ClientMessages namespaces={['checklist', 'referral', 'offline']}>
      <p>
        <Link href="/checklists">← {t('checklist.back')}</Link>
      </p>
      <h1>{t('offline.title')}</h1>
      <p className="lead">{t('offline.lead')}</p>
      <OfflineChecklist
        service={actor.organisationService ?? 'other'}
        catalogueVersion={CURRENT_CATALOGUE_VERSION}
        labels={CHECKLIST_LABELS[locale]}
        locale={FORMAT_LOCALE[locale]}
      />
    </ClientMessages>
  );
}
