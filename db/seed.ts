import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { hashPassword, verifyPassword } from '../lib/server/auth/password';
import { databasePath, openDatabase } from './client';
import { DEMO_PASSWORD, DEMO_USERS, REFERENCE_ORGANISATIONS, serviceOf } from './reference-organisations';
import * as schema from './schema';
import { seedDemoIdentity } from './demo-identity';
// The stored name is the French one of the four (lib/organisations/names.ts), without a repeated abbreviation.
import { referenceOrganisationName } from '../lib/organisations/names';

/**
 * Idempotent seed. `--organisations`: the reference organisations only. `--demo`: those and the
 * demo users (password Relais-demo-2026), for the quick start. Running it twice changes nothing
 * more. It is never reachable through a route.
 */
async function main() {
  const args = new Set(process.argv.slice(2));
  const demo = args.has('--demo');
  if (!demo && !args.has('--organisations')) {
    console.error('usage: tsx db/seed.ts --organisations | --demo');
    process.exit(2);
  }
  const sqlite = openDatabase(databasePath());
  const db = drizzle(sqlite, { schema });
  const now = new Date().toISOString();

  const orgIds = new Map<string, string>();
  db.transaction(
    (tx) => {
      for (const org of REFERENCE_ORGANISATIONS) {
        const existing = tx.select().from(schema.organisations).where(eq(schema.organisations.code, org.code)).get();
        if (existing) {
          tx.update(schema.organisations)
            .set({
              name: referenceOrganisationName(org.code) ?? org.name,
              kind: org.kind,
              service: serviceOf(org.code, org.kind),
            })
            .where(eq(schema.organisations.id, existing.id))
            .run();
          orgIds.set(org.code, existing.id);
        } else {
          const id = randomUUID();
          tx.insert(schema.organisations)
            .values({
              id,
              code: org.code,
              name: referenceOrganisationName(org.code) ?? org.name,
              kind: org.kind,
              service: serviceOf(org.code, org.kind),
              createdAt: now,
            })
            .run();
          orgIds.set(org.code, id);
        }
      }
    },
    { behavior: 'immediate' },
  );

  let created = 0;
  if (demo) {
    const demoHash = await hashPassword(DEMO_PASSWORD);
    const existingUsers = new Map(
      db
        .select()
        .from(schema.users)
        .all()
        .map((u) => [u.email, u] as const),
    );
    const keepHash = new Map<string, boolean>();
    for (const u of DEMO_USERS) {
      const existing = existingUsers.get(u.email);
      keepHash.set(u.email, existing ? await verifyPassword(existing.passwordHash, DEMO_PASSWORD) : false);
    }
    db.transaction(
      (tx) => {
        for (const u of DEMO_USERS) {
          const organisationId = orgIds.get(u.organisation)!;
          const existing = existingUsers.get(u.email);
          if (existing) {
            tx.update(schema.users)
              .set({
                name: u.name,
                role: u.role,
                organisationId,
                active: true,
                isDemo: true,
                mustChangePassword: false,
                ...(keepHash.get(u.email) ? {} : { passwordHash: demoHash }),
                updatedAt: now,
              })
              .where(eq(schema.users.id, existing.id))
              .run();
          } else {
            tx.insert(schema.users)
              .values({
                id: randomUUID(),
                email: u.email,
                name: u.name,
                role: u.role,
                organisationId,
                passwordHash: demoHash,
                isDemo: true,
                createdAt: now,
                updatedAt: now,
              })
              .run();
            created++;
          }
          tx.delete(schema.accountLocks).where(eq(schema.accountLocks.emailKey, u.email)).run();
        }
      },
      { behavior: 'immediate' },
    );
    // The demo account with a second factor and the demo API token (decisions 0025, 0026).
    seedDemoIdentity(db, (code) => orgIds.get(code)!, demoHash, now);
  }
  sqlite.close();
  let records = 0;
  if (demo) {
    // Demo check-lists and referrals go through the data access layer (valid, audited records).
    const { seedDemoRecords } = await import('./demo-records');
    records = await seedDemoRecords();
  }
  console.log(
    `seed: ${REFERENCE_ORGANISATIONS.length} organisations${demo ? `, ${DEMO_USERS.length} demo users (${created} new), ${records} demo check-lists (new)` : ''}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
