import 'server-only';
import { getDb } from '../../../db/client';
import type { Actor } from '../auth/actor';
import { writeAudit } from '../audit/write-audit';

/** Every export is audited (spec/access.md): which year, which table, published or not. */
export function writeExportAudit(actor: Actor, detail: { year: number; table: string; publication: boolean; format: string }): void {
  getDb().transaction(
    (tx) =>
      writeAudit(tx, {
        action: 'statistics.export',
        outcome: 'ok',
        actorUserId: actor.userId,
        actorOrganisationId: actor.organisationId,
        targetType: 'statistics',
        targetId: `${detail.year}/${detail.table}`,
        ip: actor.ip,
        detail,
      }),
    { behavior: 'immediate' },
  );
}
