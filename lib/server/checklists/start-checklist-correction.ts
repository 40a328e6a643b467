import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';
import { getChecklistRowInScope } from './checklist-in-scope';

/**
 * Opens a correction of a completed check-list: the answers become editable again; the
 * completed version stays what statistics count until the correction is completed as a new
 * version, with a reason. Starting a correction twice is harmless.
 */
export function startChecklistCorrection({
  actor,
  id,
  now = new Date(),
}: {
  actor: Actor;
  id: string;
  now?: Date;
}): void {
  authorize(actor, 'checklist.write', { type: 'checklist', id });
  const found = getDb().transaction(
    (tx) => {
      const row = getChecklistRowInScope(tx, actor, id);
      if (!row) return false;
      if (row.status !== 'completed') return true;
      tx.update(checklists)
        .set({ status: 'correcting', revision: row.revision + 1, updatedAt: now.toISOString() })
        .where(eq(checklists.id, id))
        .run();
      auditAct(tx, actor, 'checklist.start_correction', { type: 'checklist', id: id }, { at: now });
      return true;
    },
    { behavior: 'immediate' },
  );
  if (!found) {
    auditRefusal(actor, 'checklist.start_correction', { type: 'checklist', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
}
