import 'server-only';
import { eq, type SQL } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import type { Actor } from '../auth/actor';

/** The users an administrator may manage, as a WHERE condition (undefined = every organisation). */
export function managedUsersCondition(actor: Actor): SQL | undefined {
  return adminScopeIsPlatform(actor.organisationKind) ? undefined : eq(users.organisationId, actor.organisationId);
}
