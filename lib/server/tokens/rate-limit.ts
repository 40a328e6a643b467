/**
 * Calls per token per minute (decision 0026), counted in the memory of each server process: a
 * production start runs one process per core, so the real ceiling is this times the number of
 * processes. It guards the service against a runaway integration, not against an attacker (who
 * would need a token first). RELAIS_TOKEN_RATE_LIMIT sets it (default 120).
 */
export const RATE_WINDOW_MS = 60_000;

export function tokenRateLimit(): number {
  const raw = Number(process.env.RELAIS_TOKEN_RATE_LIMIT ?? '');
  return Number.isInteger(raw) && raw > 0 ? raw : 120;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: () => number,
    private readonly windowMs = RATE_WINDOW_MS,
  ) {}

  /** Counts one call; answers the seconds to wait when over the limit, else null. */
  take(key: string, now = Date.now()): number | null {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.prune(now);
    }
    w.count++;
    if (w.count > this.limit()) return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    return null;
  }

  private prune(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
