import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../lib/server/auth/password';
import type { OrganisationKind, Role } from '../../lib/roles';
import type { Actor } from '../../lib/server/auth/actor';
import { getDb } from '../../db/client';
import { organisations, users } from '../../db/schema';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${randomUUID().slice(0, 6)}`;

export function makeOrganisation(kind: OrganisationKind, name = unique(kind), code = unique(kind)): { id: string; name: string; kind: OrganisationKind; service: string | null } {
  const id = randomUUID();
  const service = kind === 'police' ? 'police_local' : ['onss', 'cls', 'guardianship'].includes(kind) ? kind : null;
  getDb().insert(organisations).values({ id, code, name, kind, service, createdAt: new Date().toISOString() }).run();
  return { id, name, kind, service };
}

export async function makeUser({
  role,
  organisation,
  password = 'correct horse battery',
  active = true,
  isDemo = false,
}: {
  role: Role;
  organisation: { id: string; name: string; kind: OrganisationKind; service?: string | null };
  password?: string;
  active?: boolean;
  isDemo?: boolean;
}) {
  const id = randomUUID();
  const email = `${unique(role)}@test.relais.be`;
  const now = new Date().toISOString();
  getDb()
    .insert(users)
    .values({ id, email, name: unique('Name'), role, organisationId: organisation.id, active, isDemo, passwordHash: await hashPassword(password), createdAt: now, updatedAt: now })
    .run();
  const actor: Actor = {
    userId: id,
    name: 'Test',
    email,
    role,
    organisationId: organisation.id,
    organisationName: organisation.name,
    organisationKind: organisation.kind,
    organisationService: organisation.service ?? null,
    sessionId: 'test-session',
    mustChangePassword: false,
    ip: '192.0.2.1',
  };
  return { id, email, password, actor };
}

export function userRow(id: string) {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}
