import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { organisations, users } from '../../../db/schema';
import { needsConfirmationWhenSetByAnAdministrator } from '../../permissions';
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
  /** Cannot sign in until another administrator of its organisation confirms it (decision 0018). */
  pendingConfirmation: boolean;
  /** Signs in only through its organisation's provider: no password to reset (decision 0032). */
  ssoOnly: boolean;
  /** The administrator who last chose the password, and when; null if none did (shell, seed). */
  passwordSetBy: { name: string; at: string } | null;
  /** Who confirmed that password; null while unconfirmed. */
  confirmedBy: { name: string; at: string } | null;
  /** Active without a second administrator's confirmation, for a role that needs one. */
  unconfirmed: boolean;
  /** Whether this administrator may press "Confirm": of their own organisation, not the one who set the password. */
  confirmable: boolean;
}

/** The users an administrator manages: their organisation's, or all for the platform. */
export function findUsers({ actor }: { actor: Actor }): UserListItem[] {
  authorize(actor, 'user.list');
  const setter = alias(users, 'setter');
  const confirmer = alias(users, 'confirmer');
  const rows = getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      organisationId: users.organisationId,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
      createdAt: users.createdAt,
      pendingConfirmation: users.pendingConfirmation,
      ssoOnly: users.ssoOnly,
      passwordSetById: users.passwordSetBy,
      passwordSetByName: setter.name,
      passwordSetAt: users.passwordSetAt,
      confirmedByName: confirmer.name,
      confirmedAt: users.confirmedAt,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(setter, eq(setter.id, users.passwordSetBy))
    .leftJoin(confirmer, eq(confirmer.id, users.confirmedBy))
    .where(managedUsersCondition(actor))
    .orderBy(asc(organisations.name), asc(users.name))
    .all();
  return rows.map(
    ({ organisationId, passwordSetById, passwordSetByName, passwordSetAt, confirmedByName, confirmedAt, ...u }) => {
      const awaiting =
        passwordSetById !== null &&
        confirmedAt === null &&
        (u.pendingConfirmation || needsConfirmationWhenSetByAnAdministrator(u.role));
      return {
        ...u,
        passwordSetBy: passwordSetById && passwordSetAt ? { name: passwordSetByName ?? '', at: passwordSetAt } : null,
        confirmedBy: confirmedAt ? { name: confirmedByName ?? '', at: confirmedAt } : null,
        unconfirmed: awaiting && !u.pendingConfirmation,
        confirmable:
          awaiting &&
          organisationId === actor.organisationId &&
          passwordSetById !== actor.userId &&
          u.id !== actor.userId,
      };
    },
  );
}
