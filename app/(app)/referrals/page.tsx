import { getTranslations } from 'next-intl/server';
import { ShowMore } from '@/components/ShowMore';
import { parseShow, windowOf } from '@/lib/list-window';
import { LiveRefresh } from '@/components/referrals/LiveRefresh';
import { ReferralListControls } from '@/components/referrals/ReferralListControls';
import { ReferralTable } from '@/components/referrals/ReferralTable';
import { firstValues } from '@/lib/http/query';
import { parseReferralListQuery } from '@/lib/referrals/list-query';
import { requirePageActor } from '@/lib/http/current-actor';
import { findReferrals } from '@/lib/server/referrals/find-referrals';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';

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
  const p = firstValues(await searchParams);
  const show = parseShow(p.show);
  const query = parseReferralListQuery(p);
  const { rows: list, next } = windowOf(findReferrals({ actor, limit: show + 1, ...query }), show);
  const t = await getTranslations();
  const locale = await requestLocale();
  // The guardianship service follows minors' referrals other services sent: its list names who sent each.
  const guardianship = actor.organisationKind === 'guardianship';
  return (
    <>
      <LiveRefresh />
      <h1>{t('referrals.title')}</h1>
      <p className="lead">
        {guardianship
          ? t('cases.leadGuardianship', { organisation: organisationName(locale, actor.organisationName) })
          : t('referrals.lead', { organisation: organisationName(locale, actor.organisationName) })}
      </p>
      <ReferralListControls state={query.state} sort={query.sort} />
      {list.length === 0 ? (
        <p className="empty-state">{t('referrals.empty.text')}</p>
      ) : (
        <>
          <ReferralTable list={list} view={guardianship ? 'guardianship' : 'referrer'} />
          <ShowMore shown={list.length} next={next} params={query} />
        </>
      )}
    </>
  );
}
