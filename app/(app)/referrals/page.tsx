import { getTranslations } from 'next-intl/server';
import { ShowMore } from '@/components/ShowMore';
import { parseShow, windowOf } from '@/lib/list-window';
import { LiveRefresh } from '@/components/referrals/LiveRefresh';
import { ReferralTable } from '@/components/referrals/ReferralTable';
import { requirePageActor } from '@/lib/http/current-actor';
import { findReferrals } from '@/lib/server/referrals/find-referrals';

export async function generateMetadata() {
  return { title: (await getTranslations('referrals'))('title') };
}

/** The referring organisation's referrals (and, for the Service des Tutelles, every minor's). */
export default async function ReferralsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor('referral.create');
  const show = parseShow((await searchParams).show);
  const { rows: list, next } = windowOf(findReferrals({ actor, limit: show + 1 }), show);
  const t = await getTranslations();
  return (
    <>
      <LiveRefresh />
      <h1>{t('referrals.title')}</h1>
      <p className="lead">{t('referrals.lead', { organisation: actor.organisationName })}</p>
      {list.length === 0 ? (
        <p className="empty-state">{t('referrals.empty.text')}</p>
      ) : (
        <>
          <ReferralTable list={list} showCentre />
          <ShowMore shown={list.length} next={next} params={{}} />
        </>
      )}
    </>
  );
}
