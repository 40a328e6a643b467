import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { investigations, organisations, users } from '../../../db/schema';
import type { Answers } from '../../checklist/answers';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';
import { getChecklistRowInScope, parseAnswers } from './checklist-in-scope';

export interface ChecklistDetail {
  id: string;
  status: 'draft' | 'completed' | 'correcting';
  version: number;
  revision: number;
  catalogueVersion: string;
  answers: Answers;
  investigation: { id: string; reference: string } | null;
  organisationName: string;
  authorName: string;
  imported: boolean;
  createdAt: string;
  updatedAt: string;
  firstCompletedAt: string | null;
  lastCompletedAt: string | null;
}

/** One check-list of the actor's organisation; every read is audited. Out of reach = not found. */
export function getChecklist({ actor, id }: { actor: Actor; id: string }): ChecklistDetail {
  authorize(actor, 'checklist.read', { type: 'checklist', id });
  const db = getDb();
  const detail = db.transaction(
    (tx) => {
      const row = getChecklistRowInScope(tx, actor, id);
      if (!row) return null;
      const investigation = row.investigationId
        ? (tx
            .select({ id: investigations.id, reference: investigations.reference })
            .from(investigations)
            .where(eq(investigations.id, row.investigationId))
            .get() ?? null)
        : null;
      const org = tx
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, row.organisationId))
        .get();
      const author = tx.select({ name: users.name }).from(users).where(eq(users.id, row.createdBy)).get();
      auditAct(tx, actor, 'checklist.read', { type: 'checklist', id: id });
      return {
        id: row.id,
        status: row.status,
        version: row.version,
        revision: row.revision,
        catalogueVersion: row.catalogueVersion,
        answers: parseAnswers(row.answers),
        investigation,
        organisationName: org?.name ?? '',
        authorName: author?.name ?? '',
        imported: row.imported,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        firstCompletedAt: row.firstCompletedAt,
        lastCompletedAt: row.lastCompletedAt,
      } satisfies ChecklistDetail;
    },
    { behavior: 'immediate' },
  );
  if (!detail) {
    auditRefusal(actor, 'checklist.read', { type: 'checklist', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  return detail;
}
