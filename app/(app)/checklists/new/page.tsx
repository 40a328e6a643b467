import { randomUUID } from 'node:crypto';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ClientMessages } from '@/components/ClientMessages';
import { ChecklistForm } from '@/components/checklist/ChecklistForm';
import { newDraftStorageId } from '@/components/checklist/create-on-first-answer';
import { CURRENT_CATALOGUE_VERSION } from '@/lib/checklist/catalogue';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { withCountryNames } from '@/lib/checklist/country-labels';
import { firstValues } from '@/lib/http/query';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import { requirePageActor } from '@/lib/http/current-actor';
import { findDraftByKey } from '@/lib/server/checklists/find-draft-by-key';
import { IDEMPOTENCY_KEY, UUID } from '@/lib/validation/common';

export async function generateMetadata() {
  return { title: (await getTranslations('cases'))('newChecklist') };
}

/**
 * A new check-list: an empty form that stores nothing until the first answer (decision 0023).
 * The key in the address is the draft's creation key: a reload before the first answer shows
 * the empty form again, after it the draft the first answer created.
 */
export default async function NewChecklistPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor('checklist.write');
  const p = firstValues(await searchParams);
  const investigationId = p.investigation && UUID.test(p.investigation) ? p.investigation : null;
  if (!p.key || !IDEMPOTENCY_KEY.test(p.key)) {
    const query = new URLSearchParams({
      key: randomUUID(),
      ...(investigationId ? { investigation: investigationId } : {}),
    });
    redirect(`/checklists/new?${query.toString()}`);
  }
  const existing = findDraftByKey({ actor, idempotencyKey: p.key });
  if (existing && existing.status !== 'draft') redirect(`/checklists/${existing.id}`);
  const t = await getTranslations();
  const locale = await requestLocale();
  return (
    <ClientMessages namespaces={['checklist', 'referral']}>
      <p>
        <Link href="/checklists">← {t('checklist.back')}</Link>
      </p>
      <h1>{t('cases.newChecklist')}</h1>
      <p className="lead">{t('cases.newChecklistLead')}</p>
      <ChecklistForm
        id={newDraftStorageId(p.key)}
        // What the server sets on creation is shown from the start: the author's service.
        initialAnswers={existing?.answers ?? { 'ctx.service': actor.organisationService ?? 'other' }}
        status="draft"
        catalogueVersion={CURRENT_CATALOGUE_VERSION}
        // The countries named by the server: the browser's own names could differ and break hydration (country-labels.ts).
        labels={withCountryNames(CHECKLIST_LABELS[locale], FORMAT_LOCALE[locale])}
        locale={FORMAT_LOCALE[locale]}
        create={{ idempotencyKey: p.key, investigationId, existingId: existing?.id ?? null }}
      />
    </ClientMessages>
  );
}
