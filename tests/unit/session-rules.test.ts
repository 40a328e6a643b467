import { describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS, SESSION_MAX_MS, sessionEndReason, shouldTouch } from '@/lib/server/auth/session-rules';

const t0 = new Date('2026-03-02T08:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const session = (
  lastSeenMs: number,
  extra: Partial<{ endedAt: Date | null; role: string; organisationId: string }> = {},
) => ({
  createdAt: t0,
  lastSeenAt: at(lastSeenMs),
  endedAt: null,
  role: 'referrer',
  organisationId: 'org-1',
  ...extra,
});
const user = { active: true, role: 'referrer', organisationId: 'org-1', isDemo: false };

describe('session rules', () => {
  it('ends a session after 30 minutes without activity, not before', () => {
    expect(sessionEndReason(session(0), user, at(SESSION_IDLE_MS - 1), false)).toBeNull();
    expect(sessionEndReason(session(0), user, at(SESSION_IDLE_MS), false)).toBe('idle');
  });

  it('ends a session after 12 hours even when it was used a minute ago', () => {
    const busy = session(SESSION_MAX_MS - 60_000);
    expect(sessionEndReason(busy, user, at(SESSION_MAX_MS - 1), false)).toBeNull();
    expect(sessionEndReason(busy, user, at(SESSION_MAX_MS), false)).toBe('max_age');
  });

  it('refuses a disabled user, a changed role and a moved user at the next request', () => {
    expect(sessionEndReason(session(0), { ...user, active: false }, at(1000), false)).toBe('user_disabled');
    expect(sessionEndReason(session(0), { ...user, role: 'admin' }, at(1000), false)).toBe('role_changed');
    expect(sessionEndReason(session(0), { ...user, organisationId: 'org-2' }, at(1000), false)).toBe('role_changed');
  });

  it('refuses demo accounts outside demo mode and a session already ended', () => {
    expect(sessionEndReason(session(0), { ...user, isDemo: true }, at(1000), false)).toBe('demo_off');
    expect(sessionEndReason(session(0), { ...user, isDemo: true }, at(1000), true)).toBeNull();
    expect(sessionEndReason(session(0, { endedAt: at(10) }), user, at(1000), true)).toBe('ended');
  });

  it('writes the last activity at most once a minute', () => {
    expect(shouldTouch(t0, at(59_999))).toBe(false);
    expect(shouldTouch(t0, at(60_000))).toBe(true);
  });
});
