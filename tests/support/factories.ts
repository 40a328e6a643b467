import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../lib/server/auth/password';
import type { OrganisationKind, Role } from '../../lib/roles';
import type { Actor } from '../../lib/server/auth/actor';
import { getDb } from '../../db/client';
import { organisations, users } from '../../db/schema';

/**
 * The one place tests make records directly in a database: organisations and users.
 *
 * Both kinds of tests use it. Unit tests write to their own database (tests/support/unit-db.ts
 * points RELAIS_DB_PATH at it); end-to-end tests write to the running server's database
 * (tests/e2e/support.ts points RELAIS_DB_PATH at tests/e2e/db-path.ts). Everything else a test
 * needs is made the way users make it: through the verbs (unit) or the HTTP API (end-to-end).
 */

let counter = 0;
const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${randomUUID().slice(0, 6)}`;

export interface TestOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  service: string | null;
}

/** A user made by `makeUser`, with the password to sign in with. */
export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
}

export const TEST_PASSWORD = 'correct horse battery';

/** A new organisation of a kind, with a unique name and code unless given. */
export function makeOrganisation(kind: OrganisationKind, name = unique(kind), code = unique(kind)): TestOrganisation {
  const id = randomUUID();
  const service = kind === 'police' ? 'police_local' : ['onss', 'cls', 'guardianship'].includes(kind) ? kind : null;
  getDb().insert(organisations).values({ id, code, name, kind, service, createdAt: new Date().toISOString() }).run();
  return { id, name, kind, service };
}

/** An organisation that already exists, by its code (e.g. one of the seed's: `onss-bru`, `surya`). */
export function organisationByCode(code: string): TestOrganisation {
  const row = getDb().select().from(organisations).where(eq(organisations.code, code)).get();
  if (!row) throw new Error(`no organisation with code ${code}`);
  return { id: row.id, name: row.name, kind: row.kind, service: row.service };
}

/**
 * A user of their own for a test (unique e-mail and name), active, who may sign in with
 * `password`. `organisation` is one made by `makeOrganisation` or the code of an existing one.
 * `actor` is what the verbs take, as if this user were signed in.
 */
export async function makeUser({
  role,
  organisation,
  password = TEST_PASSWORD,
  name = unique('Name'),
  active = true,
  isDemo = false,
}: {
  role: Role;
  organisation:
    TestOrganisation | { id: string; name: string; kind: OrganisationKind; service?: string | null } | string;
  password?: string;
  name?: string;
  active?: boolean;
  isDemo?: boolean;
}): Promise<TestUser & { actor: Actor }> {
  const org = typeof organisation === 'string' ? organisationByCode(organisation) : organisation;
  const id = randomUUID();
  const email = `${unique(role)}@test.relais.be`;
  const now = new Date().toISOString();
  getDb()
    .insert(users)
    .values({
      id,
      email,
      name,
      role,
      organisationId: org.id,
      active,
      isDemo,
      passwordHash: await hashPassword(password),
      createdAt: now,
      updatedAt: now,
    })
    .run();
  const actor: Actor = {
    userId: id,
    name: 'Test',
    email,
    role,
    organisationId: org.id,
    organisationName: org.name,
    organisationKind: org.kind,
    organisationService: org.service ?? null,
    sessionId: 'test-session',
    mustChangePassword: false,
    ip: '192.0.2.1',
  };
  return { id, email, name, password, actor };
}

export function userRow(id: string) {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

/** An existing user (a demo account, or one a test made through the application) by e-mail. */
export function userByEmail(email: string) {
  const row = getDb().select().from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`no user with e-mail ${email}`);
  return row;
}
