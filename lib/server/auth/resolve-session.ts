import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, sessions, users } from '../../../db/schema';
import { sessionEndReason, shouldTouch, type SessionEndReason } from './session-rules';
import type { Actor } from './actor';
import { writeAudit } from '../audit/write-audit';
import { isDemoMode } from './demo-mode';

/** A session opened by a right password that still waits for its second factor (decision 0025). */
export interface PendingSignIn {
  sessionId: string;
  userId: string;
  email: string;
  organisationId: string;
  step: 'verify' | 'enrol';
}

/** How long a session may wait for its second factor before the password must be given again. */
export const SECOND_FACTOR_STEP_MS = 10 * 60 * 1000;

export type ResolvedSession =
  | { actor: Actor; refusal?: undefined; pending?: undefined }
  | { actor?: undefined; refusal: SessionEndReason | 'none'; pending?: undefined }
  | { actor?: undefined; refusal: 'second_factor'; pending: PendingSignIn };

/**
 * Reads the session and its user from the database for this request and applies the session
 * rules. A session that may no longer be used is ended (and the end audited) at once.
 */
export function resolveSession({
  sessionId,
  ip,
  now = new Date(),
}: {
  sessionId: string | null;
  ip: string | null;
  now?: Date;
}): ResolvedSession {
  if (!sessionId) return { refusal: 'none' };
  const db = getDb();
  const row = db
    .select({ session: sessions, user: users, organisation: organisations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row) return { refusal: 'none' };
  const { session, user, organisation } = row;

  const reason = sessionEndReason(
    {
      createdAt: new Date(session.createdAt),
      lastSeenAt: new Date(session.lastSeenAt),
      endedAt: session.endedAt ? new Date(session.endedAt) : null,
      role: session.role,
      organisationId: session.organisationId,
    },
    user,
    now,
    isDemoMode(),
  );
  if (reason) {
    if (reason !== 'ended') {
      endSession({ sessionId, reason, ip, now, userId: user.id, organisationId: user.organisationId });
      return { refusal: reason };
    }
    // Already ended (by an administrator's change, or by expiry seen on another request, e.g. a
    // prefetch or a second tab): still say why, so the user knows what happened.
    const why = session.endReason;
    const explained: SessionEndReason[] = ['user_disabled', 'role_changed', 'idle', 'max_age', 'demo_off'];
    return { refusal: explained.includes(why as SessionEndReason) ? (why as SessionEndReason) : 'ended' };
  }

  // Half-way through sign-in: no actor, so no page, action or API call is reached.
  if (session.secondFactorPending) {
    if (now.getTime() - new Date(session.createdAt).getTime() >= SECOND_FACTOR_STEP_MS) {
      endSession({ sessionId, reason: 'idle', ip, now, userId: user.id, organisationId: user.organisationId });
      return { refusal: 'idle' };
    }
    return {
      refusal: 'second_factor',
      pending: {
        sessionId,
        userId: user.id,
        email: user.email,
        organisationId: user.organisationId,
        step: session.secondFactorPending,
      },
    };
  }

  if (shouldTouch(new Date(session.lastSeenAt), now)) {
    db.update(sessions)
      .set({ lastSeenAt: now.toISOString() })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)))
      .run();
  }
  return {
    actor: {
      userId: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      organisationId: organisation.id,
      organisationName: organisation.name,
      organisationKind: organisation.kind,
      organisationService: organisation.service,
      sessionId,
      mustChangePassword: user.mustChangePassword,
      ip,
    },
  };
}

/** Ends one session and audits it: sign-out, or a refusal (disabled user, changed role), or expiry. */
export function endSession({
  sessionId,
  reason,
  ip,
  now = new Date(),
  userId,
  organisationId,
}: {
  sessionId: string;
  reason: SessionEndReason | 'signed_out';
  ip: string | null;
  now?: Date;
  userId?: string;
  organisationId?: string;
}): void {
  const db = getDb();
  db.transaction(
    (tx) => {
      const session = tx.select().from(sessions).where(eq(sessions.id, sessionId)).get();
      if (!session || session.endedAt) return;
      tx.update(sessions)
        .set({ endedAt: now.toISOString(), endReason: reason })
        .where(eq(sessions.id, sessionId))
        .run();
      const refused = reason === 'user_disabled' || reason === 'role_changed' || reason === 'demo_off';
      writeAudit(tx, {
        action: reason === 'signed_out' ? 'auth.sign_out' : 'auth.session_end',
        outcome: refused ? 'refused' : 'ok',
        actorUserId: userId ?? session.userId,
        actorOrganisationId: organisationId ?? session.organisationId,
        targetType: 'session',
        targetId: null,
        ip,
        at: now,
        detail: { reason },
      });
    },
    { behavior: 'immediate' },
  );
}

/** Ends every open session of a user (disabled, password reset, role changed): same transaction as the change. */
export function endSessionsOfUserInTx(
  tx: Pick<ReturnType<typeof getDb>, 'update'>,
  userId: string,
  reason: SessionEndReason,
  now: Date,
): void {
  tx.update(sessions)
    .set({ endedAt: now.toISOString(), endReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
    .run();
}
