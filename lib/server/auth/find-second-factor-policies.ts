import 'server-only';
import { asc } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, secondFactorPolicies } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import { rolesAllowedFor, type OrganisationKind, type Role } from '../../roles';
import type { Actor } from './actor';
import { auditRefusal, authorize } from './authorize';
import { secondFactorRequiredByDefault } from './second-factor-store';
import { NotFoundError } from '../errors';

export interface SecondFactorPolicyRow {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  role: Role;
  /** The rule set, or null for the default. */
  rule: boolean | null;
  required: boolean;
}

/** Every organisation × role it can hold, with its rule (platform administrators only). */
export function findSecondFactorPolicies({ actor }: { actor: Actor }): SecondFactorPolicyRow[] {
  authorize(actor, 'settings.second_factor_policy');
  if (!adminScopeIsPlatform(actor.organisationKind)) {
    auditRefusal(actor, 'settings.second_factor_policy', undefined, 'scope');
    throw new NotFoundError();
  }
  const db = getDb();
  const rules = new Map(
    db
      .select()
      .from(secondFactorPolicies)
      .all()
      .map((r) => [`${r.organisationId}/${r.role}`, r.required]),
  );
  const fallback = secondFactorRequiredByDefault();
  return db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .orderBy(asc(organisations.name))
    .all()
    .flatMap((o) =>
      rolesAllowedFor(o.kind).map((role) => {
        const rule = rules.get(`${o.id}/${role}`) ?? null;
        return {
          organisationId: o.id,
          organisationName: o.name,
          organisationKind: o.kind,
          role,
          rule,
          required: rule ?? fallback,
        };
      }),
    );
}
