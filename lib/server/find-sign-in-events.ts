import 'server-only';
import { and, desc, eq, like, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../db/client';
import { auditEvents, users } from '../../db/schema';
import { adminScopeIsPlatform } from '../permissions';
import type { Actor } from './actor';
import { authorize } from './authorize';

export interface SignInEvent {
  id: number;
  at: string;
  action: string;
  outcome: 'ok' | 'refused' | 'failed';
  userName: string | null;
  userEmail: string | null;
  ip: string | null;
  reason: string | null;
}

/**
 * The sign-in part of the audit log (sign-in, failure, lock, sign-out, session end) for the
 * administrator's organisation; the platform's administrators see every organisation's,
 * including failures for unknown accounts. Newest first, paged.
 */
export function findSignInEvents({ actor, limit = 100, offset = 0 }: { actor: Actor; limit?: number; offset?: number }): SignInEvent[] {
  authorize(actor, 'audit.read');
  const subject = alias(users, 'subject');
  const scope: SQL | undefined = adminScopeIsPlatform(actor.organisationKind)
    ? undefined
    : eq(auditEvents.actorOrganisationId, actor.organisationId);
  const rows = getDb()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      userName: subject.name,
      userEmail: subject.email,
      ip: auditEvents.ip,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .leftJoin(subject, eq(subject.id, auditEvents.actorUserId))
    .where(and(like(auditEvents.action, 'auth.%'), scope))
    .orderBy(desc(auditEvents.id))
    .limit(Math.min(Math.max(limit, 1), 500))
    .offset(Math.max(offset, 0))
    .all();
  return rows.map(({ detail, ...r }) => {
    let reason: string | null = null;
    try {
      const parsed: unknown = detail ? JSON.parse(detail) : null;
      if (parsed && typeof parsed === 'object' && 'reason' in parsed) reason = String((parsed as { reason: unknown }).reason);
    } catch {
      reason = null;
    }
    return { ...r, reason };
  });
}
