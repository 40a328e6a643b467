import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { requirePageActor } from '@/lib/http/current-actor';
import { AUDIT_CATEGORIES, auditActionLabelKey } from '@/lib/audit/actions';
import { findAuditEvents } from '@/lib/server/audit/find-audit-events';
import { firstValues } from '@/lib/http/query';
import { auditFiltersSchema } from '@/lib/validation/audit';
import { fieldErrorsOf } from '@/lib/form-state';
import { DataTable } from '@/components/DataTable';
import { requestLocale } from '@/lib/i18n/request';
import { organisationName } from '@/lib/organisations/names';

/** Record kinds the log names in words; any other is shown as stored. */
const TARGET_TYPES = new Set([
  'user',
  'checklist',
  'referral',
  'investigation',
  'organisation',
  'centre',
  'import',
  'api_token',
  'audit_log',
  'setting',
  'statistics',
  'mail',
]);

export async function generateMetadata() {
  return { title: (await getTranslations('admin.audit'))('title') };
}

const FIELDS = ['category', 'outcome', 'user', 'target', 'from', 'to'] as const;

/** The audit log of the administrator's organisation (platform: all), filtered; read-only. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor('audit.read');
  const raw = firstValues(await searchParams);
  const parsed = auditFiltersSchema.safeParse(raw);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const filters = parsed.success ? parsed.data : {};
  const { events, more } = findAuditEvents({ actor, filters });
  const t = await getTranslations('admin.audit');
  const tAll = await getTranslations();
  const format = await getFormatter();
  const locale = await requestLocale();
  const value = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : '');
  const older = new URLSearchParams(
    Object.entries({
      ...Object.fromEntries(FIELDS.map((f) => [f, value(f)])),
      before: String(events.at(-1)?.id ?? ''),
    }).filter(([, v]) => v !== ''),
  );
  const fieldError = (name: string) =>
    errors[name] ? (
      <ul className="field__errors" id={`audit-${name}-error`}>
        {errors[name]!.map((key) => (
          <li key={key}>{tAll(key as never)}</li>
        ))}
      </ul>
    ) : null;
  const described = (name: string) =>
    errors[name] ? { 'aria-invalid': true, 'aria-describedby': `audit-${name}-error` } : {};
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {!parsed.success ? (
        <p className="notice notice--error" role="alert">
          {tAll('errors.formHasErrors', { count: Object.keys(errors).length })}
        </p>
      ) : null}
      <form className="filters" method="get" aria-label={t('filters')} noValidate>
        <div className={`field${errors.category ? ' field--invalid' : ''}`}>
          <label htmlFor="audit-category">{t('category')}</label>
          <select id="audit-category" name="category" defaultValue={value('category')} {...described('category')}>
            <option value="">{t('all')}</option>
            {AUDIT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </select>
          {fieldError('category')}
        </div>
        <div className={`field${errors.outcome ? ' field--invalid' : ''}`}>
          <label htmlFor="audit-outcome">{t('outcome')}</label>
          <select id="audit-outcome" name="outcome" defaultValue={value('outcome')} {...described('outcome')}>
            <option value="">{t('all')}</option>
            {(['ok', 'refused', 'failed'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`outcomes.${o}`)}
              </option>
            ))}
          </select>
          {fieldError('outcome')}
        </div>
        <div className={`field${errors.user ? ' field--invalid' : ''}`}>
          <label htmlFor="audit-user">{t('user')}</label>
          <input
            id="audit-user"
            name="user"
            type="search"
            maxLength={100}
            defaultValue={value('user')}
            {...described('user')}
          />
          {fieldError('user')}
        </div>
        <div className={`field${errors.target ? ' field--invalid' : ''}`}>
          <label htmlFor="audit-target">{t('target')}</label>
          <input
            id="audit-target"
            name="target"
            type="search"
            maxLength={100}
            defaultValue={value('target')}
            {...described('target')}
          />
          {fieldError('target')}
        </div>
        <div className={`field${errors.from ? ' field--invalid' : ''}`}>
          <label htmlFor="audit-from">{t('fromDate')}</label>
          <input id="audit-from" name="from" type="date" defaultValue={value('from')} {...described('from')} />
          {fieldError('from')}
        </div>
        <div className={`field${errors.to ? ' field--invalid' : ''}`}>
          <label htmlFor="audit-to">{t('toDate')}</label>
          <input id="audit-to" name="to" type="date" defaultValue={value('to')} {...described('to')} />
          {fieldError('to')}
        </div>
        <button type="submit" className="button button--small">
          {t('apply')}
        </button>
      </form>
      {events.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <DataTable
          caption={t('title')}
          columns={[t('when'), t('who'), t('event'), t('outcome'), t('record'), t('from'), t('reason')]}
        >
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                {format.dateTime(new Date(e.at), {
                  dateStyle: 'short',
                  timeStyle: 'medium',
                  timeZone: 'Europe/Brussels',
                })}
              </td>
              <td>
                {e.userName ? `${e.userName} (${e.userEmail})` : t('unknownAccount')}
                {e.organisationName ? (
                  <span className="muted"> · {organisationName(locale, e.organisationName, e.organisationCode)}</span>
                ) : null}
              </td>
              <td>
                {/* The event in words; the stored code stays readable for whoever searches the raw log. */}
                {e.catalogueAction ? (
                  <>
                    {t(auditActionLabelKey(e.catalogueAction))}{' '}
                    <small className="muted">
                      ({t.rich('eventCode', { code: e.action, c: (chunks) => <code>{chunks}</code> })})
                    </small>
                  </>
                ) : (
                  <code>{e.action}</code>
                )}
              </td>
              <td>
                <span className={`badge badge--${e.outcome}`}>{t(`outcomes.${e.outcome}`)}</span>
              </td>
              <td>
                {!e.targetType ? (
                  '—'
                ) : e.targetUserName ? (
                  t('targetUser', { name: e.targetUserName, email: e.targetUserEmail ?? '' })
                ) : (
                  <>
                    {TARGET_TYPES.has(e.targetType)
                      ? t(`targets.${e.targetType}` as never)
                      : t('targets.other', { type: e.targetType })}
                    {e.targetId ? (
                      <>
                        {' '}
                        <code title={e.targetId}>{e.targetId.slice(0, 8)}</code>
                      </>
                    ) : null}
                  </>
                )}
              </td>
              <td>{e.ip ?? '—'}</td>
              <td>{e.reason && t.has(`reasons.${e.reason}`) ? t(`reasons.${e.reason}`) : (e.reason ?? '')}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {more ? (
        <p>
          <Link href={`/admin/audit?${older.toString()}`}>{t('older')}</Link>
        </p>
      ) : null}
    </>
  );
}
