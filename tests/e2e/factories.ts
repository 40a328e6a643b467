import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../lib/server/auth/password';
import type { Role } from '../../lib/roles';
import { db } from './support';

/** A user of their own for a test (unique e-mail), in an organisation of the seed by code. */
export async function createTestUser({ role, organisationCode, password = 'e2e passphrase 2026' }: { role: Role; organisationCode: string; password?: string }) {
  const id = randomUUID();
  const email = `e2e-${role}-${randomUUID().slice(0, 8)}@test.relais.be`;
  const name = `E2E ${role} ${randomUUID().slice(0, 4)}`;
  const passwordHash = await hashPassword(password);
  const sqlite = db();
  try {
    const org = sqlite.prepare('SELECT id FROM organisations WHERE code = ?').pluck().get(organisationCode) as string | undefined;
    if (!org) throw new Error(`no organisation ${organisationCode}`);
    const now = new Date().toISOString();
    sqlite
      .prepare(
        `INSERT INTO users (id, email, name, role, organisation_id, active, password_hash, must_change_password, is_demo, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?, 0, 0, ?, ?)`,
      )
      .run(id, email, name, role, org, passwordHash, now, now);
  } finally {
    sqlite.close();
  }
  return { id, email, name, password };
}
