import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb } from '../../../db/client';
import { apiTokens, users } from '../../../db/schema';
import { rolesAllowedFor } from '../../roles';
import { scopesFor, TOKEN_MAX_DAYS } from '../../tokens/scopes';
import type { IssueTokenInput } from '../../validation/tokens';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { auditAct } from '../audit/write-audit';
import { DomainError } from '../errors';
import { newTokenSecret } from './token-secret';

/** The e-mail domain of tokens' service accounts: reserved (RFC 2606), so no one receives mail there or signs in with it. */
export const TOKEN_ACCOUNT_DOMAIN = 'api.relais.invalid';

/**
 * An organisation's administrator issues a token for a named integration (decision 0026): bound
 * to the administrator's organisation and to scopes that organisation can use, expiring within a
 * year. The token is returned once and only its hash is kept. It acts through a service account
 * of its own, which cannot sign in (no password matches its hash), so its writes and audit
 * entries name it.
 */
export function issueApiToken({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: IssueTokenInput;
  now?: Date;
}): { id: string; token: string; expiresAt: string } {
  authorize(actor, 'api_token.manage');
  const allowed = scopesFor(actor.organisationKind);
  const wrong = input.scopes.filter((s) => !allowed.includes(s));
  if (wrong.length > 0)
    throw new DomainError('errors.validation', { scopes: ['tokens.errors.scopeNotForOrganisation'] });
  const days = Math.min(input.days, TOKEN_MAX_DAYS);
  const id = randomUUID();
  const userId = randomUUID();
  const { token, hash, prefix } = newTokenSecret();
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  const role = rolesAllowedFor(actor.organisationKind).find((r) => r !== 'admin') ?? 'admin';
  getDb().transaction(
    (tx) => {
      tx.insert(users)
        .values({
          id: userId,
          email: `token-${id}@${TOKEN_ACCOUNT_DOMAIN}`,
          name: `API — ${input.name}`,
          role,
          organisationId: actor.organisationId,
          passwordHash: '!',
          createdAt: nowIso,
          updatedAt: nowIso,
        })
        .run();
      tx.insert(apiTokens)
        .values({
          id,
          organisationId: actor.organisationId,
          userId,
          name: input.name,
          scopes: JSON.stringify(input.scopes),
          tokenHash: hash,
          prefix,
          createdBy: actor.userId,
          createdAt: nowIso,
          expiresAt,
        })
        .run();
      auditAct(
        tx,
        actor,
        'api_token.create',
        { type: 'api_token', id },
        {
          detail: { name: input.name, scopes: input.scopes.join(' '), expiresAt },
          at: now,
        },
      );
    },
    { behavior: 'immediate' },
  );
  return { id, token, expiresAt };
}
