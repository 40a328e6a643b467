import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, users } from '../../../db/schema';
import { generatePassword, hashPassword } from '../auth/password';
import { adminScopeIsPlatform } from '../../permissions';
import { isRoleAllowedFor } from '../../roles';
import type { CreateUserInput } from '../../validation/users';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { ConflictError, DomainError, NotFoundError } from '../errors';
import { confirmationOnSetInTx, type ConfirmationOnSet } from './confirmation';

/**
 * Creates a user with a one-time password, returned once and never stored in clear; the user
 * must change it at first sign-in. Non-platform administrators create users in their own
 * organisation only (the organisation is in the WHERE clause). The account records who set its
 * password; one that reads persons' records (or administers) waits for another administrator
 * of its organisation to confirm it, when there is one (decision 0018).
 */
export async function createUser({
  actor,
  input,
}: {
  actor: Actor;
  input: CreateUserInput;
}): Promise<{ userId: string; oneTimePassword: string | null; confirmation: ConfirmationOnSet }> {
  authorize(actor, 'user.create');
  const db = getDb();
  const organisation = db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(
      adminScopeIsPlatform(actor.organisationKind)
        ? eq(organisations.id, input.organisationId)
        : and(eq(organisations.id, input.organisationId), eq(organisations.id, actor.organisationId)),
    )
    .get();
  if (!organisation) {
    auditRefusal(actor, 'user.create', { type: 'organisation', id: input.organisationId }, 'scope');
    throw new NotFoundError();
  }
  if (!isRoleAllowedFor(input.role, organisation.kind)) {
    throw new DomainError('errors.validation', { role: ['errors.roleNotForOrganisation'] });
  }

  // An account signing in only through its organisation's provider (decision 0032) gets the hash of
  // a password nobody is told, and password sign-in refuses it whatever is typed.
  const ssoOnly = input.signIn === 'sso';
  const oneTimePassword = generatePassword();
  const passwordHash = await hashPassword(ssoOnly ? generatePassword() : oneTimePassword);
  const userId = randomUUID();
  const now = new Date().toISOString();
  const confirmation = db.transaction(
    (tx) => {
      const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
      if (taken) return 'email_taken' as const;
      const confirmation = confirmationOnSetInTx(
        tx,
        { id: userId, role: input.role, organisationId: organisation.id },
        actor.userId,
      );
      tx.insert(users)
        .values({
          id: userId,
          email: input.email,
          name: input.name,
          role: input.role,
          organisationId: organisation.id,
          passwordHash,
          mustChangePassword: !ssoOnly,
          ssoOnly,
          // Who set the account up: with single sign-on its address is the credential, so the
          // second administrator's confirmation applies all the same (decision 0018).
          passwordSetBy: actor.userId,
          passwordSetAt: now,
          pendingConfirmation: confirmation === 'pending',
          createdAt: now,
          updatedAt: now,
        })
        .run();
      auditAct(
        tx,
        actor,
        'user.create',
        { type: 'user', id: userId },
        {
          detail: {
            role: input.role,
            organisationId: organisation.id,
            confirmation,
            ...(ssoOnly ? { signIn: 'sso' } : {}),
          },
          at: new Date(now),
        },
      );
      return confirmation;
    },
    { behavior: 'immediate' },
  );
  if (confirmation === 'email_taken') {
    // The same answer wherever the address is used (this organisation or another), and audited:
    // finding out which addresses exist elsewhere takes one recorded attempt per address.
    auditRefusal(actor, 'user.create', { type: 'organisation', id: organisation.id }, 'email_taken');
    throw new ConflictError('errors.validation', { email: ['errors.emailTaken'] });
  }
  return { userId, oneTimePassword: ssoOnly ? null : oneTimePassword, confirmation };
}
