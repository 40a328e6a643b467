import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { StatusBadge } from './StatusBadge';
import { DataTable } from '@/components/DataTable';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';

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
  label: string;
  person: { initials: string | null; sex: string | null; age: number | null; minor: boolean };
  needsAction: boolean;
}

/** Who reads the list: the referrer sent them, a centre received them, the guardianship service follows them. */
export type ReferralListView = 'referrer' | 'centre' | 'guardianship';

/**
 * Referrals as a table: each row names its case (decision 0023) and shows the glimpse of the
 * person its reader may see; the rows waiting for the reader are marked, in words and colour.
 */
export async function ReferralTable({ list, view }: { list: Row[]; view: ReferralListView }) {
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = await requestLocale();
  const sender = (r: Row) =>
    r.referringOrganisationName
      ? organisationName(locale, r.referringOrganisationName)
      : t(`referral.sources.${r.source}`);
  return (
    <DataTable
      caption={t('referrals.title')}
      columns={[
        t('cases.columns.case'),
        t('cases.columns.person'),
        t(view === 'centre' ? 'cases.columns.receivedOn' : 'cases.columns.sentOn'),
        t('cases.columns.status'),
        ...(view === 'centre' ? [] : [t('cases.columns.centre')]),
        ...(view === 'referrer' ? [] : [t('cases.columns.sentBy')]),
        t('cases.columns.caseType'),
      ]}
    >
      {list.map((r) => (
        <tr key={r.id} className={r.needsAction ? 'row--action' : r.overdue ? 'row--overdue' : undefined}>
          <th scope="row">
            <Link href={`/referrals/${r.id}`}>{r.label}</Link>
          </th>
          <td>{personGlimpse(t, r.person)}</td>
          <td>{format.dateTime(new Date(r.receivedAt), { dateStyle: 'short', timeStyle: 'short' })}</td>
          <td>
            <StatusBadge
              status={r.status}
              label={t(`referral.statuses.${r.status}`)}
              overdueLabel={r.overdue ? t('referral.overdue') : null}
            />
            {r.needsAction ? (
              <>
                {' '}
                <span className="badge badge--action">{t('cases.needsAction')}</span>
              </>
            ) : null}
          </td>
          {view === 'centre' ? null : <td>{r.centreName}</td>}
          {view === 'referrer' ? null : <td>{sender(r)}</td>}
          <td>{t(`referral.caseTypes.${r.caseType}`)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** "M. L. · Femme · 24 ans · majeure": what is known, in the reader's language. */
export function personGlimpse(
  t: (key: string, values?: Record<string, string | number>) => string,
  person: Row['person'],
): string {
  return [
    person.initials,
    person.sex ? t(`inbox.request.sexes.${person.sex}`) : null,
    person.age !== null ? t('cases.age', { age: person.age }) : null,
    person.minor ? t('referral.minor') : t('referral.adult'),
  ]
    .filter(Boolean)
    .join(' · ');
}
