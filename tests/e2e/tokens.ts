import { randomUUID } from 'node:crypto';
import { newTokenSecret } from '../../lib/server/tokens/token-secret';
import { rolesAllowedFor, type OrganisationKind } from '../../lib/roles';
import type { TokenScope } from '../../lib/tokens/scopes';
import { db } from './support';

/**
 * A token made directly in the database as the administrators' page makes it (a service account
 * of its organisation with the role of its members, and the token's hash): for tokens the page
 * would refuse (scopes that open nothing for the organisation) and for tests that need many.
 */
export function makeToken(
  organisation: { id: string; kind: OrganisationKind },
  scopes: TokenScope[],
  { expiresAt = new Date(Date.now() + 86_400_000).toISOString() } = {},
): { id: string; token: string; userId: string } {
  const { token, hash, prefix } = newTokenSecret();
  const id = randomUUID();
  const userId = randomUUID();
  const now = new Date().toISOString();
  const role = rolesAllowedFor(organisation.kind).find((r) => r !== 'admin') ?? 'admin';
  const sqlite = db();
  try {
    sqlite
      .prepare(
        'INSERT INTO users (id, email, name, role, organisation_id, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(userId, `token-${id}@api.relais.invalid`, 'API — test', role, organisation.id, '!', now, now);
    sqlite
      .prepare(
        'INSERT INTO api_tokens (id, organisation_id, user_id, name, scopes, token_hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, organisation.id, userId, 'test', JSON.stringify(scopes), hash, prefix, now, expiresAt);
  } finally {
    sqlite.close();
  }
  return { id, token, userId };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The `api_token.use` audit entries of a token, oldest first: outcome, refusal reason, method and path. */
export function tokenUses(tokenId: string): { outcome: string; reason: string | null; method: string; path: string }[] {
  const sqlite = db();
  try {
    return (
      sqlite
        .prepare(
          "SELECT outcome, detail FROM audit_events WHERE action = 'api_token.use' AND target_id = ? ORDER BY id",
        )
        .all(tokenId) as { outcome: string; detail: string }[]
    ).map((r) => {
      const d = JSON.parse(r.detail) as { reason?: string; method: string; path: string };
      return { outcome: r.outcome, reason: d.reason ?? null, method: d.method, path: d.path };
    });
  } finally {
    sqlite.close();
  }
}
