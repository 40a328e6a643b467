import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getDb } from '../../../db/client';
import { organisationIdOfProvider, providerFailureReason } from '../../sso/rules';
import { writeAudit } from '../audit/write-audit';
import { signInWithSso, SsoSignInError } from './sign-in-with-sso';
import { singleSignOnProvider } from './single-sign-on-provider';
import { enabledSingleSignOnConfigs } from './single-sign-on-store';

/** The answers of next-auth's logger that mean a provider's answer was refused before any claim was read. */
const PROVIDER_FAILURES = new Set(['OAUTH_CALLBACK_ERROR', 'OAUTH_CALLBACK_HANDLER_ERROR', 'SIGNIN_OAUTH_ERROR']);

/**
 * next-auth's options for one request, with a provider for each organisation whose single sign-on
 * is on (decision 0032). Read for each request, so a change on the administration page applies at
 * once, in every worker process, with no cache to invalidate.
 */
export function withSingleSignOn(options: NextAuthOptions, ip: string): NextAuthOptions {
  const configs = enabledSingleSignOnConfigs(getDb());
  const byId = new Map(configs.map((c) => [c.providerId, c]));
  const signInPage = `${(process.env.NEXTAUTH_URL ?? '').replace(/\/+$/, '')}/signin`;
  return {
    ...options,
    providers: [...options.providers, ...configs.map(singleSignOnProvider)],
    callbacks: {
      ...options.callbacks,
      signIn(params) {
        const { user, account, profile } = params;
        // The password and second-factor providers: whatever the fixed options say.
        if (account?.type !== 'oauth') return options.callbacks?.signIn?.(params) ?? true;
        const config = byId.get(account.provider);
        if (!config || !profile) return `${signInPage}?error=sso_refused`;
        try {
          const { userId, sessionId } = signInWithSso({ config, claims: profile as Record<string, unknown>, ip });
          // The jwt callback puts this session id, and nothing of the token's claims, in the cookie.
          Object.assign(user, { id: userId, sid: sessionId });
          return true;
        } catch (e) {
          if (e instanceof SsoSignInError) return `${signInPage}?error=sso_${e.refusal}`;
          throw e;
        }
      },
    },
    logger: {
      ...options.logger,
      error(code, metadata) {
        auditProviderFailure(code, metadata, ip);
        options.logger?.error?.(code, metadata);
      },
    },
  };
}

/** A provider's answer refused (bad ID token, state, PKCE, an error from the provider): audited, no personal data. */
function auditProviderFailure(code: string, metadata: unknown, ip: string): void {
  if (!PROVIDER_FAILURES.has(code) || typeof metadata !== 'object' || metadata === null) return;
  const { providerId, error } = metadata as { providerId?: unknown; error?: unknown };
  const organisationId = typeof providerId === 'string' ? organisationIdOfProvider(providerId) : null;
  if (!organisationId) return;
  const message = error instanceof Error ? error.message : String(error ?? '');
  const reason = code === 'OAUTH_CALLBACK_HANDLER_ERROR' ? 'provider_error' : providerFailureReason(message);
  try {
    getDb().transaction(
      (tx) =>
        writeAudit(tx, {
          action: 'auth.sign_in',
          outcome: 'failed',
          actorOrganisationId: organisationId,
          targetType: 'user',
          ip,
          detail: { method: 'oidc', provider: providerId as string, reason: `token_refused:${reason}` },
        }),
      { behavior: 'immediate' },
    );
  } catch {
    // An organisation deleted meanwhile (foreign key): the log line below still says it.
  }
}
