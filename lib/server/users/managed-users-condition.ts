import 'server-only';
import { eq, type SQL } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import type { Actor } from '../auth/actor';

/** The users an administrator may manage, as a WHERE condition (undefined = every organisation). */
export function managedUsersCondition(actor: Actor): SQL | undefined {
  // An API token manages its own organisation's users only, the platform's included (decision 0026).
  return adminScopeIsPlatform(actor.organisationKind) && !actor.token
    ? undefined
    : eq(users.organisationId, actor.organisationId);
}
