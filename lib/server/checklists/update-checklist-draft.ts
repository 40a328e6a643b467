import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists } from '../../../db/schema';
import { getCatalogue } from '../../checklist/catalogue';
import { applyPatch, draftPatchSchema } from '../../checklist/validation';
import { fieldErrorsOf } from '../../form-state';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { ConflictError, DomainError, NotFoundError } from '../errors';
import { getChecklistRowInScope, parseAnswers } from './checklist-in-scope';

/**
 * Saves a change to a draft (or to a check-list being corrected): only the items in the patch
 * change, so two sittings or two tabs never erase each other's other answers. A completed
 * check-list is read-only.
 */
export function updateChecklistDraft({
  actor,
  id,
  patch,
  now = new Date(),
}: {
  actor: Actor;
  id: string;
  patch: Record<string, unknown>;
  now?: Date;
}): {
  revision: number;
  updatedAt: string;
} {
  authorize(actor, 'checklist.write', { type: 'checklist', id });
  const db = getDb();
  const outcome = db.transaction(
    (tx) => {
      const row = getChecklistRowInScope(tx, actor, id);
      if (!row) return { kind: 'not_found' as const };
      if (row.status === 'completed') return { kind: 'read_only' as const };
      const parsed = draftPatchSchema(getCatalogue(row.catalogueVersion)).safeParse(patch);
      if (!parsed.success) return { kind: 'invalid' as const, errors: fieldErrorsOf(parsed.error) };
      const answers = applyPatch(parseAnswers(row.answers), parsed.data);
      const revision = row.revision + 1;
      const updatedAt = now.toISOString();
      tx.update(checklists)
        .set({ answers: JSON.stringify(answers), revision, updatedAt })
        .where(eq(checklists.id, id))
        .run();
      auditAct(
        tx,
        actor,
        'checklist.update',
        { type: 'checklist', id: id },
        { detail: { items: Object.keys(parsed.data).length }, at: now },
      );
      return { kind: 'ok' as const, revision, updatedAt };
    },
    { behavior: 'immediate' },
  );
  if (outcome.kind === 'not_found') {
    auditRefusal(actor, 'checklist.update', { type: 'checklist', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  if (outcome.kind === 'read_only') throw new ConflictError('errors.checklistReadOnly');
  if (outcome.kind === 'invalid') throw new DomainError('errors.validation', outcome.errors);
  return { revision: outcome.revision, updatedAt: outcome.updatedAt };
}
