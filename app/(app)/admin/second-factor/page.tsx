import { getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/DataTable';
import { notFound } from 'next/navigation';
import { ClientMessages } from '@/components/ClientMessages';
import { PolicyRuleForm } from '@/components/second-factor/PolicyRuleForm';
import { requirePageActor } from '@/lib/http/current-actor';
import { NotFoundError } from '@/lib/server/errors';
import { findSecondFactorPolicies, type SecondFactorPolicyRow } from '@/lib/server/auth/find-second-factor-policies';
import { organisationName } from '@/lib/organisations/names';
import { requestLocale } from '@/lib/i18n/request';

export async function generateMetadata() {
  return { title: (await getTranslations('secondFactor'))('policy.title') };
}

/** Which organisations and roles must give a second factor (platform administrators, decision 0025). */
export default async function SecondFactorPolicyPage() {
  const actor = await requirePageActor('settings.second_factor_policy');
  let rows: SecondFactorPolicyRow[];
  try {
    rows = findSecondFactorPolicies({ actor });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const t = await getTranslations();
  const locale = await requestLocale();
  return (
    <ClientMessages namespaces={['secondFactor']}>
      <h1>{t('secondFactor.policy.title')}</h1>
      <p className="lead">{t('secondFactor.policy.lead')}</p>
      <DataTable
        caption={t('secondFactor.policy.title')}
        columns={[t('secondFactor.policy.organisation'), t('secondFactor.policy.role'), t('secondFactor.policy.rule')]}
      >
        {rows.map((r) => (
          <tr key={`${r.organisationId}/${r.role}`}>
            <th scope="row">{organisationName(locale, r.organisationName)}</th>
            <td>{t(`roles.${r.role}`)}</td>
            <td>
              <PolicyRuleForm
                organisationId={r.organisationId}
                organisationName={r.organisationName}
                role={r.role}
                roleLabel={t(`roles.${r.role}`)}
                rule={r.rule === null ? 'default' : r.rule ? 'required' : 'optional'}
                required={r.required}
              />
            </td>
          </tr>
        ))}
      </DataTable>
    </ClientMessages>
  );
}
