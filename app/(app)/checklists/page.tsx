import { getTranslations } from 'next-intl/server';
import { EmptyState } from '@/components/EmptyState';
import { requirePageActor } from '@/lib/server/current-actor';

export async function generateMetadata() {
  return { title: (await getTranslations('checklists'))('title') };
}

export default async function ChecklistsPage() {
  const actor = await requirePageActor('checklist.read');
  const t = await getTranslations('checklists');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead', { organisation: actor.organisationName })}</p>
      <EmptyState title={t('empty.title')}>
        <p>{t('empty.text')}</p>
      </EmptyState>
    </>
  );
}
