import { getTranslations } from 'next-intl/server';
import { EmptyState } from '@/components/EmptyState';
import { requirePageActor } from '@/lib/server/current-actor';

export async function generateMetadata() {
  return { title: (await getTranslations('statistics'))('title') };
}

export default async function StatisticsPage() {
  await requirePageActor('statistics.read');
  const t = await getTranslations('statistics');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <EmptyState title={t('empty.title')}>
        <p>{t('empty.text')}</p>
      </EmptyState>
    </>
  );
}
