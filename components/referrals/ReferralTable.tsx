import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { StatusBadge } from './StatusBadge';
import { DataTable } from '@/components/DataTable';

interface Row {
  id: string;
  status: string;
  overdue: boolean;
  receivedAt: string;
  centreName: string;
  referringOrganisationName: string | null;
  source: string;
  caseType: string;
  minor: boolean;
}

/** Referrals as a table; the list says minor or adult, never who the person is. */
export async function ReferralTable({ list, showCentre }: { list: Row[]; showCentre: boolean }) {
  const t = await getTranslations();
  const format = await getFormatter();
  return (
    <DataTable
      caption={t('referrals.title')}
      columns={[
        t('referral.received'),
        t('referral.status'),
        showCentre ? t('referral.centre') : t('referral.from'),
        t('referral.caseType'),
        t('referral.person'),
      ]}
    >
      {list.map((r) => (
        <tr key={r.id} className={r.overdue ? 'row--overdue' : undefined}>
          <th scope="row">
            <Link href={`/referrals/${r.id}`}>
              {format.dateTime(new Date(r.receivedAt), { dateStyle: 'short', timeStyle: 'short' })}
            </Link>
          </th>
          <td>
            <StatusBadge
              status={r.status}
              label={t(`referral.statuses.${r.status}`)}
              overdueLabel={r.overdue ? t('referral.overdue') : null}
            />
          </td>
          <td>{showCentre ? r.centreName : (r.referringOrganisationName ?? t(`referral.sources.${r.source}`))}</td>
          <td>{t(`referral.caseTypes.${r.caseType}`)}</td>
          <td>{r.minor ? t('referral.minor') : t('referral.adult')}</td>
        </tr>
      ))}
    </DataTable>
  );
}
