import { getFormatter, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { requirePageActor } from '@/lib/http/current-actor';
import { getReplicationStatus } from '@/lib/server/replication/get-replication-status';
import { NotFoundError } from '@/lib/server/errors';
import type { ReplicationStatus } from '@/lib/replication/status';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('replication'))('title') };
}

/** The continuous replication of the database (decision 0028), for the platform's administrators. */
export default async function ReplicationPage() {
  const actor = await requirePageActor('replication.read');
  let status: ReplicationStatus;
  try {
    status = getReplicationStatus({ actor });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const t = await getTranslations('replication');
  const format = await getFormatter();
  const when = (iso: string | null) =>
    iso
      ? format.dateTime(new Date(iso), { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Brussels' })
      : t('never');
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      <section className="panel" aria-labelledby="replication-state">
        <h2 id="replication-state">{t(`states.${status.state}`)}</h2>
        {status.state === 'off' ? (
          <p>{t('offHelp')}</p>
        ) : (
          <dl data-testid="replication-details">
            <dt>{t('replica')}</dt>
            <dd>
              <code>{status.url}</code>
            </dd>
            <dt>{t('lastSync')}</dt>
            <dd>{when(status.lastSyncAt)}</dd>
            <dt>{t('lag')}</dt>
            <dd data-testid="replication-lag">
              {status.lagSeconds === null
                ? t('unknown')
                : t('seconds', { n: Math.round(status.lagSeconds * 10) / 10, max: status.maxLagSeconds })}
            </dd>
            <dt>{t('bytesBehind')}</dt>
            <dd>{status.bytesBehind === null ? t('unknown') : format.number(status.bytesBehind)}</dd>
            <dt>{t('syncErrors')}</dt>
            <dd>{format.number(status.syncErrors)}</dd>
            <dt>{t('startedAt')}</dt>
            <dd>{when(status.startedAt)}</dd>
          </dl>
        )}
      </section>
    </>
  );
}
