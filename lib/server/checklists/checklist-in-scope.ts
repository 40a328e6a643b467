import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { checklists } from '../../../db/schema';
import type { Actor } from '../auth/actor';

type Tx = Pick<Db, 'select'>;

/**
 * A check-list within the actor's reach, or undefined. Today: the organisation that created it
 * (docs/domain/access.md); referrals add the receiving centre and the guardianship service.
 */
export function getChecklistRowInScope(tx: Tx, actor: Actor, id: string) {
  return tx
    .select()
    .from(checklists)
    .where(and(eq(checklists.id, id), eq(checklists.organisationId, actor.organisationId)))
    .get();
}

export function parseAnswers(json: string): Record<string, string | number | string[]> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string | number | string[]>) : {};
  } catch {
    return {};
  }
}
