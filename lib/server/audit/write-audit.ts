import 'server-only';
import { auditHash, GENESIS_HASH } from '../../audit/audit-chain';
import { desc } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import type { AuditAction } from '../../audit/actions';
import type { Actor } from '../auth/actor';
import { auditEvents } from '../../../db/schema';

type Tx = Pick<Db, 'select' | 'insert'>;

export interface AuditEntry {
  action: AuditAction;
  outcome: 'ok' | 'refused' | 'failed';
  actorUserId?: string | null;
  actorOrganisationId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  /** Never a password, never a presumed victim's personal data. */
  detail?: Record<string, string | number | boolean | null>;
  at?: Date;
}

export { auditHash, GENESIS_HASH } from '../../audit/audit-chain';

/**
 * Appends one audit entry. Call it inside the same synchronous transaction as the write it
 * records: if the audit insert fails, the write is rolled back with it.
 */
export function writeAudit(tx: Tx, entry: AuditEntry): void {
  const last = tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    at: (entry.at ?? new Date()).toISOString(),
    actorUserId: entry.actorUserId ?? null,
    actorOrganisationId: entry.actorOrganisationId ?? null,
    action: entry.action,
    outcome: entry.outcome,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  };
  tx.insert(auditEvents)
    .values({ ...row, prevHash, hash: auditHash(prevHash, row) })
    .run();
}

/** The actor's part of an audit entry: who, of which organisation, from which address. */
export function byActor(
  actor: Pick<Actor, 'userId' | 'organisationId' | 'ip'>,
): Pick<AuditEntry, 'actorUserId' | 'actorOrganisationId' | 'ip'> {
  return { actorUserId: actor.userId, actorOrganisationId: actor.organisationId, ip: actor.ip };
}

/** Records an act of the actor that succeeded, on one record, in the caller's transaction. */
export function auditAct(
  tx: Tx,
  actor: Pick<Actor, 'userId' | 'organisationId' | 'ip'>,
  action: AuditAction,
  target: { type: string; id: string | null },
  extra: Pick<AuditEntry, 'detail' | 'at'> = {},
): void {
  writeAudit(tx, { action, outcome: 'ok', ...byActor(actor), targetType: target.type, targetId: target.id, ...extra });
}
