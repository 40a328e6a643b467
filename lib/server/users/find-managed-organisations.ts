import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import type { OrganisationKind } from '../../roles';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

export interface OrganisationOption {
  id: string;
  name: string;
  kind: OrganisationKind;
}

/** Organisations an administrator may create users in. */
export function findManagedOrganisations({ actor }: { actor: Actor }): OrganisationOption[] {
  authorize(actor, 'user.create');
  return getDb()
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(adminScopeIsPlatform(actor.organisationKind) ? undefined : eq(organisations.id, actor.organisationId))
    .orderBy(asc(organisations.kind), asc(organisations.name))
    .all();
}
