import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, users } from '../../../db/schema';
import type { OrganisationKind, Role } from '../../roles';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { managedUsersCondition } from './managed-users-condition';

export interface UserListItem {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  organisationName: string;
  organisationKind: OrganisationKind;
  createdAt: string;
}

/** The users an administrator manages: their organisation's, or all for the platform. */
export function findUsers({ actor }: { actor: Actor }): UserListItem[] {
  authorize(actor, 'user.list');
  return getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(managedUsersCondition(actor))
    .orderBy(asc(organisations.name), asc(users.name))
    .all();
}
