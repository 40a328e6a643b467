import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, secondFactorPolicies } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import { isRoleAllowedFor } from '../../roles';
import type { SecondFactorPolicyInput } from '../../validation/second-factor';
import type { Actor } from './actor';
import { auditRefusal, authorize } from './authorize';
import { auditAct } from '../audit/write-audit';
import { NotFoundError } from '../errors';

/**
 * A platform administrator requires a second factor of an organisation's members in a role, or
 * not, or goes back to the default (required outside demo mode). It applies from each person's
 * next sign-in (decision 0025).
 */
export function setSecondFactorPolicy({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: SecondFactorPolicyInput;
  now?: Date;
}): void {
  authorize(actor, 'settings.second_factor_policy');
  const db = getDb();
  const organisation = db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, input.organisationId))
    .get();
  if (
    !adminScopeIsPlatform(actor.organisationKind) ||
    !organisation ||
    !isRoleAllowedFor(input.role, organisation.kind)
  ) {
    auditRefusal(actor, 'settings.second_factor_policy', { type: 'organisation', id: input.organisationId }, 'scope');
    throw new NotFoundError();
  }
  const at = now.toISOString();
  db.transaction(
    (tx) => {
      const key = and(
        eq(secondFactorPolicies.organisationId, organisation.id),
        eq(secondFactorPolicies.role, input.role),
      );
      if (input.rule === 'default') tx.delete(secondFactorPolicies).where(key).run();
      else {
        const required = input.rule === 'required';
        tx.insert(secondFactorPolicies)
          .values({
            organisationId: organisation.id,
            role: input.role,
            required,
            updatedAt: at,
            updatedBy: actor.userId,
          })
          .onConflictDoUpdate({
            target: [secondFactorPolicies.organisationId, secondFactorPolicies.role],
            set: { required, updatedAt: at, updatedBy: actor.userId },
          })
          .run();
      }
      auditAct(
        tx,
        actor,
        'settings.second_factor_policy',
        { type: 'organisation', id: organisation.id },
        {
          detail: { role: input.role, rule: input.rule },
          at: now,
        },
      );
    },
    { behavior: 'immediate' },
  );
}
