import 'server-only';
import { and, desc, eq, gte, inArray, like, lt, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { auditEvents, organisations, users } from '../../../db/schema';
import { auditActionOf, storedActionsOf, type AuditAction, type AuditCategory } from '../../audit/actions';
import { adminScopeIsPlatform } from '../../permissions';
import { brusselsDayStart, nextDay } from '../../time';
import type { Actor } from '../auth/actor';
import { writeAudit } from './write-audit';
import { authorize } from '../auth/authorize';

export interface AuditFilters {
  category?: AuditCategory;
  outcome?: 'ok' | 'refused' | 'failed';
  /** Part of the e-mail of the user who acted. */
  user?: string;
  /** Record the entry is about (exact id, e.g. a check-list's). */
  target?: string;
  /** Brussels dates YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  /** Paging: entries older than this id. */
  before?: number;
}

export interface AuditEventView {
  id: number;
  at: string;
  /** As stored (entries are never rewritten). */
  action: string;
  /** The catalogue action it stands for (older spellings mapped), null for an unknown text. */
  catalogueAction: AuditAction | null;
  outcome: 'ok' | 'refused' | 'failed';
  userName: string | null;
  userEmail: string | null;
  organisationName: string | null;
  /** The acting organisation's code, so that a reference organisation is named in the reader's language. */
  organisationCode: string | null;
  targetType: string | null;
  /** When the record is an account: whose, so that the log names a person rather than an id. */
  targetUserName: string | null;
  targetUserEmail: string | null;
  targetId: string | null;
  ip: string | null;
  reason: string | null;
}

const PAGE = 100;

/**
 * The audit log as an administrator reads it: who, what, which record, when, from where —
 * for the acts of their organisation's users (the platform's administrators: every
 * organisation's, and the failures for unknown accounts). Newest first, 100 per page. Reading
 * the log is itself audited. Nothing here, or anywhere in the application, changes an entry.
 */
export function findAuditEvents({ actor, filters = {} }: { actor: Actor; filters?: AuditFilters }): {
  events: AuditEventView[];
  more: boolean;
} {
  authorize(actor, 'audit.read');
  const subject = alias(users, 'subject');
  const targetUser = alias(users, 'target_user');
  const conditions: (SQL | undefined)[] = [
    adminScopeIsPlatform(actor.organisationKind)
      ? undefined
      : eq(auditEvents.actorOrganisationId, actor.organisationId),
    filters.category ? inArray(auditEvents.action, storedActionsOf(filters.category)) : undefined,
    filters.outcome ? eq(auditEvents.outcome, filters.outcome) : undefined,
    filters.user ? like(subject.email, `%${filters.user.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined,
    filters.target ? eq(auditEvents.targetId, filters.target) : undefined,
    filters.from ? gte(auditEvents.at, brusselsDayStart(filters.from)) : undefined,
    filters.to ? lt(auditEvents.at, brusselsDayStart(nextDay(filters.to))) : undefined,
    filters.before ? lt(auditEvents.id, filters.before) : undefined,
  ];
  const rows = getDb()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      userName: subject.name,
      userEmail: subject.email,
      organisationName: organisations.name,
      organisationCode: organisations.code,
      targetType: auditEvents.targetType,
      targetUserName: targetUser.name,
      targetUserEmail: targetUser.email,
      targetId: auditEvents.targetId,
      ip: auditEvents.ip,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .leftJoin(subject, eq(subject.id, auditEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, auditEvents.actorOrganisationId))
    .leftJoin(targetUser, and(eq(auditEvents.targetType, 'user'), eq(targetUser.id, auditEvents.targetId)))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(PAGE + 1)
    .all();
  const events = rows
    .slice(0, PAGE)
    .map(({ detail, ...r }) => ({ ...r, catalogueAction: auditActionOf(r.action), reason: reasonOf(detail) }));
  getDb().transaction(
    (tx) =>
      writeAudit(tx, {
        action: 'audit.read',
        outcome: 'ok',
        actorUserId: actor.userId,
        actorOrganisationId: actor.organisationId,
        targetType: 'audit_log',
        ip: actor.ip,
        detail: { filtered: Object.keys(filters).length > 0, shown: events.length },
      }),
    { behavior: 'immediate' },
  );
  return { events, more: rows.length > PAGE };
}

function reasonOf(detail: string | null): string | null {
  try {
    const parsed: unknown = detail ? JSON.parse(detail) : null;
    return parsed && typeof parsed === 'object' && 'reason' in parsed
      ? String((parsed as { reason: unknown }).reason)
      : null;
  } catch {
    return null;
  }
}
