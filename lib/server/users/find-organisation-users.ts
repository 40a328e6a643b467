import 'server-only';
import { and, asc, eq, notLike } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { users } from '../../../db/schema';
import type { Role } from '../../roles';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { TOKEN_ACCOUNT_DOMAIN } from '../tokens/issue-api-token';

export interface ApiUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  pendingConfirmation: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * The users of the caller's own organisation, for the users API (decision 0026) — also for a
 * platform administrator's token: an integration manages its organisation, not the platform.
 * Tokens' service accounts are not people and are left out.
 */
export function findOrganisationUsers({ actor }: { actor: Actor }): ApiUser[] {
  authorize(actor, 'user.list');
  return getDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      pendingConfirmation: users.pendingConfirmation,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .where(and(eq(users.organisationId, actor.organisationId), notLike(users.email, `%@${TOKEN_ACCOUNT_DOMAIN}`)))
    .orderBy(asc(users.email))
    .all();
}
