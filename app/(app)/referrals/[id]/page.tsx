import { cache } from 'react';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import Link from 'next/link';
import { ChecklistView } from '@/components/checklist/ChecklistView';
import { countryName } from '@/components/checklist/format';
import { LiveRefresh } from '@/components/referrals/LiveRefresh';
import { MarkRead } from '@/components/referrals/MarkRead';
import { OutcomeNotice } from '@/components/OutcomeNotice';
import { ReferralActions } from '@/components/referrals/ReferralActions';
import { personGlimpse } from '@/components/referrals/ReferralTable';
import { StatusBadge } from '@/components/referrals/StatusBadge';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import { eligibleCentres } from '@/lib/referrals/routing';
import { REFERRAL_STATUSES } from '@/lib/referrals/state-machine';
import { brusselsDateTimeLocal } from '@/lib/time';
import { requirePageActor } from '@/lib/http/current-actor';
import { findCentreCapacities } from '@/lib/server/centres/capacity';
import { getReferral } from '@/lib/server/referrals/get-referral';
import { recordOrNotFound } from '@/lib/http/record-or-not-found';
import { organisationName } from '@/lib/organisations/names';

/** One read per request: the title and the page share it (and its audit entry). */
const loadReferral = cache(async (id: string) => {
  const actor = await requirePageActor('referral.read');
  return { actor, r: recordOrNotFound(id, (referralId) => getReferral({ actor, id: referralId })) };
});

/** The tab names the case, as every list and notification does (decision 0023). */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { r } = await loadReferral((await params).id);
  return { title: `${r.label} — ${(await getTranslations('referral'))('title')}` };
}

/** One referral, for the referring service, the centre and (for a minor) the guardianship service alike. */
export default async function ReferralPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { id } = await params;
  const sp = await searchParams;
  const conflict = sp.conflict === '1';
  const { actor, r } = await loadReferral(id);
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = await requestLocale();
  const labels = CHECKLIST_LABELS[locale];
  const p = r.packet.person;
  // Once the person's details are removed (withdrawal, acceptance after a redirect, retention), say so and why instead of showing empty fields.
  const removed = r.reducedAt
    ? t('referral.reduced', { date: format.dateTime(new Date(r.reducedAt), { dateStyle: 'long' }) })
    : r.minimised
      ? t(`referral.minimised.${r.minimised.because}`, {
          date: format.dateTime(new Date(r.minimised.at), { dateStyle: 'long' }),
        })
      : null;
  const redirectTargets = findCentreCapacities({ actor })
    .filter((c) => eligibleCentres(r.minor).includes(c.code as never) && c.code !== r.centreCode)
    .map((c) => ({ code: c.code, name: c.name, placesFree: c.placesFree }));
  // Who a change is told to: the other side, and the guardianship service for a minor.
  const told = [
    r.side === 'centre' ? r.referringOrganisationName : r.side === 'referrer' ? r.centreName : null,
    r.guardianshipName,
  ]
    .filter((o): o is string => Boolean(o))
    .map((o) => organisationName(locale, o));
  /*
   * What the user just did, said where the focus lands (the form pressed has gone with the status it
   * belonged to). It stays while the page refreshes itself, even after the other side acts (it is
   * worded in the past, and the timeline shows what came next): a notice that vanished would take
   * the focus with it.
   */
  const done = sp.done;
  const outcome =
    done === 'registered'
      ? t('referral.outcome.registered')
      : done === 'sent'
        ? t('referral.outcome.sent', { centre: r.centreName })
        : REFERRAL_STATUSES.includes(done as never)
          ? t('referral.outcome.moved', { status: t(`referral.statuses.${done}`) })
          : null;
  return (
    <ClientMessages namespaces={['checklist', 'referral', 'referrals']}>
      <LiveRefresh />
      <MarkRead referralId={r.id} seenAt={new Date().toISOString()} />
      <p>
        <Link href={actor.role === 'centre_staff' ? '/inbox' : '/referrals'}>← {t('referral.back')}</Link>
      </p>
      <h1>
        {r.label} — {r.centreName}
      </h1>
      <p className="lead">
        {personGlimpse(t, r.person)} ·{' '}
        <StatusBadge
          status={r.status}
          label={t(`referral.statuses.${r.status}`)}
          overdueLabel={r.overdue ? t('referral.overdue') : null}
        />{' '}
        · {t(`referral.caseTypes.${r.caseType}`)} · {r.minor ? t('referral.minor') : t('referral.adult')} ·{' '}
        {t('referral.receivedOn', {
          date: format.dateTime(new Date(r.receivedAt), { dateStyle: 'long', timeStyle: 'short' }),
        })}
        {r.referringOrganisationName
          ? ` · ${t('referral.fromOrganisation', { organisation: organisationName(locale, r.referringOrganisationName) })}`
          : ` · ${t(`referral.sources.${r.source}`)}`}
      </p>
      {outcome ? (
        <OutcomeNotice key={done}>
          {outcome}
          {told.length > 0 && done !== 'registered' && done !== 'sent'
            ? ` ${t('referral.outcome.told', { organisations: told.join(', ') })}`
            : ''}
        </OutcomeNotice>
      ) : null}
      {conflict ? <OutcomeNotice tone="error">{t('errors.referral.conflict')}</OutcomeNotice> : null}
      {r.overdue ? (
        <p className="notice notice--warning" role="status">
          {t(r.minor ? 'referral.overdueMinor' : 'referral.overdueAdult')}
        </p>
      ) : null}
      {r.previous ? (
        <p className="notice notice--info">
          {t('referral.previous')} <Link href={`/referrals/${r.previous.id}`}>{r.previous.centreName}</Link> (
          {t(`referral.statuses.${r.previous.status}`)})
        </p>
      ) : null}
      {r.next ? (
        <p className="notice notice--info">
          {t('referral.next')} <Link href={`/referrals/${r.next.id}`}>{r.next.centreName}</Link> (
          {t(`referral.statuses.${r.next.status}`)})
        </p>
      ) : null}

      <div className="referral-layout">
        <section aria-labelledby="packet-title" className="panel">
          <h2 id="packet-title">{t('referral.packet')}</h2>
          {removed ? (
            <p className="notice notice--info" role="note">
              {removed}
              {r.minimised && r.checklistId ? ` ${t('referral.minimised.checklistKept')}` : ''}
            </p>
          ) : null}
          <dl className="facts">
            {removed ? null : (
              <>
                <dt>{t('referral.packetFields.name')}</dt>
                <dd>{p.name ?? '—'}</dd>
              </>
            )}
            <dt>{t('referral.packetFields.sexAge')}</dt>
            <dd>
              {p.sex ? t(`inbox.request.sexes.${p.sex}`) : '—'} · {p.age ?? '—'} ·{' '}
              {p.minor ? t('referral.minor') : t('referral.adult')}
            </dd>
            <dt>{t('referral.packetFields.nationality')}</dt>
            <dd>{p.nationality ? countryName(p.nationality, FORMAT_LOCALE[locale], labels) : '—'}</dd>
            {removed ? null : (
              <>
                <dt>{t('referral.packetFields.contact')}</dt>
                <dd>{p.noSafeContact ? t('referral.packetFields.noSafeContact') : (p.contact ?? '—')}</dd>
                <dt>{t('referral.packetFields.languages')}</dt>
                <dd>
                  {p.languages ?? '—'}
                  {p.interpreter ? ` · ${labels[`vic.interpreter=${p.interpreter}`]}` : ''}
                </dd>
              </>
            )}
            <dt>{t('referral.packetFields.forms')}</dt>
            <dd>{r.packet.forms.map((f) => labels[`ctx.forms=${f}`]).join(' ; ') || '—'}</dd>
            {removed ? null : (
              <>
                <dt>{t('referral.urgentNeeds')}</dt>
                <dd>{r.packet.urgentNeeds ?? '—'}</dd>
              </>
            )}
            {r.packet.referrer ? (
              <>
                <dt>{t('referral.packetFields.referrer')}</dt>
                <dd>
                  {r.packet.referrer.name} — {organisationName(locale, r.packet.referrer.organisation)}
                  {r.packet.referrer.phone ? ` — ${r.packet.referrer.phone}` : ''}
                </dd>
              </>
            ) : null}
            {r.choiceReason ? (
              <>
                <dt>{t('referral.choiceReason')}</dt>
                <dd>{t(`referral.choiceReasons.${r.choiceReason}`)}</dd>
              </>
            ) : null}
          </dl>
          {r.checklistId ? (
            <p>
              <Link href={`/checklists/${r.checklistId}`}>{t('referral.openChecklist')}</Link>
            </p>
          ) : null}
        </section>

        <section aria-labelledby="timeline-title" className="panel">
          <h2 id="timeline-title">{t('referral.timeline')}</h2>
          <ol className="timeline">
            {r.timeline.map((e, i) => (
              <li key={i}>
                {/* When it happened; when it was registered later, that moment too (decision 0019). */}
                <time dateTime={e.occurredAt}>
                  {format.dateTime(new Date(e.occurredAt), { dateStyle: 'short', timeStyle: 'short' })}
                </time>{' '}
                — <strong>{t(`referral.statuses.${e.to}`)}</strong> — {e.actorName} (
                {organisationName(locale, e.organisationName)})
                {e.reason ? ` — ${t(`referral.reasons.${e.reason}`)}` : ''}
                {e.occurredAt !== e.at ? (
                  <span className="timeline__recorded">
                    {' — '}
                    {t('referral.recordedOn', {
                      date: format.dateTime(new Date(e.at), { dateStyle: 'short', timeStyle: 'short' }),
                    })}
                  </span>
                ) : null}
                {e.lateReason ? (
                  <p className="timeline__note">{t('referral.lateReasonShown', { reason: e.lateReason })}</p>
                ) : null}
                {e.note ? <p className="timeline__note">{e.note}</p> : null}
                {r.guardianshipName && e.organisationName !== r.guardianshipName ? (
                  <p className="timeline__note">
                    {t('cases.guardianshipTold', { organisation: organisationName(locale, r.guardianshipName) })}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      </div>

      {r.actions.length > 0 ? (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">{t('referral.actionsTitle')}</h2>
          <ReferralActions
            key={r.version}
            referralId={r.id}
            version={r.version}
            actions={r.actions}
            redirectTargets={redirectTargets}
            told={told}
            now={brusselsDateTimeLocal(new Date())}
          />
        </section>
      ) : r.side === null ? (
        <p className="muted">{t('referral.followOnly')}</p>
      ) : null}

      {r.packet.checklist ? (
        <section aria-labelledby="shared-title">
          <h2 id="shared-title">{t('referral.sharedChecklist')}</h2>
          <ChecklistView
            answers={r.packet.checklist.answers}
            catalogueVersion={r.packet.checklist.catalogueVersion}
            labels={labels}
            locale={FORMAT_LOCALE[locale]}
          />
        </section>
      ) : null}
    </ClientMessages>
  );
}
