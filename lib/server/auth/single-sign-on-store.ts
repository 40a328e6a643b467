import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, type Db } from '../../../db/client';
import { organisations, singleSignOnProviders } from '../../../db/schema';
import { decryptClientSecret } from '../../sso/client-secret';
import { ssoProviderId } from '../../sso/rules';
import { authSecret } from './auth-options';

type Reader = Pick<Db, 'select'>;

/** An organisation's OpenID provider as next-auth and the sign-in path use it (decision 0032). */
export interface SingleSignOnConfig {
  providerId: string;
  organisationId: string;
  organisationName: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  emailClaim: string;
  secondFactorAcr: string;
  secondFactorAmr: string;
}

function toConfig(
  row: typeof singleSignOnProviders.$inferSelect & { organisationName: string },
): SingleSignOnConfig | null {
  const clientSecret = decryptClientSecret(row.clientSecretEncrypted, authSecret(), row.organisationId);
  if (clientSecret === null) {
    // Another session secret than the one it was stored under: the administrator enters it again.
    console.warn(`[auth] the client secret of ${ssoProviderId(row.organisationId)} cannot be read; provider left out`);
    return null;
  }
  return {
    providerId: ssoProviderId(row.organisationId),
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    label: row.label,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret,
    emailClaim: row.emailClaim,
    secondFactorAcr: row.secondFactorAcr,
    secondFactorAmr: row.secondFactorAmr,
  };
}

function rows(db: Reader) {
  return db
    .select({ provider: singleSignOnProviders, organisationName: organisations.name })
    .from(singleSignOnProviders)
    .innerJoin(organisations, eq(organisations.id, singleSignOnProviders.organisationId))
    .where(eq(singleSignOnProviders.enabled, true));
}

/** Every enabled provider whose secret can be read, read for each request (one small query). */
export function enabledSingleSignOnConfigs(db: Reader): SingleSignOnConfig[] {
  return rows(db)
    .all()
    .map((r) => toConfig({ ...r.provider, organisationName: r.organisationName }))
    .filter((c): c is SingleSignOnConfig => c !== null);
}

/** The buttons of the sign-in page: no secret is read, only what is shown. */
export function singleSignOnButtons(): { providerId: string; label: string }[] {
  return rows(getDb())
    .all()
    .map((r) => ({ providerId: ssoProviderId(r.provider.organisationId), label: r.provider.label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
