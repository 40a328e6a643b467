import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { apiTokens, organisations, users } from '../../../db/schema';
import { isTokenScope, type TokenScope } from '../../tokens/scopes';
import type { Actor } from '../auth/actor';
import { writeAudit } from '../audit/write-audit';
import { RateLimiter, tokenRateLimit } from './rate-limit';
import { hashToken } from './token-secret';
import { isDemoMode } from '../auth/demo-mode';

const limiter = new RateLimiter(tokenRateLimit);

export type TokenRefusal =
  | { status: 401; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'disabled' }
  | {
      status: 429;
      reason: 'rate_limited';
      retryAfter: number;
    };

/**
 * The actor of an API call made with a token (decision 0026): the token's service account, in
 * its organisation, limited to its scopes. Every call is audited under the token, refused ones
 * too (with why); a call that is answered counts as the token's last use.
 */
export function resolveApiToken({
  token,
  ip,
  method,
  path,
  now = new Date(),
}: {
  token: string | 'malformed';
  ip: string | null;
  method: string;
  path: string;
  now?: Date;
}): Actor | TokenRefusal {
  const db = getDb();
  const row =
    token === 'malformed'
      ? undefined
      : db
          .select({ token: apiTokens, user: users, organisation: organisations })
          .from(apiTokens)
          .innerJoin(users, eq(users.id, apiTokens.userId))
          .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
          .where(eq(apiTokens.tokenHash, hashToken(token)))
          .get();
  const nowIso = now.toISOString();
  const refusal: TokenRefusal | null =
    token === 'malformed'
      ? { status: 401, reason: 'malformed' }
      : !row
        ? { status: 401, reason: 'unknown' }
        : row.token.revokedAt
          ? { status: 401, reason: 'revoked' }
          : row.token.expiresAt <= nowIso
            ? { status: 401, reason: 'expired' }
            : !row.user.active || (row.user.isDemo && !isDemoMode())
              ? { status: 401, reason: 'disabled' }
              : null;
  const limited = !refusal && row ? limiter.take(row.token.id, now.getTime()) : null;
  const answer: TokenRefusal | null =
    refusal ?? (limited !== null ? { status: 429, reason: 'rate_limited', retryAfter: limited } : null);

  db.transaction(
    (tx) => {
      writeAudit(tx, {
        action: 'api_token.use',
        outcome: answer ? 'refused' : 'ok',
        actorUserId: row?.user.id ?? null,
        actorOrganisationId: row?.token.organisationId ?? null,
        targetType: 'api_token',
        targetId: row?.token.id ?? null,
        ip,
        at: now,
        detail: { method, path, ...(answer ? { reason: answer.reason } : {}) },
      });
      if (!answer && row) tx.update(apiTokens).set({ lastUsedAt: nowIso }).where(eq(apiTokens.id, row.token.id)).run();
    },
    { behavior: 'immediate' },
  );
  if (answer || !row) return answer ?? { status: 401, reason: 'unknown' };

  const scopes = (JSON.parse(row.token.scopes) as string[]).filter(isTokenScope) as TokenScope[];
  return {
    userId: row.user.id,
    name: row.user.name,
    email: row.user.email,
    role: row.user.role,
    organisationId: row.organisation.id,
    organisationName: row.organisation.name,
    organisationKind: row.organisation.kind,
    organisationService: row.organisation.service,
    sessionId: `token:${row.token.id}`,
    mustChangePassword: false,
    ip,
    token: { id: row.token.id, scopes },
  };
}
