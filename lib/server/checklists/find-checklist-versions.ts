import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklistVersions, users } from '../../../db/schema';
import type { Answers } from '../../checklist/answers';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';
import { getChecklistRowInScope, parseAnswers } from './checklist-in-scope';

export interface ChecklistVersion {
  version: number;
  catalogueVersion: string;
  reason: string | null;
  authorName: string;
  createdAt: string;
  answers: Answers;
  /** Item codes whose answer differs from the previous version. */
  changed: { code: string; before: Answers[string] | null; after: Answers[string] | null }[];
}

/** Every completed version of a check-list with what changed from the one before. Audited. */
export function findChecklistVersions({ actor, id }: { actor: Actor; id: string }): ChecklistVersion[] {
  authorize(actor, 'checklist.read', { type: 'checklist', id });
  const versions = getDb().transaction(
    (tx) => {
      if (!getChecklistRowInScope(tx, actor, id)) return null;
      auditAct(tx, actor, 'checklist.read_history', { type: 'checklist', id: id });
      return tx
        .select({
          version: checklistVersions.version,
          catalogueVersion: checklistVersions.catalogueVersion,
          reason: checklistVersions.reason,
          authorName: users.name,
          createdAt: checklistVersions.createdAt,
          answers: checklistVersions.answers,
        })
        .from(checklistVersions)
        .innerJoin(users, eq(users.id, checklistVersions.createdBy))
        .where(eq(checklistVersions.checklistId, id))
        .orderBy(asc(checklistVersions.version))
        .all();
    },
    { behavior: 'immediate' },
  );
  if (!versions) {
    auditRefusal(actor, 'checklist.read_history', { type: 'checklist', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  let previous: Answers = {};
  return versions.map((v) => {
    const answers = parseAnswers(v.answers);
    const codes = [...new Set([...Object.keys(previous), ...Object.keys(answers)])].sort();
    const changed =
      v.version === 1
        ? []
        : codes
            .filter((c) => JSON.stringify(previous[c] ?? null) !== JSON.stringify(answers[c] ?? null))
            .map((code) => ({ code, before: previous[code] ?? null, after: answers[code] ?? null }));
    previous = answers;
    return { ...v, answers, changed };
  });
}
