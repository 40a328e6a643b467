/**
 * Sign-in throttling (issue 2): after 5 failures for one account within 15 minutes the
 * account is locked for 15 minutes; an address with too many failures is refused for a while.
 * Accounts are keyed by the e-mail as typed (normalised), whether or not the account exists,
 * so that the answers do not reveal which accounts exist.
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
