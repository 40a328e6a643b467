import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import { ImportForm } from '@/components/statistics/ImportForm';
import { CURRENT_CATALOGUE_VERSION, getCatalogue, itemsOf, type ItemDefinition } from '@/lib/checklist/catalogue';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { MULTI_SEPARATOR } from '@/lib/checklist/import-csv';
import { requestLocale } from '@/lib/i18n/request';
import { requirePageActor } from '@/lib/http/current-actor';
import { DataTable } from '@/components/DataTable';
import { FORMS } from '@/lib/checklist/catalogue';
import { can } from '@/lib/permissions';
import {
  CENTRE_IMPORT_COLUMNS,
  REQUIRED_CENTRE_COLUMNS,
  type CentreImportColumn,
} from '@/lib/referrals/import-centres-csv';
import { CENTRE_CODES } from '@/lib/referrals/routing';
import {
  CASE_TYPES,
  NO_CAPACITY_REASONS,
  NOT_A_VICTIM_REASONS,
  REFUSAL_REASONS,
  REQUEST_SOURCES,
} from '@/lib/referrals/state-machine';
import { REQUEST_OUTCOMES } from '@/lib/validation/referrals';

export async function generateMetadata() {
  return { title: (await getTranslations('import'))('title') };
}

/**
 * Import of earlier years: check-lists (coordinators; administrators for their organisation),
 * and centres' requests and accompaniments (coordinators for any centre, a centre's staff for
 * their own), each with its form and its column reference. Each part is shown to who may use it.
 */
export default async function ImportPage() {
  const actor = await requirePageActor();
  const checklists = can(actor.role, 'checklist.import');
  const centres = can(actor.role, 'centre_request.import');
  // Neither: refused as any page of one permission is (audited, "not found").
  if (!checklists && !centres) await requirePageActor('checklist.import');
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
  const centreValues: Record<CentreImportColumn, string> = {
    centre: CENTRE_CODES.join(', '),
    received_on: t('reference.date'),
    source: REQUEST_SOURCES.filter((v) => v !== 'app').join(', '),
    sex: 'm, f, x',
    age: t('reference.number', { min: 0, max: 110 }),
    minor: 'yes, no',
    nationality: t('reference.country'),
    forms: `${FORMS.join(', ')} — ${t('reference.multi', { separator: MULTI_SEPARATOR })}`,
    case_type: CASE_TYPES.join(', '),
    outcome: REQUEST_OUTCOMES.join(', '),
    outcome_reason: [...new Set([...NOT_A_VICTIM_REASONS, ...REFUSAL_REASONS, ...NO_CAPACITY_REASONS])].join(', '),
    outcome_on: t('reference.date'),
    note: t('reference.text', { max: 1000 }),
  };
  return (
    <ClientMessages namespaces={['import']}>
      <h1>{t('title')}</h1>
      <noscript>
        <p className="notice notice--warning">{t('needsScript')}</p>
      </noscript>
      {checklists ? (
        <section aria-labelledby="import-checklists">
          <h2 id="import-checklists">{t('checklistsTitle')}</h2>
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
        </section>
      ) : null}
      {centres ? (
        <section aria-labelledby="import-centres">
          <h2 id="import-centres">{t('centres.title')}</h2>
          <p className="lead">{t('centres.lead')}</p>
          <ul>
            <li>{t('centres.rules.whole')}</li>
            <li>{t('centres.rules.reach')}</li>
            <li>{t('centres.rules.outcome')}</li>
            <li>{t('centres.rules.once')}</li>
          </ul>
          <p>
            <a href="/import/centres-example.csv" download>
              {t('centres.example')}
            </a>
          </p>
          <ImportForm endpoint="/api/v1/centre-requests/import" texts="centres" />
          <details className="panel">
            <summary>{t('centres.reference.title')}</summary>
            <DataTable
              caption={t('centres.reference.title')}
              columns={[t('reference.column'), t('reference.meaning'), t('reference.values')]}
            >
              {CENTRE_IMPORT_COLUMNS.map((column) => (
                <tr key={column}>
                  <th scope="row">
                    <code>{column}</code>
                    {REQUIRED_CENTRE_COLUMNS.includes(column) ? ` (${t('reference.required')})` : ''}
                  </th>
                  <td>{t(`centres.reference.${column}`)}</td>
                  <td>{centreValues[column]}</td>
                </tr>
              ))}
            </DataTable>
          </details>
        </section>
      ) : null}
    </ClientMessages>
  );
}
