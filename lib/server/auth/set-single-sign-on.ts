import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, singleSignOnProviders } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import { encryptClientSecret } from '../../sso/client-secret';
import type { SingleSignOnInput } from '../../validation/single-sign-on';
import type { Actor } from './actor';
import { authSecret } from './auth-options';
import { auditRefusal, authorize } from './authorize';
import { auditAct } from '../audit/write-audit';
import { DomainError, NotFoundError } from '../errors';

/**
 * A platform administrator sets an organisation's OpenID provider (decision 0032). The client
 * secret is stored encrypted and never shown back; left empty, the stored one is kept. The audit
 * entry says what changed, never the secret. The next sign-in request sees the change.
 */
export function setSingleSignOn({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: SingleSignOnInput;
  now?: Date;
}): void {
  authorize(actor, 'settings.single_sign_on');
  const db = getDb();
  const organisation = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, input.organisationId))
    .get();
  if (!adminScopeIsPlatform(actor.organisationKind) || !organisation) {
    auditRefusal(actor, 'settings.single_sign_on', { type: 'organisation', id: input.organisationId }, 'scope');
    throw new NotFoundError();
  }
  const at = now.toISOString();
  const outcome = db.transaction(
    (tx) => {
      const existing = tx
        .select({ secret: singleSignOnProviders.clientSecretEncrypted })
        .from(singleSignOnProviders)
        .where(eq(singleSignOnProviders.organisationId, organisation.id))
        .get();
      if (!existing && !input.clientSecret) return 'secret_required' as const;
      const clientSecretEncrypted = input.clientSecret
        ? encryptClientSecret(input.clientSecret, authSecret(), organisation.id)
        : existing!.secret;
      const values = {
        enabled: input.enabled,
        label: input.label,
        issuer: input.issuer,
        clientId: input.clientId,
        clientSecretEncrypted,
        emailClaim: input.emailClaim,
        secondFactorAcr: input.secondFactorAcr,
        secondFactorAmr: input.secondFactorAmr,
        updatedAt: at,
        updatedBy: actor.userId,
      };
      tx.insert(singleSignOnProviders)
        .values({ organisationId: organisation.id, ...values })
        .onConflictDoUpdate({ target: singleSignOnProviders.organisationId, set: values })
        .run();
      auditAct(
        tx,
        actor,
        'settings.single_sign_on',
        { type: 'organisation', id: organisation.id },
        {
          detail: {
            enabled: input.enabled,
            issuer: input.issuer,
            clientId: input.clientId,
            secretChanged: input.clientSecret !== null,
            emailClaim: input.emailClaim,
            secondFactorAcr: input.secondFactorAcr,
            secondFactorAmr: input.secondFactorAmr,
          },
          at: now,
        },
      );
      return 'saved' as const;
    },
    { behavior: 'immediate' },
  );
  if (outcome === 'secret_required')
    throw new DomainError('errors.validation', { clientSecret: ['singleSignOn.errors.secretRequired'] });
}
