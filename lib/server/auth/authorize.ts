import 'server-only';
import { getDb } from '../../../db/client';
import type { AuditAction } from '../../audit/actions';
import { can, type Permission } from '../../permissions';
import type { Actor } from './actor';
import { tokenAllows } from '../../tokens/scopes';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';

/** Audits a refusal in a transaction of its own (the refused request wrote nothing else). */
export function auditRefusal(
  actor: Actor | null,
  action: AuditAction,
  target?: { type: string; id: string | null },
  reason?: string,
): void {
  const db = getDb();
  db.transaction(
    (tx) =>
      writeAudit(tx, {
        action,
        outcome: 'refused',
        actorUserId: actor?.userId ?? null,
        actorOrganisationId: actor?.organisationId ?? null,
        targetType: target?.type ?? null,
        targetId: target?.id ?? null,
        ip: actor?.ip ?? null,
        detail: reason ? { reason } : undefined,
      }),
    { behavior: 'immediate' },
  );
}

/** A person by their role; an API token by its scopes and its organisation's kind (decision 0026). */
export function actorMay(actor: Actor, permission: Permission): boolean {
  return actor.token
    ? tokenAllows(actor.token.scopes, actor.organisationKind, permission)
    : can(actor.role, permission);
}

/**
 * Checks a permission by name. A refusal is audited and answered as "not found": a user
 * learns nothing about what exists beyond their reach.
 */
export function authorize(actor: Actor, permission: Permission, target?: { type: string; id: string | null }): void {
  if (!actorMay(actor, permission)) {
    auditRefusal(actor, permission, target, 'permission');
    throw new NotFoundError();
  }
}
