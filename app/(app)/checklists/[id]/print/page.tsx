import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { ChecklistView } from '@/components/checklist/ChecklistView';
import { PrintButton } from '@/components/checklist/PrintButton';
import { derive } from '@/lib/checklist/derived';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import { recordOrNotFound } from '@/lib/http/record-or-not-found';
import { getChecklist } from '@/lib/server/checklists/get-checklist';
import { requirePageActor } from '@/lib/http/current-actor';
import { organisationName } from '@/lib/organisations/names';

export async function generateMetadata() {
  return { title: (await getTranslations('checklist'))('printTitle') };
}

/** A clean A4 view in the user's language, to attach to the PV (print CSS hides the application's chrome). */
export default async function ChecklistPrintPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor('checklist.read');
  const { id } = await params;
  const checklist = recordOrNotFound(id, (checklistId) => getChecklist({ actor, id: checklistId }));
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = await requestLocale();
  const derived = derive(checklist.answers);
  return (
    <article className="print-view">
      <div className="no-print page-actions">
        <Link href={`/checklists/${checklist.id}`}>← {t('checklist.back')}</Link>
        <PrintButton label={t('checklist.printNow')} />
      </div>
      <header className="print-header">
        <h1>{t('checklist.printTitle')}</h1>
        <p>
          {organisationName(locale, checklist.organisationName)} ·{' '}
          {t('checklist.author', { name: checklist.authorName })}
          <br />
          {checklist.status === 'completed'
            ? t('checklist.printStatus', {
                version: checklist.version,
                date: format.dateTime(new Date(checklist.lastCompletedAt!), { dateStyle: 'long' }),
              })
            : t('checklist.printDraft')}{' '}
          · {t('checklist.catalogue', { version: checklist.catalogueVersion })}
        </p>
        <p>
          {t('checklist.derived.age')} : {derived.age ?? '—'} · {t('checklist.derived.minor')} :{' '}
          {t(derived.minor ? 'checklist.derived.yes' : 'checklist.derived.no')} · {t('checklist.derived.eu')} :{' '}
          {derived.euNational === null ? '—' : t(derived.euNational ? 'checklist.derived.yes' : 'checklist.derived.no')}
        </p>
      </header>
      <ChecklistView
        answers={checklist.answers}
        catalogueVersion={checklist.catalogueVersion}
        labels={CHECKLIST_LABELS[locale]}
        locale={FORMAT_LOCALE[locale]}
      />
      <footer className="print-footer">{t('checklist.printFooter')}</footer>
    </article>
  );
}
