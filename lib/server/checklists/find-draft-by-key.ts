import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { parseAnswers } from './checklist-in-scope';

/**
 * The check-list the actor's "new check-list" page already created under this key, if any (a
 * reload of the page after the first answer): the page then shows it instead of an empty form.
 */
export function findDraftByKey({ actor, idempotencyKey }: { actor: Actor; idempotencyKey: string }): {
  id: string;
  status: string;
  answers: Record<string, string | number | string[]>;
} | null {
  authorize(actor, 'checklist.write');
  const row = getDb()
    .select({ id: checklists.id, status: checklists.status, answers: checklists.answers })
    .from(checklists)
    .where(
      and(
        eq(checklists.organisationId, actor.organisationId),
        eq(checklists.createdBy, actor.userId),
        eq(checklists.idempotencyKey, idempotencyKey),
      ),
    )
    .get();
  return row ? { id: row.id, status: row.status, answers: parseAnswers(row.answers) } : null;
}
