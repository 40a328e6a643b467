import { getTranslations } from 'next-intl/server';
import { FilterSelect } from '@/components/FilterSelect';
import { REFERRAL_LIST_SORTS, REFERRAL_LIST_STATES } from '@/lib/referrals/list-query';

/** Open / closed and the order of a referral list: a GET form, so it works without JavaScript and the address keeps it. */
export async function ReferralListControls({ state, sort }: { state: string; sort: string }) {
  const t = await getTranslations('cases.filters');
  return (
    <form className="filters" method="get" role="search" aria-label={t('label')}>
      <FilterSelect
        id="cases-state"
        name="state"
        label={t('state')}
        value={state}
        options={REFERRAL_LIST_STATES.map((s) => ({ value: s, label: t(`states.${s}`) }))}
      />
      <FilterSelect
        id="cases-sort"
        name="sort"
        label={t('sort')}
        value={sort}
        options={REFERRAL_LIST_SORTS.map((s) => ({ value: s, label: t(`sorts.${s}`) }))}
      />
      <button type="submit" className="button button--small">
        {t('apply')}
      </button>
    </form>
  );
}
