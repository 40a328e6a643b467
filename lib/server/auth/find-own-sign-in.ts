import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { users } from '../../../db/schema';
import type { Actor } from './actor';
import { authorize } from './authorize';

/** How the signed-in person signs in: an account without a password is offered no password change (decision 0032). */
export function findOwnSignIn({ actor }: { actor: Actor }): { ssoOnly: boolean } {
  authorize(actor, 'account.read');
  const row = getDb().select({ ssoOnly: users.ssoOnly }).from(users).where(eq(users.id, actor.userId)).get();
  return { ssoOnly: row?.ssoOnly ?? false };
}
