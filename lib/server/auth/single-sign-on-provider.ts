import 'server-only';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { normaliseIssuer } from '../../sso/rules';
import type { SingleSignOnConfig } from './single-sign-on-store';

export type SsoClaims = Record<string, unknown> & { sub: string };

/**
 * The next-auth provider of an organisation's OpenID provider (decision 0032): discovery from the
 * issuer, the authorisation-code flow with PKCE (S256), state and nonce, and the ID token
 * validated by openid-client (signature against the provider's published keys, issuer,
 * audience, nonce, expiry) before any claim is read. The profile is the token's claims; who the
 * person is in Relais is decided afterwards, in the signIn callback.
 */
export function singleSignOnProvider(config: SingleSignOnConfig): OAuthConfig<SsoClaims> {
  return {
    id: config.providerId,
    name: config.label,
    type: 'oauth',
    wellKnown: `${normaliseIssuer(config.issuer)}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: 'openid email', response_type: 'code' } },
    checks: ['pkce', 'state', 'nonce'],
    idToken: true,
    client: { id_token_signed_response_alg: 'RS256' },
    profile(claims) {
      // next-auth needs an id; the Relais account is matched by verified e-mail in signIn.
      return { id: claims.sub };
    },
  };
}
