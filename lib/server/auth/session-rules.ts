/**
 * Session lifetime rules (docs/domain/access.md): a session ends after 30 minutes without
 * activity and after 12 hours at most, whatever the activity.
 */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, to keep reads cheap. */
export const SESSION_TOUCH_MS = 60 * 1000;

export type SessionEndReason = 'idle' | 'max_age' | 'ended' | 'user_disabled' | 'role_changed' | 'demo_off';

export interface SessionFacts {
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
}

export interface UserFacts {
  active: boolean;
  role: string;
  organisationId: string;
  isDemo: boolean;
}

/** Why this session can no longer be used at `now`, or null if it can. */
export function sessionEndReason(
  session: SessionFacts & { role: string; organisationId: string },
  user: UserFacts,
  now: Date,
  demoMode: boolean,
): SessionEndReason | null {
  if (session.endedAt) return 'ended';
  if (!user.active) return 'user_disabled';
  if (user.role !== session.role || user.organisationId !== session.organisationId) return 'role_changed';
  if (user.isDemo && !demoMode) return 'demo_off';
  if (now.getTime() - session.createdAt.getTime() >= SESSION_MAX_MS) return 'max_age';
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS) return 'idle';
  return null;
}

export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_MS;
}
