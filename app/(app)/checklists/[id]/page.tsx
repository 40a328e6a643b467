import { getFormatter, getTranslations } from 'next-intl/server';
import { OutcomeNotice } from '@/components/OutcomeNotice';
import { ClientMessages } from '@/components/ClientMessages';
import Link from 'next/link';
import { ChecklistForm } from '@/components/checklist/ChecklistForm';
import { ChecklistView } from '@/components/checklist/ChecklistView';
import { derive } from '@/lib/checklist/derived';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { withCountryNames } from '@/lib/checklist/country-labels';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import { recordOrNotFound } from '@/lib/http/record-or-not-found';
import { getChecklist } from '@/lib/server/checklists/get-checklist';
import { requirePageActor } from '@/lib/http/current-actor';
import { can } from '@/lib/permissions';
import { startCorrectionAction } from '@/app/actions/checklists';
import { caseLabel } from '@/lib/referrals/case-label';
import { ReferSection } from './ReferSection';

export async function generateMetadata() {
  return { title: (await getTranslations('checklist'))('title') };
}

export default async function ChecklistPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor('checklist.read');
  const { id } = await params;
  const sp = await searchParams;
  const checklist = recordOrNotFound(id, (checklistId) => getChecklist({ actor, id: checklistId }));
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = await requestLocale();
  // The countries named by the server: the browser's own names could differ and break hydration (country-labels.ts).
  const labels = withCountryNames(CHECKLIST_LABELS[locale], FORMAT_LOCALE[locale]);
  const derived = derive(checklist.answers);
  // The case's label (decision 0023): the reference, else the check-list's short case number.
  const reference = caseLabel({
    referralId: checklist.id,
    reference: typeof checklist.answers['ctx.reference'] === 'string' ? checklist.answers['ctx.reference'] : null,
    checklistId: checklist.id,
  });

  return (
    <ClientMessages namespaces={['checklist', 'referral']}>
      <p>
        <Link href="/checklists">← {t('checklist.back')}</Link>
      </p>
      <h1>
        {t('checklist.title')} — {reference}
      </h1>
      <p className="lead">
        {t(`checklists.status.${checklist.status}`)}
        {checklist.version > 0 ? ` · ${t('checklist.version', { version: checklist.version })}` : ''} ·{' '}
        {t('checklist.catalogue', { version: checklist.catalogueVersion })} ·{' '}
        {t('checklist.author', { name: checklist.authorName })}
        {checklist.investigation ? (
          <>
            {' · '}
            <Link href={`/investigations/${checklist.investigation.id}`}>
              {t('checklist.investigation', { reference: checklist.investigation.reference })}
            </Link>
          </>
        ) : null}
      </p>
      {sp.completed ? (
        <OutcomeNotice>{t('checklist.completedNotice', { version: checklist.version })}</OutcomeNotice>
      ) : null}
      {checklist.status === 'correcting' ? (
        sp.correcting === '1' ? (
          <OutcomeNotice tone="info">{t('checklist.correctingNotice', { version: checklist.version })}</OutcomeNotice>
        ) : (
          <p className="notice notice--info">{t('checklist.correctingNotice', { version: checklist.version })}</p>
        )
      ) : null}

      {checklist.status === 'completed' ? (
        <>
          <div className="page-actions">
            <Link className="button" href={`/checklists/${checklist.id}/print`}>
              {t('checklist.print')}
            </Link>
            <Link className="button button--quiet" href={`/checklists/${checklist.id}/history`}>
              {t('checklist.history')}
            </Link>
            <form action={startCorrectionAction}>
              <input type="hidden" name="checklistId" value={checklist.id} />
              <button type="submit" className="button button--quiet">
                {t('checklist.correct')}
              </button>
            </form>
          </div>
          <p className="muted">
            {t('checklist.completedOn', {
              date: format.dateTime(new Date(checklist.lastCompletedAt!), { dateStyle: 'long', timeStyle: 'short' }),
            })}{' '}
            · {t('checklist.derived.age')} : {derived.age ?? '—'} · {t('checklist.derived.minor')} :{' '}
            {t(derived.minor ? 'checklist.derived.yes' : 'checklist.derived.no')}
          </p>
          {can(actor.role, 'referral.create') ? <ReferSection actor={actor} checklist={checklist} /> : null}
          <ChecklistView
            answers={checklist.answers}
            catalogueVersion={checklist.catalogueVersion}
            labels={labels}
            locale={FORMAT_LOCALE[locale]}
          />
        </>
      ) : (
        <ChecklistForm
          id={checklist.id}
          initialAnswers={checklist.answers}
          status={checklist.status}
          catalogueVersion={checklist.catalogueVersion}
          labels={labels}
          locale={FORMAT_LOCALE[locale]}
        />
      )}
    </ClientMessages>
  );
}
