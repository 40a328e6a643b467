import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { apiTokens, users } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditRefusal, authorize } from '../auth/authorize';
import { auditAct } from '../audit/write-audit';
import { NotFoundError } from '../errors';

/** Revokes a token of the administrator's organisation: its next call answers 401; its service account is disabled. */
export function revokeApiToken({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: { tokenId: string };
  now?: Date;
}): void {
  authorize(actor, 'api_token.manage');
  const done = getDb().transaction(
    (tx) => {
      const token = tx
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.organisationId, actor.organisationId)))
        .get();
      if (!token) return false;
      tx.update(apiTokens)
        .set({ revokedAt: now.toISOString(), revokedBy: actor.userId })
        .where(and(eq(apiTokens.id, token.id), isNull(apiTokens.revokedAt)))
        .run();
      tx.update(users).set({ active: false, updatedAt: now.toISOString() }).where(eq(users.id, token.userId)).run();
      auditAct(tx, actor, 'api_token.revoke', { type: 'api_token', id: token.id }, { at: now });
      return true;
    },
    { behavior: 'immediate' },
  );
  if (!done) {
    auditRefusal(actor, 'api_token.revoke', { type: 'api_token', id: input.tokenId }, 'scope');
    throw new NotFoundError();
  }
}
