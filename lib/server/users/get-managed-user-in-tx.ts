import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { organisations, users } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { managedUsersCondition } from './managed-users-condition';

type Tx = Pick<Db, 'select'>;

/** A user within the administrator's scope, read inside the caller's transaction, or undefined. */
export function getManagedUserInTx(tx: Tx, actor: Actor, userId: string) {
  return tx
    .select({
      id: users.id,
      role: users.role,
      active: users.active,
      ssoOnly: users.ssoOnly,
      organisationId: users.organisationId,
      kind: organisations.kind,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.id, userId), managedUsersCondition(actor)))
    .get();
}
