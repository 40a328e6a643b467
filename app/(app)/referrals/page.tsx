import { getTranslations } from 'next-intl/server';
import { EmptyState } from '@/components/EmptyState';
import { requirePageActor } from '@/lib/server/current-actor';

export async function generateMetadata() {
  return { title: (await getTranslations('referrals'))('title') };
}

export default async function ReferralsPage() {
  const actor = await requirePageActor('referral.create');
  const t = await getTranslations('referrals');
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
