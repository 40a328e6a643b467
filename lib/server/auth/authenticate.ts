import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { accountLocks, sessions, signInAttempts, users } from '../../../db/schema';
import {
  ACCOUNT_LOCK_MS,
  ADDRESS_WINDOW_MS,
  addressFailureLimit,
  failureDelayMs,
  failureWindowStart,
  normaliseEmail,
  shouldLock,
} from './lockout';
import { dummyPasswordHash, verifyPassword } from './password';
import { writeAudit } from '../audit/write-audit';
import { isDemoMode } from './demo-mode';

export type SignInRefusal = 'invalid' | 'locked' | 'address_limited';

export class SignInError extends Error {
  constructor(public readonly reason: SignInRefusal) {
    super(reason);
    this.name = 'SignInError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Checks an e-mail and password and opens a server-side session.
 *
 * Every path verifies one argon2 hash (a dummy one for unknown or locked accounts) and every
 * failure is slowed the same way, so an unknown account, a wrong password, a disabled account
 * and a locked account cannot be told apart by their answer or its time — except that a lock,
 * which is keyed by the e-mail typed and not by the account, says so.
 */
export async function authenticate({
  email,
  password,
  ip,
  now = new Date(),
}: {
  email: string;
  password: string;
  ip: string;
  now?: Date;
}): Promise<{ userId: string; sessionId: string }> {
  const db = getDb();
  const emailKey = normaliseEmail(email);
  const nowIso = now.toISOString();

  const addressFailures =
    db
      .select({ n: count() })
      .from(signInAttempts)
      .where(
        and(
          eq(signInAttempts.ip, ip),
          eq(signInAttempts.succeeded, false),
          gt(signInAttempts.at, new Date(now.getTime() - ADDRESS_WINDOW_MS).toISOString()),
        ),
      )
      .get()?.n ?? 0;

  const lock = db.select().from(accountLocks).where(eq(accountLocks.emailKey, emailKey)).get();
  const locked = lock !== undefined && lock.lockedUntil > nowIso;

  const user = db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      active: users.active,
      isDemo: users.isDemo,
      role: users.role,
      organisationId: users.organisationId,
    })
    .from(users)
    .where(eq(users.email, emailKey))
    .get();

  const refusedBefore = addressFailures >= addressFailureLimit() ? 'address_limited' : locked ? 'locked' : null;
  // Always one verification, so every answer costs about the same.
  const passwordOk = await verifyPassword(
    refusedBefore || !user ? await dummyPasswordHash() : user.passwordHash,
    password,
  );

  let refusal: SignInRefusal | null = refusedBefore;
  let auditReason: string | null = refusedBefore;
  if (!refusal) {
    if (!user) auditReason = 'unknown_account';
    else if (!passwordOk) auditReason = 'wrong_password';
    else if (!user.active) auditReason = 'user_disabled';
    else if (user.isDemo && !isDemoMode()) auditReason = 'demo_account_outside_demo_mode';
    if (auditReason) refusal = 'invalid';
  }

  if (refusal) {
    const failuresInWindow = db.transaction(
      (tx) => {
        tx.insert(signInAttempts).values({ emailKey, ip, succeeded: false, at: nowIso }).run();
        const lastSuccess = tx
          .select({ at: signInAttempts.at })
          .from(signInAttempts)
          .where(and(eq(signInAttempts.emailKey, emailKey), eq(signInAttempts.succeeded, true)))
          .orderBy(desc(signInAttempts.at))
          .limit(1)
          .get();
        const since = failureWindowStart(
          now,
          lock ? new Date(lock.lockedUntil) : null,
          lastSuccess ? new Date(lastSuccess.at) : null,
        ).toISOString();
        const failures =
          tx
            .select({ n: count() })
            .from(signInAttempts)
            .where(and(eq(signInAttempts.emailKey, emailKey), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)))
            .get()?.n ?? 0;
        const auditBase = {
          actorUserId: user?.id ?? null,
          actorOrganisationId: user?.organisationId ?? null,
          targetType: 'user',
          targetId: user?.id ?? null,
          ip,
          at: now,
        };
        writeAudit(tx, { ...auditBase, action: 'auth.sign_in', outcome: 'failed', detail: { reason: auditReason } });
        if (refusal === 'invalid' && shouldLock(failures)) {
          const lockedUntil = new Date(now.getTime() + ACCOUNT_LOCK_MS).toISOString();
          tx.insert(accountLocks)
            .values({ emailKey, lockedUntil })
            .onConflictDoUpdate({ target: accountLocks.emailKey, set: { lockedUntil } })
            .run();
          writeAudit(tx, { ...auditBase, action: 'auth.lock', outcome: 'ok', detail: { until: lockedUntil } });
          refusal = 'locked';
        }
        return failures;
      },
      { behavior: 'immediate' },
    );
    await sleep(failureDelayMs(failuresInWindow));
    throw new SignInError(refusal);
  }

  const sessionId = randomBytes(32).toString('base64url');
  const u = user!;
  db.transaction(
    (tx) => {
      tx.insert(signInAttempts).values({ emailKey, ip, succeeded: true, at: nowIso }).run();
      tx.delete(accountLocks).where(eq(accountLocks.emailKey, emailKey)).run();
      tx.insert(sessions)
        .values({ id: sessionId, userId: u.id, role: u.role, organisationId: u.organisationId, createdAt: nowIso, lastSeenAt: nowIso })
        .run();
      writeAudit(tx, {
        action: 'auth.sign_in',
        outcome: 'ok',
        actorUserId: u.id,
        actorOrganisationId: u.organisationId,
        targetType: 'user',
        targetId: u.id,
        ip,
        at: now,
      });
    },
    { behavior: 'immediate' },
  );
  return { userId: u.id, sessionId };
}

