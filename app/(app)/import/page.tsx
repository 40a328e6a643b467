import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { ImportForm } from '@/components/statistics/ImportForm';
import { CURRENT_CATALOGUE_VERSION, getCatalogue, itemsOf, type ItemDefinition } from '@/lib/checklist/catalogue';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { MULTI_SEPARATOR } from '@/lib/checklist/import-csv';
import { requestLocale } from '@/lib/i18n/request';
import { requirePageActor } from '@/lib/http/current-actor';
import { DataTable } from '@/components/DataTable';

export async function generateMetadata() {
  return { title: (await getTranslations('import'))('title') };
}

/** Import of earlier years' check-lists (coordinators; administrators for their organisation), with the column reference. */
export default async function ImportPage() {
  await requirePageActor('checklist.import');
  const t = await getTranslations('import');
  const labels = CHECKLIST_LABELS[await requestLocale()];
  const items = itemsOf(getCatalogue(CURRENT_CATALOGUE_VERSION)).filter((i) => !i.fixed);
  const accepted = (item: ItemDefinition): string => {
    const type = item.type;
    switch (type.kind) {
      case 'choice':
        return type.options.join(', ');
      case 'multi':
        return `${type.options.join(', ')} — ${t('reference.multi', { separator: MULTI_SEPARATOR })}`;
      case 'yesno':
        return 'yes, no';
      case 'yesnounknown':
        return 'yes, no, unknown';
      case 'date':
        return t('reference.date');
      case 'integer':
      case 'decimal':
        return t('reference.number', { min: type.min, max: type.max });
      case 'country':
        return t('reference.country');
      case 'text':
        return t('reference.text', { max: type.maxLength });
    }
  };
  return (
    <ClientMessages namespaces={['import']}>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <ul>
        <li>{t('rules.whole')}</li>
        <li>{t('rules.columns')}</li>
        <li>{t('rules.marked')}</li>
        <li>{t('rules.once')}</li>
      </ul>
      <p>
        <a href="/import/example.csv" download>
          {t('example')}
        </a>
      </p>
      <noscript>
        <p className="notice notice--warning">{t('needsScript')}</p>
      </noscript>
      <ImportForm />
      <details className="panel">
        <summary>{t('reference.title')}</summary>
        <DataTable
          caption={t('reference.title')}
          columns={[t('reference.column'), t('reference.meaning'), t('reference.values')]}
        >
          <tr>
            <th scope="row">
              <code>organisation</code>
            </th>
            <td>{t('reference.organisation')}</td>
            <td>onss-ant, onss-bru, police-antwerpen, cls, tutelles…</td>
          </tr>
          <tr>
            <th scope="row">
              <code>completed_on</code>
            </th>
            <td>{t('reference.completedOn')}</td>
            <td>{t('reference.date')}</td>
          </tr>
          {items.map((item) => (
            <tr key={item.code}>
              <th scope="row">
                <code>{item.code}</code>
                {item.required ? ` (${t('reference.required')})` : ''}
              </th>
              <td>{labels[item.code] ?? item.code}</td>
              <td>{accepted(item)}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </ClientMessages>
  );
}
