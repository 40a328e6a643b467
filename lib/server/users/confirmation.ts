import 'server-only';
import { and, eq, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { users } from '../../../db/schema';
import { needsConfirmationWhenSetByAnAdministrator } from '../../permissions';
import type { Role } from '../../roles';

type Tx = Pick<Db, 'select'>;

/**
 * What happened to an account whose password an administrator has just set (decision 0018):
 * - `pending`: it cannot sign in until another administrator of its organisation confirms it;
 * - `none_available`: its organisation has no such administrator, so it is active at once,
 *   unconfirmed, and the audit entry says so;
 * - `not_needed`: its role reads no person's record and confirms no one (coordinators).
 */
export type ConfirmationOnSet = 'pending' | 'none_available' | 'not_needed';

/**
 * The administrators who may confirm an account of `organisationId` whose password `setterId`
 * set: active, not themselves awaiting confirmation, neither the setter nor the account, and not
 * holding a password the setter chose and they have not yet replaced (the setter could sign in
 * as them). Careful with NULLs: an account never set by an administrator has no setter.
 */
export function confirmersCondition({
  organisationId,
  setterId,
  accountId,
}: {
  organisationId: string;
  setterId: string;
  accountId: string;
}): SQL {
  return and(
    eq(users.organisationId, organisationId),
    eq(users.role, 'admin'),
    eq(users.active, true),
    eq(users.pendingConfirmation, false),
    ne(users.id, setterId),
    ne(users.id, accountId),
    or(eq(users.mustChangePassword, false), isNull(users.passwordSetBy), ne(users.passwordSetBy, setterId)),
  )!;
}

/** Whether the account must wait for a confirmation, read inside the caller's transaction. */
export function confirmationOnSetInTx(
  tx: Tx,
  account: { id: string; role: Role; organisationId: string },
  setterId: string,
): ConfirmationOnSet {
  if (!needsConfirmationWhenSetByAnAdministrator(account.role)) return 'not_needed';
  const confirmer = tx
    .select({ id: users.id })
    .from(users)
    .where(confirmersCondition({ organisationId: account.organisationId, setterId, accountId: account.id }))
    .limit(1)
    .get();
  return confirmer ? 'pending' : 'none_available';
}
