import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import Link from 'next/link';
import { CapacityForm } from '@/components/referrals/CapacityForm';
import { ShowMore } from '@/components/ShowMore';
import { parseShow, windowOf } from '@/lib/list-window';
import { LiveRefresh } from '@/components/referrals/LiveRefresh';
import { ReferralListControls } from '@/components/referrals/ReferralListControls';
import { ReferralTable } from '@/components/referrals/ReferralTable';
import { firstValues } from '@/lib/http/query';
import { parseReferralListQuery } from '@/lib/referrals/list-query';
import { requirePageActor } from '@/lib/http/current-actor';
import { findCentreCapacities } from '@/lib/server/centres/capacity';
import { findReferrals } from '@/lib/server/referrals/find-referrals';

export async function generateMetadata() {
  return { title: (await getTranslations('inbox'))('title') };
}

/** The centre's inbox: referrals and requests addressed to it, those waiting for the centre first; its capacity. */
export default async function InboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor('centre_request.create');
  const p = firstValues(await searchParams);
  const show = parseShow(p.show);
  const query = parseReferralListQuery(p);
  const { rows: list, next } = windowOf(findReferrals({ actor, limit: show + 1, ...query }), show);
  const capacity = findCentreCapacities({ actor }).find((c) => c.centreId === actor.organisationId);
  const t = await getTranslations('inbox');
  return (
    <ClientMessages namespaces={['inbox']}>
      <LiveRefresh />
      <div className="page-head">
        <h1>{t('title')}</h1>
        <Link className="button" href="/inbox/new-request">
          {t('registerRequest')}
        </Link>
      </div>
      <p className="lead">{t('lead', { centre: actor.organisationName })}</p>
      <ReferralListControls state={query.state} sort={query.sort} />
      {list.length === 0 ? (
        <section className="empty-state">
          <h2>{t('empty.title')}</h2>
          <p>{t('emptyNow')}</p>
        </section>
      ) : (
        <>
          <ReferralTable list={list} view="centre" />
          <ShowMore shown={list.length} next={next} params={query} />
        </>
      )}
      <h2>{t('capacityTitle')}</h2>
      <CapacityForm placesFree={capacity?.placesFree ?? null} ambulatoryOpen={capacity?.ambulatoryOpen ?? null} />
    </ClientMessages>
  );
}
