import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { apiTokens, users } from '../../../db/schema';
import { isTokenScope, type TokenScope } from '../../tokens/scopes';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  createdByName: string | null;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The tokens of the administrator's organisation, newest first (never their secret: only its first characters). */
export function findApiTokens({ actor }: { actor: Actor }): ApiTokenRow[] {
  authorize(actor, 'api_token.manage');
  return getDb()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      createdByName: users.name,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.organisationId, actor.organisationId))
    .orderBy(desc(apiTokens.createdAt))
    .all()
    .map((r) => ({ ...r, scopes: (JSON.parse(r.scopes) as string[]).filter(isTokenScope) }));
}
