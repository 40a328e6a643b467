import { randomUUID } from 'node:crypto';
import { getTranslations } from 'next-intl/server';
import { ReferForm } from '@/components/referrals/ReferForm';
import { StatusBadge } from '@/components/referrals/StatusBadge';
import { derive } from '@/lib/checklist/derived';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { requestLocale } from '@/lib/i18n/request';
import { CHOICE_REASONS, eligibleCentres, referralEligibility, suggestedCentre } from '@/lib/referrals/routing';
import { CASE_TYPES } from '@/lib/referrals/state-machine';
import type { Actor } from '@/lib/server/auth/actor';
import type { ChecklistDetail } from '@/lib/server/checklists/get-checklist';
import { findCentreCapacities } from '@/lib/server/centres/capacity';
import { findChecklistReferrals } from '@/lib/server/referrals/find-checklist-referrals';

/** The "refer" part of a completed check-list: its referrals, and the form when a referral may start. */
export async function ReferSection({ actor, checklist }: { actor: Actor; checklist: ChecklistDetail }) {
  const t = await getTranslations();
  const labels = CHECKLIST_LABELS[await requestLocale()];
  const derived = derive(checklist.answers);
  const referrals = findChecklistReferrals({ actor, checklistId: checklist.id });
  const open = referrals.some((r) => r.open);
  const wish = typeof checklist.answers['out.wish'] === 'string' ? checklist.answers['out.wish'] : null;
  const eligibility = referralEligibility({ status: checklist.status, wish, minor: derived.minor }, open);
  const region = typeof checklist.answers['ctx.region'] === 'string' ? checklist.answers['ctx.region'] : null;
  const capacities = findCentreCapacities({ actor });
  const eligible = eligibleCentres(derived.minor);
  return (
    <section aria-labelledby="refer-title" className="panel refer-panel">
      <h2 id="refer-title">{t('referral.referTitle')}</h2>
      {referrals.length > 0 ? (
        <ul className="plain-list">
          {referrals.map((r) => (
            <li key={r.id}>
              <a href={`/referrals/${r.id}`}>{r.centreName}</a> —{' '}
              <StatusBadge status={r.status} label={t(`referral.statuses.${r.status}`)} />
            </li>
          ))}
        </ul>
      ) : null}
      {eligibility.ok ? (
        <ReferForm
          checklistId={checklist.id}
          idempotencyKey={randomUUID()}
          centres={capacities
            .filter((c) => eligible.includes(c.code as never))
            .map((c) => ({ code: c.code, name: c.name, placesFree: c.placesFree, ambulatoryOpen: c.ambulatoryOpen }))}
          suggested={suggestedCentre(region, derived.minor)}
          minor={derived.minor}
          choiceReasons={[...CHOICE_REASONS]}
          caseTypes={[...CASE_TYPES]}
        />
      ) : (
        <p className="notice notice--info">
          {t(`referral.notEligible.${eligibility.reason}`, {
            centre:
              typeof checklist.answers['out.care_centre'] === 'string'
                ? (labels[`out.care_centre=${checklist.answers['out.care_centre']}`] ?? '')
                : '',
          })}
        </p>
      )}
    </section>
  );
}
