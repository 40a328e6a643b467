import { getTranslations } from 'next-intl/server';
import { EmptyState } from '@/components/EmptyState';
import { requirePageActor } from '@/lib/server/current-actor';

export async function generateMetadata() {
  return { title: (await getTranslations('inbox'))('title') };
}

export default async function InboxPage() {
  const actor = await requirePageActor('centreRequest.create');
  const t = await getTranslations('inbox');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead', { centre: actor.organisationName })}</p>
      <EmptyState title={t('empty.title')}>
        <p>{t('empty.text')}</p>
      </EmptyState>
    </>
  );
}
