/**
 * The rules of single sign-on over OpenID Connect (decision 0032), without the database: the
 * provider id of an organisation, how an ID token's claims are judged, and whether they assert
 * a second factor. No 'server-only': the unit tests and the sign-in page's buttons read them.
 */

export const SSO_PROVIDER_PREFIX = 'oidc-';

/** next-auth's provider id for an organisation: stable (its id, not its name or code). */
export function ssoProviderId(organisationId: string): string {
  return `${SSO_PROVIDER_PREFIX}${organisationId}`;
}

export function organisationIdOfProvider(providerId: string): string | null {
  return providerId.startsWith(SSO_PROVIDER_PREFIX) ? providerId.slice(SSO_PROVIDER_PREFIX.length) : null;
}

/** The redirect URI to register at the provider. */
export function ssoCallbackUrl(baseUrl: string, organisationId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/auth/callback/${ssoProviderId(organisationId)}`;
}

/** An issuer as compared: no trailing slash (providers publish it either way). */
export function normaliseIssuer(issuer: string): string {
  return issuer.trim().replace(/\/+$/, '');
}

/** A space- or comma-separated list as stored: distinct values, one space between. */
export function normaliseValueList(values: string): string {
  return [...new Set(values.split(/[\s,]+/).filter(Boolean))].join(' ');
}

export type SsoClaimsRefusal = 'wrong_issuer' | 'no_email' | 'email_unverified';

/**
 * The e-mail address an ID token vouches for, or why it vouches for none. openid-client has
 * already checked the token's signature, audience, nonce and expiry; the issuer is checked again
 * against the configured one (discovery could name another), and only a verified address counts.
 */
export function emailFromClaims(
  claims: Record<string, unknown>,
  config: { issuer: string; emailClaim: string },
): { email: string } | { refusal: SsoClaimsRefusal } {
  if (typeof claims.iss !== 'string' || normaliseIssuer(claims.iss) !== normaliseIssuer(config.issuer))
    return { refusal: 'wrong_issuer' };
  const email = claims[config.emailClaim];
  if (typeof email !== 'string' || !email.includes('@')) return { refusal: 'no_email' };
  // Only the boolean true (or the string "true" some providers send): absent is not verified.
  if (claims.email_verified !== true && claims.email_verified !== 'true') return { refusal: 'email_unverified' };
  return { email: email.trim().toLowerCase() };
}

/** Whether the ID token's `acr` or one of its `amr` values is one the organisation counts as a second factor. */
export function assertsSecondFactor(
  claims: Record<string, unknown>,
  config: { secondFactorAcr: string; secondFactorAmr: string },
): boolean {
  const acrValues = config.secondFactorAcr.split(' ').filter(Boolean);
  const amrValues = config.secondFactorAmr.split(' ').filter(Boolean);
  if (typeof claims.acr === 'string' && acrValues.includes(claims.acr)) return true;
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  return amr.some((v) => amrValues.includes(v));
}

/**
 * Which check refused a provider's answer, from openid-client's message (for the audit trail:
 * the message itself names addresses and values, which are not kept).
 */
export function providerFailureReason(message: string): string {
  if (/invalid_client|client authentication/i.test(message)) return 'client';
  if (/nonce/i.test(message)) return 'nonce';
  if (/\bstate\b/i.test(message)) return 'state';
  if (/code_verifier|pkce/i.test(message)) return 'pkce';
  if (/\biss\b|issuer/i.test(message)) return 'issuer';
  if (/\baud\b|audience|azp/i.test(message)) return 'audience';
  if (/signature|jwks|no valid key|alg/i.test(message)) return 'signature';
  if (/\bexp\b|\biat\b|\bnbf\b|expired|timestamp/i.test(message)) return 'expired';
  return 'other';
}
