import { randomUUID } from 'node:crypto';
import { OutcomeNotice } from '@/components/OutcomeNotice';
import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { ShowMore } from '@/components/ShowMore';
import { parseShow, windowOf } from '@/lib/list-window';
import { FORMS, REGIONS } from '@/lib/checklist/catalogue';
import { checklistLabel } from '@/lib/checklist/labels';
import { requestLocale } from '@/lib/i18n/request';
import { findChecklists } from '@/lib/server/checklists/find-checklists';
import { firstValues } from '@/lib/http/query';
import { yearInBrussels } from '@/lib/time';
import { validChecklistFilters } from '@/lib/validation/checklists';
import { requirePageActor } from '@/lib/http/current-actor';
import { ClientMessages } from '@/components/ClientMessages';
import { DiscardDraft } from '@/components/checklist/DiscardDraft';
import { caseLabel } from '@/lib/referrals/case-label';
import { DataTable } from '@/components/DataTable';
import { FilterSelect, recentYears } from '@/components/FilterSelect';
import { organisationName } from '@/lib/organisations/names';

export async function generateMetadata() {
  return { title: (await getTranslations('checklists'))('title') };
}

export default async function ChecklistsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor('checklist.read');
  const p = firstValues(await searchParams);
  const filters = validChecklistFilters(p);
  const show = parseShow(p.show);
  const { rows: list, next } = windowOf(findChecklists({ actor, filters, limit: show + 1 }), show);
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = await requestLocale();
  const thisYear = yearInBrussels(new Date());
  return (
    <>
      <div className="page-head">
        <h1>{t('checklists.title')}</h1>
        <div className="page-actions">
          <Link className="button button--quiet" href="/investigations">
            {t('investigations.title')}
          </Link>
          {/* Opens an empty form: the draft is stored at its first answer (decision 0023). */}
          <form action="/checklists/new" method="get">
            <input type="hidden" name="key" value={randomUUID()} />
            <button type="submit" className="button">
              {t('checklists.new')}
            </button>
          </form>
        </div>
      </div>
      <p className="lead">{t('checklists.lead', { organisation: organisationName(locale, actor.organisationName) })}</p>
      {p.discarded === '1' ? <OutcomeNotice>{t('cases.discard.done')}</OutcomeNotice> : null}

      <form className="filters" method="get" role="search" aria-label={t('checklists.filters.label')} noValidate>
        <div className="field">
          <label htmlFor="filter-q">{t('checklists.filters.q')}</label>
          <input id="filter-q" name="q" type="search" defaultValue={filters.q ?? ''} maxLength={60} />
        </div>
        <FilterSelect
          id="filter-status"
          name="status"
          label={t('checklists.filters.status')}
          value={filters.status ?? ''}
          allLabel={t('checklists.filters.all')}
          options={(['draft', 'completed'] as const).map((v) => ({ value: v, label: t(`checklists.status.${v}`) }))}
        />
        <FilterSelect
          id="filter-year"
          name="year"
          label={t('checklists.filters.year')}
          value={filters.year ? String(filters.year) : ''}
          allLabel={t('checklists.filters.all')}
          options={recentYears(thisYear)}
        />
        <FilterSelect
          id="filter-region"
          name="region"
          label={t('checklists.filters.region')}
          value={filters.region ?? ''}
          allLabel={t('checklists.filters.all')}
          options={REGIONS.map((r) => ({ value: r, label: checklistLabel(locale, `ctx.region=${r}`) }))}
        />
        <FilterSelect
          id="filter-form"
          name="form"
          label={t('checklists.filters.form')}
          value={filters.form ?? ''}
          allLabel={t('checklists.filters.all')}
          options={FORMS.map((f) => ({ value: f, label: checklistLabel(locale, `ctx.forms=${f}`) }))}
        />
        <FilterSelect
          id="filter-sort"
          name="sort"
          label={t('checklists.filters.sort')}
          value={filters.sort && filters.sort !== 'updated' ? filters.sort : ''}
          allLabel={t('checklists.sort.updated')}
          options={(['open_first', 'control_date', 'reference'] as const).map((v) => ({
            value: v,
            label: t(`checklists.sort.${v}`),
          }))}
        />
        <button type="submit" className="button button--small">
          {t('checklists.filters.apply')}
        </button>
      </form>

      <ClientMessages namespaces={['cases']}>
        {list.length === 0 ? (
          <p className="empty-state">
            {Object.keys(filters).length > 0 ? t('checklists.noMatch') : t('checklists.empty.text')}
          </p>
        ) : (
          <DataTable
            caption={t('checklists.title')}
            columns={[
              t('checklists.columns.reference'),
              t('checklists.columns.status'),
              t('checklists.columns.controlDate'),
              t('checklists.columns.region'),
              t('checklists.columns.forms'),
              t('checklists.columns.investigation'),
              t('checklists.columns.updated'),
            ]}
          >
            {list.map((c) => {
              return (
                <tr key={c.id}>
                  <th scope="row">
                    <Link href={`/checklists/${c.id}`}>
                      {caseLabel({ referralId: c.id, reference: c.reference, checklistId: c.id })}
                    </Link>
                  </th>
                  <td>
                    <span className={`badge badge--${c.status}`}>{t(`checklists.status.${c.status}`)}</span>
                    {c.version > 1 ? <span className="muted"> v{c.version}</span> : null}
                    {c.mine && c.status === 'draft' && c.version === 0 ? (
                      <DiscardDraft
                        checklistId={c.id}
                        label={caseLabel({ referralId: c.id, reference: c.reference, checklistId: c.id })}
                      />
                    ) : null}
                    {c.deletionInDays !== null ? (
                      <p className="notice notice--warning retention-warning">
                        {t('checklists.retentionWarning', { days: c.deletionInDays })}
                      </p>
                    ) : null}
                  </td>
                  <td>
                    {c.controlDate
                      ? format.dateTime(new Date(`${c.controlDate}T12:00:00Z`), { dateStyle: 'medium' })
                      : '—'}
                  </td>
                  <td>{c.region ? checklistLabel(locale, `ctx.region=${c.region}`) : '—'}</td>
                  <td>{c.forms.map((f) => checklistLabel(locale, `ctx.forms=${f}`)).join(' ; ') || '—'}</td>
                  <td>{c.investigationReference ?? '—'}</td>
                  <td>{format.dateTime(new Date(c.updatedAt), { dateStyle: 'short', timeStyle: 'short' })}</td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </ClientMessages>
      {list.length > 0 ? (
        <ShowMore
          shown={list.length}
          next={next}
          params={{
            q: filters.q,
            status: filters.status,
            year: filters.year?.toString(),
            region: filters.region,
            form: filters.form,
          }}
        />
      ) : null}
    </>
  );
}
