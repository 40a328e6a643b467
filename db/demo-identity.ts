import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { hashToken } from '../lib/server/tokens/token-secret';
import * as schema from './schema';

/**
 * Demo mode only (decisions 0025, 0026): one account with a second factor whose secret the README
 * prints, so anyone can try the second step, and one read/write API token of ONSS Bruxelles the
 * README prints. Both belong to demo accounts, refused outside demo mode like every demo account.
 */
export const DEMO_MFA_EMAIL = 'mfa@demo.relais.be';
export const DEMO_TOTP_SECRET = 'KRSXG5CJNZSGK3TUNF2HSIDEMVWW6ICS';
export const DEMO_API_TOKEN = 'relais_demo-ONSS-Bruxelles-read-write-token-000000';
const DEMO_TOKEN_ID = '00000000-0000-4000-8000-00000000d3e0';
const DEMO_TOKEN_SCOPES = ['checklists:read', 'checklists:write', 'referrals:read', 'referrals:write'];

export function seedDemoIdentity(
  db: BetterSQLite3Database<typeof schema>,
  organisationId: (code: string) => string,
  demoPasswordHash: string,
  now: string,
): void {
  db.transaction(
    (tx) => {
      const onss = organisationId('onss-bru');
      let mfa = tx.select().from(schema.users).where(eq(schema.users.email, DEMO_MFA_EMAIL)).get();
      if (!mfa) {
        const id = randomUUID();
        tx.insert(schema.users)
          .values({
            id,
            email: DEMO_MFA_EMAIL,
            name: 'Inspecteur Demo (deuxième facteur)',
            role: 'referrer',
            organisationId: onss,
            passwordHash: demoPasswordHash,
            isDemo: true,
            createdAt: now,
            updatedAt: now,
          })
          .run();
        mfa = tx.select().from(schema.users).where(eq(schema.users.id, id)).get()!;
      } else {
        tx.update(schema.users)
          .set({
            active: true,
            isDemo: true,
            mustChangePassword: false,
            passwordHash: demoPasswordHash,
            updatedAt: now,
          })
          .where(eq(schema.users.id, mfa.id))
          .run();
      }
      const factor = {
        totpSecret: DEMO_TOTP_SECRET,
        enrolledAt: now,
        lastTimeStep: null,
        pendingSecret: null,
        pendingCreatedAt: null,
        mustEnrol: false,
        updatedAt: now,
      };
      tx.insert(schema.secondFactors)
        .values({ userId: mfa.id, ...factor })
        .onConflictDoUpdate({ target: schema.secondFactors.userId, set: factor })
        .run();
      tx.delete(schema.accountLocks).where(eq(schema.accountLocks.emailKey, DEMO_MFA_EMAIL)).run();

      const expiresAt = new Date(Date.parse(now) + 365 * 86_400_000).toISOString();
      const token = tx.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, DEMO_TOKEN_ID)).get();
      if (token) {
        tx.update(schema.apiTokens)
          .set({ revokedAt: null, revokedBy: null, expiresAt })
          .where(eq(schema.apiTokens.id, DEMO_TOKEN_ID))
          .run();
        tx.update(schema.users).set({ active: true }).where(eq(schema.users.id, token.userId)).run();
        return;
      }
      const userId = randomUUID();
      tx.insert(schema.users)
        .values({
          id: userId,
          email: `token-${DEMO_TOKEN_ID}@api.relais.invalid`,
          name: 'API — Démo ONSS Bruxelles',
          role: 'referrer',
          organisationId: onss,
          passwordHash: '!',
          isDemo: true,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      tx.insert(schema.apiTokens)
        .values({
          id: DEMO_TOKEN_ID,
          organisationId: onss,
          userId,
          name: 'Démo ONSS Bruxelles',
          scopes: JSON.stringify(DEMO_TOKEN_SCOPES),
          tokenHash: hashToken(DEMO_API_TOKEN),
          prefix: DEMO_API_TOKEN.slice(0, 13),
          createdAt: now,
          expiresAt,
        })
        .run();
    },
    { behavior: 'immediate' },
  );
}
