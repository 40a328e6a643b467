import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import Link from 'next/link';
import { InvestigationForm } from '@/components/checklist/InvestigationForm';
import { REGIONS, SECTORS } from '@/lib/checklist/catalogue';
import { checklistLabel } from '@/lib/checklist/labels';
import { requestLocale } from '@/lib/i18n/request';
import { findInvestigations } from '@/lib/server/checklists/find-investigations';
import { findYearlyPersonsMet } from '@/lib/server/investigations/find-yearly-persons-met';
import { YearlyPersonsMetForm } from '@/components/checklist/YearlyPersonsMetForm';
import { yearInBrussels } from '@/lib/time';
import { requirePageActor } from '@/lib/http/current-actor';
import { DataTable } from '@/components/DataTable';

export async function generateMetadata() {
  return { title: (await getTranslations('investigations'))('title') };
}

export default async function InvestigationsPage() {
  const actor = await requirePageActor('checklist.read');
  const list = findInvestigations({ actor });
  const perYear = findYearlyPersonsMet({ actor });
  const t = await getTranslations();
  const locale = await requestLocale();
  return (
    <ClientMessages namespaces={['investigations']}>
      <p>
        <Link href="/checklists">← {t('checklist.back')}</Link>
      </p>
      <h1>{t('investigations.title')}</h1>
      <p className="lead">{t('investigations.lead')}</p>
      {list.length === 0 ? (
        <p className="empty-state">{t('investigations.empty')}</p>
      ) : (
        <DataTable
          caption={t('investigations.title')}
          columns={[
            t('investigations.reference'),
            t('investigations.employer'),
            t('investigations.sector'),
            t('investigations.region'),
            t('investigations.checklists'),
            t('investigations.personsMet'),
          ]}
        >
          {list.map((i) => (
            <tr key={i.id}>
              <th scope="row">
                <Link href={`/investigations/${i.id}`}>{i.reference}</Link>
              </th>
              <td>{i.employer ?? '—'}</td>
              <td>{i.sector ? checklistLabel(locale, `ctx.sector=${i.sector}`) : '—'}</td>
              <td>{i.region ? checklistLabel(locale, `ctx.region=${i.region}`) : '—'}</td>
              <td>{i.checklistCount}</td>
              <td>{i.personsMet ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <h2>{t('investigations.create')}</h2>
      <InvestigationForm
        sectors={SECTORS.map((s) => ({ value: s, label: checklistLabel(locale, `ctx.sector=${s}`) }))}
        regions={REGIONS.map((r) => ({ value: r, label: checklistLabel(locale, `ctx.region=${r}`) }))}
      />
      <h2>{t('investigations.yearlyTitle')}</h2>
      <p>{t('investigations.yearlyLead')}</p>
      {perYear.length === 0 ? (
        <p className="empty-state">{t('investigations.yearlyEmpty')}</p>
      ) : (
        <DataTable
          caption={t('investigations.yearlyTitle')}
          columns={[
            t('investigations.year'),
            t('investigations.fromInvestigations'),
            t('investigations.yearlyFigure'),
            t('investigations.counted'),
          ]}
        >
          {perYear.map((y) => (
            <tr key={y.year}>
              <th scope="row">{y.year}</th>
              <td>{y.fromInvestigations}</td>
              <td>{y.yearly ?? '—'}</td>
              <td>{y.counted}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <YearlyPersonsMetForm defaultYear={yearInBrussels(new Date())} />
    </ClientMessages>
  );
}
