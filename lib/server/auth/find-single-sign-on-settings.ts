import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, singleSignOnProviders } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import type { OrganisationKind } from '../../roles';
import { ssoProviderId } from '../../sso/rules';
import type { Actor } from './actor';
import { auditRefusal, authorize } from './authorize';
import { NotFoundError } from '../errors';

/** One organisation's single sign-on as the administration page shows it: never the client secret. */
export interface SingleSignOnSettingsRow {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  providerId: string;
  configured: boolean;
  enabled: boolean;
  label: string;
  issuer: string;
  clientId: string;
  emailClaim: string;
  secondFactorAcr: string;
  secondFactorAmr: string;
  updatedAt: string | null;
}

/** Every organisation with its provider's settings, if any (platform administrators only, decision 0032). */
export function findSingleSignOnSettings({ actor }: { actor: Actor }): SingleSignOnSettingsRow[] {
  authorize(actor, 'settings.single_sign_on');
  if (!adminScopeIsPlatform(actor.organisationKind)) {
    auditRefusal(actor, 'settings.single_sign_on', undefined, 'scope');
    throw new NotFoundError();
  }
  return getDb()
    .select({ organisation: organisations, provider: singleSignOnProviders })
    .from(organisations)
    .leftJoin(singleSignOnProviders, eq(singleSignOnProviders.organisationId, organisations.id))
    .orderBy(asc(organisations.name))
    .all()
    .map(({ organisation: o, provider: p }) => ({
      organisationId: o.id,
      organisationName: o.name,
      organisationKind: o.kind,
      providerId: ssoProviderId(o.id),
      configured: p !== null,
      enabled: p?.enabled ?? false,
      label: p?.label ?? '',
      issuer: p?.issuer ?? '',
      clientId: p?.clientId ?? '',
      emailClaim: p?.emailClaim ?? 'email',
      secondFactorAcr: p?.secondFactorAcr ?? '',
      secondFactorAmr: p?.secondFactorAmr ?? '',
      updatedAt: p?.updatedAt ?? null,
    }));
}
