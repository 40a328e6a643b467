import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { users } from '../../../db/schema';
import { assertsSecondFactor, emailFromClaims } from '../../sso/rules';
import { writeAudit } from '../audit/write-audit';
import { TOKEN_ACCOUNT_DOMAIN } from '../tokens/issue-api-token';
import { isDemoMode } from './demo-mode';
import { openSessionInTx } from './open-session';
import { pendingStepFor } from './second-factor-store';
import type { SingleSignOnConfig } from './single-sign-on-store';

/**
 * What the sign-in page says. `refused` covers an unknown address, a disabled account and an
 * account of another organisation alike: the person proved the address to their provider, but
 * what Relais holds for it beyond their organisation is not theirs to learn.
 */
export type SsoRefusal = 'refused' | 'unverified' | 'awaiting_confirmation';

export class SsoSignInError extends Error {
  constructor(public readonly refusal: SsoRefusal) {
    super(refusal);
    this.name = 'SsoSignInError';
  }
}

/**
 * Signs in the person an organisation's OpenID provider vouches for (decision 0032). The ID token
 * has been validated already (openid-client, inside next-auth). The person is matched only by a
 * verified e-mail address to an active account of THAT organisation, made by an administrator:
 * no account is ever created. The session opened is the one a password opens; when the
 * second-factor policy requires a factor and the token does not assert one of the values the
 * organisation counts, it is the half-way session of decision 0025. Every refusal is audited,
 * with no personal data (the e-mail address is not written).
 */
export function signInWithSso({
  config,
  claims,
  ip,
  now = new Date(),
}: {
  config: SingleSignOnConfig;
  claims: Record<string, unknown>;
  ip: string;
  now?: Date;
}): { userId: string; sessionId: string } {
  const db = getDb();
  const refuse = (reason: string, refusal: SsoRefusal, user?: { id: string }): never => {
    db.transaction(
      (tx) =>
        writeAudit(tx, {
          action: 'auth.sign_in',
          outcome: 'failed',
          actorUserId: user?.id ?? null,
          actorOrganisationId: config.organisationId,
          targetType: 'user',
          targetId: user?.id ?? null,
          ip,
          at: now,
          detail: { method: 'oidc', provider: config.providerId, reason },
        }),
      { behavior: 'immediate' },
    );
    throw new SsoSignInError(refusal);
  };

  const vouched = emailFromClaims(claims, config);
  if ('refusal' in vouched)
    return refuse(vouched.refusal, vouched.refusal === 'email_unverified' ? 'unverified' : 'refused');
  // Tokens' service accounts are not people, whatever a provider asserts.
  if (vouched.email.endsWith(`@${TOKEN_ACCOUNT_DOMAIN}`)) return refuse('service_account', 'refused');

  const user = db
    .select({
      id: users.id,
      role: users.role,
      organisationId: users.organisationId,
      active: users.active,
      isDemo: users.isDemo,
      pendingConfirmation: users.pendingConfirmation,
    })
    .from(users)
    .where(eq(users.email, vouched.email))
    .get();
  if (!user) return refuse('unknown_account', 'refused');
  // Another organisation's provider never vouches for this account, whatever address it asserts.
  if (user.organisationId !== config.organisationId) return refuse('other_organisation', 'refused');
  if (!user.active) return refuse('user_disabled', 'refused', user);
  if (user.isDemo && !isDemoMode()) return refuse('demo_account_outside_demo_mode', 'refused', user);
  if (user.pendingConfirmation) return refuse('awaiting_confirmation', 'awaiting_confirmation', user);

  const factorAsserted = assertsSecondFactor(claims, config);
  const sessionId = db.transaction(
    (tx) =>
      openSessionInTx(tx, user, {
        ip,
        now,
        // The provider's own second factor counts when it asserts one the organisation accepts;
        // otherwise Relais asks for its own, as after a password.
        secondFactorPending: factorAsserted ? null : pendingStepFor(tx, user),
        detail: { method: 'oidc', provider: config.providerId, providerSecondFactor: factorAsserted },
      }),
    { behavior: 'immediate' },
  );
  return { userId: user.id, sessionId };
}
