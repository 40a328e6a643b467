import 'server-only';
import { and, count, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { accountLocks, signInAttempts } from '../../../db/schema';
import { writeAudit, type AuditEntry } from '../audit/write-audit';

/**
 * Password-guessing throttling: after 5 failures for one account within 15 minutes the
 * account is locked for 15 minutes; an address with too many failures is refused for a while.
 * Accounts are keyed by the e-mail as typed (normalised), whether or not the account exists,
 * so that the answers do not reveal which accounts exist. A wrong current password given to
 * change one's password is a failure like a wrong password at sign-in: both guess the same
 * secret, so they share one count and one lock.
 */
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_LOCK_MS = 15 * 60 * 1000;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

export function addressFailureLimit(): number {
  const raw = Number(process.env.RELAIS_ADDRESS_FAILURE_LIMIT ?? '');
  return Number.isInteger(raw) && raw > 0 ? raw : 50;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Start of the window in which failures count towards a lock: the last 15 minutes, but
 * nothing before an earlier lock ended or before the last successful sign-in. */
export function failureWindowStart(now: Date, ...resets: (Date | null | undefined)[]): Date {
  let start = new Date(now.getTime() - ACCOUNT_WINDOW_MS);
  for (const r of resets) if (r && r > start) start = r;
  return start;
}

export function shouldLock(failuresInWindow: number): boolean {
  return failuresInWindow >= ACCOUNT_FAILURE_LIMIT;
}

/** Delay added to every failed answer: slows guessing, same for every kind of failure. */
export function failureDelayMs(failuresInWindow: number): number {
  return Math.min(150 * Math.max(failuresInWindow, 1), 750);
}

export function delayAfterFailure(failuresInWindow: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, failureDelayMs(failuresInWindow)));
}

export type AccountLock = typeof accountLocks.$inferSelect;

export function findAccountLock(db: Pick<Db, 'select'>, emailKey: string): AccountLock | undefined {
  return db.select().from(accountLocks).where(eq(accountLocks.emailKey, emailKey)).get();
}

export function isLocked(lock: AccountLock | undefined, now: Date): boolean {
  return lock !== undefined && lock.lockedUntil > now.toISOString();
}

/**
 * Records one failed password check against an account, in the caller's transaction (which
 * has already written its own audit entry for the failure): counts the failures in the window
 * and, when `mayLock` (the account was not already locked), locks the account at the limit and
 * audits the lock.
 */
export function recordPasswordFailure(
  tx: Pick<Db, 'select' | 'insert'>,
  {
    emailKey,
    ip,
    now,
    lock,
    mayLock,
    audit,
  }: {
    emailKey: string;
    ip: string;
    now: Date;
    lock: AccountLock | undefined;
    mayLock: boolean;
    /** Who and what the lock's audit entry names. */
    audit: Omit<AuditEntry, 'action' | 'outcome' | 'detail' | 'at'>;
  },
): { failures: number; lockedNow: boolean } {
  tx.insert(signInAttempts).values({ emailKey, ip, succeeded: false, at: now.toISOString() }).run();
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
      .where(
        and(eq(signInAttempts.emailKey, emailKey), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)),
      )
      .get()?.n ?? 0;
  if (!mayLock || !shouldLock(failures)) return { failures, lockedNow: false };
  const lockedUntil = new Date(now.getTime() + ACCOUNT_LOCK_MS).toISOString();
  tx.insert(accountLocks)
    .values({ emailKey, lockedUntil })
    .onConflictDoUpdate({ target: accountLocks.emailKey, set: { lockedUntil } })
    .run();
  writeAudit(tx, { ...audit, action: 'auth.lock', outcome: 'ok', detail: { until: lockedUntil }, at: now });
  return { failures, lockedNow: true };
}

/** A password proved right: earlier failures no longer count, and an expired lock is cleared. */
export function recordPasswordSuccess(
  tx: Pick<Db, 'insert' | 'delete'>,
  { emailKey, ip, now }: { emailKey: string; ip: string; now: Date },
): void {
  tx.insert(signInAttempts).values({ emailKey, ip, succeeded: true, at: now.toISOString() }).run();
  tx.delete(accountLocks).where(eq(accountLocks.emailKey, emailKey)).run();
}
