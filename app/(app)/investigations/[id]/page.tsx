import { randomUUID } from 'node:crypto';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { ClientMessages } from '@/components/ClientMessages';
import { PersonsMetForm } from '@/components/checklist/PersonsMetForm';
import { checklistLabel } from '@/lib/checklist/labels';
import { requestLocale } from '@/lib/i18n/request';
import { findChecklists } from '@/lib/server/checklists/find-checklists';
import { getInvestigation } from '@/lib/server/checklists/find-investigations';
import { requirePageActor } from '@/lib/http/current-actor';
import { recordOrNotFound } from '@/lib/http/record-or-not-found';

export default async function InvestigationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor('checklist.read');
  const { id } = await params;
  const investigation = recordOrNotFound(id, (investigationId) => getInvestigation({ actor, id: investigationId }));
  const list = findChecklists({ actor, filters: { investigationId: id } });
  const t = await getTranslations();
  const locale = await requestLocale();
  return (
    <>
      <p>
        <Link href="/investigations">← {t('investigations.title')}</Link>
      </p>
      <h1>{t('investigations.one', { reference: investigation.reference })}</h1>
      <dl className="facts">
        <dt>{t('investigations.employer')}</dt>
        <dd>{investigation.employer ?? '—'}</dd>
        <dt>{t('investigations.sector')}</dt>
        <dd>{investigation.sector ? checklistLabel(locale, `ctx.sector=${investigation.sector}`) : '—'}</dd>
        <dt>{t('investigations.region')}</dt>
        <dd>{investigation.region ? checklistLabel(locale, `ctx.region=${investigation.region}`) : '—'}</dd>
        <dt>{t('investigations.personsMet')}</dt>
        <dd>{investigation.personsMet ?? t('investigations.notRecorded')}</dd>
      </dl>
      <ClientMessages namespaces={['investigations']}>
        <PersonsMetForm investigationId={investigation.id} personsMet={investigation.personsMet} />
      </ClientMessages>
      <h2>{t('investigations.checklists')}</h2>
      {/* An empty form: the draft is stored at its first answer (decision 0023). */}
      <form action="/checklists/new" method="get">
        <input type="hidden" name="key" value={randomUUID()} />
        <input type="hidden" name="investigation" value={investigation.id} />
        <button type="submit" className="button">
          {t('investigations.newChecklist')}
        </button>
      </form>
      {list.length === 0 ? (
        <p>{t('investigations.noChecklists')}</p>
      ) : (
        <ul className="plain-list">
          {list.map((c) => (
            <li key={c.id}>
              <Link href={`/checklists/${c.id}`}>{c.reference ?? t('checklists.noReference')}</Link> —{' '}
              {t(`checklists.status.${c.status}`)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
