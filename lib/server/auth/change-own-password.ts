import 'server-only';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { sessions, users } from '../../../db/schema';
import { hashPassword, verifyPassword } from './password';
import type { ChangePasswordInput } from '../../validation/auth';
import type { Actor } from './actor';
import { writeAudit } from '../audit/write-audit';
import { authorize } from './authorize';
import { DomainError } from '../errors';

/** A user changes their own password; their other sessions end, this one goes on. */
export async function changeOwnPassword({ actor, input }: { actor: Actor; input: ChangePasswordInput }): Promise<void> {
  authorize(actor, 'account.change_password');
  const db = getDb();
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    db.transaction(
      (tx) =>
        writeAudit(tx, {
          action: 'account.change_password',
          outcome: 'failed',
          actorUserId: actor.userId,
          actorOrganisationId: actor.organisationId,
          targetType: 'user',
          targetId: actor.userId,
          ip: actor.ip,
          detail: { reason: 'wrong_current_password' },
        }),
      { behavior: 'immediate' },
    );
    throw new DomainError('errors.validation', { currentPassword: ['errors.wrongCurrentPassword'] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date().toISOString();
  db.transaction(
    (tx) => {
      tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: now }).where(eq(users.id, actor.userId)).run();
      tx.update(sessions)
        .set({ endedAt: now, endReason: 'ended' })
        .where(and(eq(sessions.userId, actor.userId), ne(sessions.id, actor.sessionId), isNull(sessions.endedAt)))
        .run();
      writeAudit(tx, {
        action: 'account.change_password',
        outcome: 'ok',
        actorUserId: actor.userId,
        actorOrganisationId: actor.organisationId,
        targetType: 'user',
        targetId: actor.userId,
        ip: actor.ip,
      });
    },
    { behavior: 'immediate' },
  );
}
