import 'server-only';
import type { Role } from '../../roles';
import type { Actor } from '../auth/actor';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';
import { changeUserRole } from './change-user-role';
import { findOrganisationUsers, type ApiUser } from './find-organisation-users';
import { setUserActive } from './set-user-active';

/**
 * The users API's change (decision 0026): disable or re-enable, and/or change the role, of a
 * user of the caller's own organisation — a platform administrator's call too manages its own
 * organisation here, as its token would. Answers the user as it now is.
 */
export function updateOrganisationUser({
  actor,
  userId,
  patch,
}: {
  actor: Actor;
  userId: string;
  patch: { active?: boolean; role?: Role };
}): ApiUser {
  const permission = patch.active !== undefined ? 'user.disable' : 'user.change_role';
  authorize(actor, permission, { type: 'user', id: userId });
  const inOrganisation = () => findOrganisationUsers({ actor }).find((u) => u.id === userId);
  if (!inOrganisation()) {
    auditRefusal(actor, permission, { type: 'user', id: userId }, 'scope');
    throw new NotFoundError();
  }
  if (patch.active !== undefined) setUserActive({ actor, userId, active: patch.active });
  if (patch.role !== undefined) changeUserRole({ actor, userId, role: patch.role });
  return inOrganisation()!;
}
