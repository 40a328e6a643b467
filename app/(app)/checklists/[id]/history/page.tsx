import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { formatAnswer } from '@/components/checklist/format';
import { getCatalogue, itemByCode } from '@/lib/checklist/catalogue';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import { findChecklistVersions } from '@/lib/server/checklists/find-checklist-versions';
import { requirePageActor } from '@/lib/http/current-actor';
import { recordOrNotFound } from '@/lib/http/record-or-not-found';

export async function generateMetadata() {
  return { title: (await getTranslations('checklist'))('history') };
}

export default async function ChecklistHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor('checklist.read');
  const { id } = await params;
  const versions = recordOrNotFound(id, (checklistId) => findChecklistVersions({ actor, id: checklistId }));
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = await requestLocale();
  const labels = CHECKLIST_LABELS[locale];
  return (
    <>
      <p>
        <Link href={`/checklists/${id}`}>← {t('checklist.back')}</Link>
      </p>
      <h1>{t('checklist.history')}</h1>
      {versions.length === 0 ? <p>{t('checklist.noVersions')}</p> : null}
      <ol className="versions" reversed>
        {[...versions].reverse().map((v) => {
          const items = itemByCode(getCatalogue(v.catalogueVersion));
          return (
            <li key={v.version}>
              <h2>
                {t('checklist.version', { version: v.version })} —{' '}
                {format.dateTime(new Date(v.createdAt), { dateStyle: 'long', timeStyle: 'short' })} — {v.authorName}
              </h2>
              {v.reason ? (
                <p>
                  <strong>{t('checklist.correctionReason')} :</strong> {v.reason}
                </p>
              ) : (
                <p className="muted">{t('checklist.firstVersion')}</p>
              )}
              {v.changed.length > 0 ? (
                <div
                  className="table-wrap"
                  tabIndex={0}
                  role="region"
                  aria-label={t('checklist.changes', { count: v.changed.length })}
                >
                  <table>
                    <caption>{t('checklist.changes', { count: v.changed.length })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('checklist.item')}</th>
                        <th scope="col">{t('checklist.before')}</th>
                        <th scope="col">{t('checklist.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {v.changed.map((c) => {
                        const base = c.code.replace(/:note$/, '');
                        const item = items.get(base);
                        const show = (value: typeof c.before) =>
                          item && !c.code.endsWith(':note')
                            ? formatAnswer(item, value, labels, FORMAT_LOCALE[locale])
                            : String(value ?? '—');
                        return (
                          <tr key={c.code}>
                            <th scope="row">
                              {labels[base] ?? base}
                              {c.code.endsWith(':note') ? ` (${labels['answer.note']})` : ''}
                            </th>
                            <td>{show(c.before)}</td>
                            <td>{show(c.after)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
