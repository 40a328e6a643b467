import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { generatePassword, hashPassword } from '../../lib/server/auth/password';
import { createUserSchema } from '../../lib/validation/users';
import { databasePath, openDatabase } from '../client';
import * as schema from '../schema';

/**
 * Bootstraps a production instance: creates an administrator in an existing organisation and
 * prints a one-time password (to be changed at first sign-in). Run from a shell on the server:
 *   npm run user:create-admin -- --email a@b.be --name "A B" --organisation cic
 */
async function main() {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sqlite = openDatabase(databasePath());
  const db = drizzle(sqlite, { schema });
  const org = db
    .select()
    .from(schema.organisations)
    .where(eq(schema.organisations.code, arg('organisation') ?? ''))
    .get();
  const parsed = createUserSchema.safeParse({
    email: arg('email'),
    name: arg('name'),
    role: 'admin',
    organisationId: org?.id ?? '',
  });
  if (!org || !parsed.success) {
    console.error('usage: npm run user:create-admin -- --email EMAIL --name NAME --organisation CODE');
    if (!org)
      console.error(
        '  --organisation: no organisation with that code (run `npm run db:seed` first for the reference organisations)',
      );
    if (!parsed.success) for (const i of parsed.error.issues) console.error(`  --${String(i.path[0])}: ${i.message}`);
    process.exit(2);
  }
  if (db.select().from(schema.users).where(eq(schema.users.email, parsed.data.email)).get()) {
    console.error(`  --email: a user with this e-mail already exists`);
    process.exit(2);
  }
  const password = generatePassword();
  const now = new Date().toISOString();
  db.insert(schema.users)
    .values({
      id: randomUUID(),
      email: parsed.data.email,
      name: parsed.data.name,
      role: 'admin',
      organisationId: org.id,
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  sqlite.close();
  console.log(`administrator ${parsed.data.email} created in ${org.name}; one-time password (shown once): ${password}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
