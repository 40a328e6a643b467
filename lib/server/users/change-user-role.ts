import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { users } from '../../../db/schema';
import { isRoleAllowedFor, type Role } from '../../roles';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { DomainError, NotFoundError } from '../errors';
import { getManagedUserInTx } from './get-managed-user-in-tx';
import { endSessionsOfUserInTx } from '../auth/resolve-session';
import { enqueueSecurityNotice } from '../mail/enqueue-mail';

/** Changes a user's role (within what their organisation's kind allows); their sessions end. */
export function changeUserRole({ actor, userId, role }: { actor: Actor; userId: string; role: Role }): void {
  authorize(actor, 'user.change_role', { type: 'user', id: userId });
  if (userId === actor.userId) throw new DomainError('errors.cannotChangeOwnRole');
  const now = new Date();
  const outcome = getDb().transaction(
    (tx) => {
      const user = getManagedUserInTx(tx, actor, userId);
      if (!user) return 'not_found' as const;
      if (!isRoleAllowedFor(role, user.kind)) return 'invalid' as const;
      if (user.role === role) return 'ok' as const;
      tx.update(users).set({ role, updatedAt: now.toISOString() }).where(eq(users.id, userId)).run();
      endSessionsOfUserInTx(tx, userId, 'role_changed', now);
      auditAct(
        tx,
        actor,
        'user.change_role',
        { type: 'user', id: userId },
        { detail: { from: user.role, to: role }, at: now },
      );
      enqueueSecurityNotice(tx, { userId, event: 'role_changed', role, at: now });
      return 'ok' as const;
    },
    { behavior: 'immediate' },
  );
  if (outcome === 'not_found') {
    auditRefusal(actor, 'user.change_role', { type: 'user', id: userId }, 'scope');
    throw new NotFoundError();
  }
  if (outcome === 'invalid') throw new DomainError('errors.validation', { role: ['errors.roleNotForOrganisation'] });
}
