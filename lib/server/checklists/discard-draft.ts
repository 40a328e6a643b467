import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists, referrals } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { ConflictError, NotFoundError } from '../errors';
import { getChecklistRowInScope, parseAnswers } from './checklist-in-scope';

/**
 * Its author throws away a first draft (never completed, never referred): one opened by mistake
 * or abandoned (decision 0023). The row goes; the audit trail keeps who discarded which draft,
 * when, and how many answers it held — not the answers. A completed check-list, or one being
 * corrected, is a record and is never discarded; a colleague's draft is not the actor's to throw away.
 */
export function discardDraft({ actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }): {
  discarded: true;
} {
  authorize(actor, 'checklist.discard', { type: 'checklist', id });
  const outcome = getDb().transaction(
    (tx) => {
      const row = getChecklistRowInScope(tx, actor, id);
      if (!row || row.createdBy !== actor.userId) return 'not_found' as const;
      if (row.status !== 'draft' || row.version !== 0) return 'not_a_draft' as const;
      const referred = tx.select({ id: referrals.id }).from(referrals).where(eq(referrals.checklistId, id)).get();
      if (referred) return 'not_a_draft' as const;
      tx.delete(checklists)
        .where(and(eq(checklists.id, id), eq(checklists.status, 'draft')))
        .run();
      auditAct(
        tx,
        actor,
        'checklist.discard',
        { type: 'checklist', id },
        { detail: { answers: Object.keys(parseAnswers(row.answers)).length, createdAt: row.createdAt }, at: now },
      );
      return 'ok' as const;
    },
    { behavior: 'immediate' },
  );
  if (outcome === 'not_found') {
    auditRefusal(actor, 'checklist.discard', { type: 'checklist', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  if (outcome === 'not_a_draft') throw new ConflictError('errors.checklistNotADraft');
  return { discarded: true };
}
