import { randomUUID } from 'node:crypto';
import { ClientMessages } from '@/components/ClientMessages';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { countryName } from '@/components/checklist/format';
import { CentreRequestForm } from '@/components/referrals/CentreRequestForm';
import { FORMS } from '@/lib/checklist/catalogue';
import { NATIONALITY_CODES } from '@/lib/checklist/countries';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { FORMAT_LOCALE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import { allowedTransitions, CASE_TYPES, REQUEST_SOURCES } from '@/lib/referrals/state-machine';
import { requirePageActor } from '@/lib/http/current-actor';

export async function generateMetadata() {
  return { title: (await getTranslations('inbox'))('registerRequest') };
}

export default async function NewRequestPage() {
  await requirePageActor('centre_request.create');
  const t = await getTranslations();
  const locale = await requestLocale();
  const labels = CHECKLIST_LABELS[locale];
  const nationalities = [...NATIONALITY_CODES]
    .map((c) => ({ value: c, label: countryName(c, FORMAT_LOCALE[locale], labels) }))
    .sort((a, b) => a.label.localeCompare(b.label, FORMAT_LOCALE[locale]));
  // What a request may already have come to: the centre's moves from acknowledged.
  const outcomes = allowedTransitions('acknowledged', 'centre');
  const status = (s: string) => ({ value: s, label: t(`referral.statuses.${s}`) });
  return (
    <ClientMessages namespaces={['checklist', 'inbox', 'referral']}>
      <p>
        <Link href="/inbox">← {t('inbox.title')}</Link>
      </p>
      <h1>{t('inbox.registerRequest')}</h1>
      <p className="lead">{t('inbox.request.lead')}</p>
      <CentreRequestForm
        idempotencyKey={randomUUID()}
        sources={REQUEST_SOURCES.filter((s) => s !== 'app').map((s) => ({
          value: s,
          label: t(`referral.sources.${s}`),
        }))}
        nationalities={nationalities}
        forms={FORMS.map((f) => ({ value: f, label: labels[`ctx.forms=${f}`] ?? f }))}
        caseTypes={CASE_TYPES.map((c) => ({ value: c, label: t(`referral.caseTypes.${c}`) }))}
        outcomes={outcomes.map((o) => status(o.to))}
        outcomeReasons={outcomes
          .filter((o) => o.reasons)
          .map((o) => ({
            outcome: status(o.to),
            reasons: (o.reasons ?? []).map((r) => ({ value: r, label: t(`referral.reasons.${r}`) })),
          }))}
      />
    </ClientMessages>
  );
}
