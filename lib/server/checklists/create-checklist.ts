import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists, investigations } from '../../../db/schema';
import type { Answers } from '../../checklist/answers';
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../../checklist/catalogue';
import { applyPatch, draftPatchSchema } from '../../checklist/validation';
import { fieldErrorsOf } from '../../form-state';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { DomainError, NotFoundError } from '../errors';
import { completeInTx } from './complete-in-tx';
import { IDEMPOTENCY_KEY } from '../../validation/common';

/**
 * Creates a check-list for the actor's organisation: a draft, or — with `complete` — a
 * completed check-list in one step (all or nothing). The idempotency key makes a retried or
 * doubled request return the check-list the first one created, with `created: false`.
 */
export function createChecklist({
  actor,
  idempotencyKey,
  answers = {},
  investigationId = null,
  complete = false,
  now = new Date(),
}: {
  actor: Actor;
  idempotencyKey: string;
  answers?: Record<string, unknown>;
  investigationId?: string | null;
  complete?: boolean;
  now?: Date;
}): { id: string; created: boolean; status: string; version: number } {
  authorize(actor, 'checklist.write');
  if (!IDEMPOTENCY_KEY.test(idempotencyKey))
    throw new DomainError('errors.validation', { idempotencyKey: ['errors.idempotencyKey'] });
  const catalogue = getCatalogue(CURRENT_CATALOGUE_VERSION);
  const parsed = draftPatchSchema(catalogue).safeParse(answers);
  if (!parsed.success) throw new DomainError('errors.validation', fieldErrorsOf(parsed.error));

  const db = getDb();
  const result = db.transaction(
    (tx) => {
      const existing = tx
        .select({ id: checklists.id, status: checklists.status, version: checklists.version })
        .from(checklists)
        .where(and(eq(checklists.organisationId, actor.organisationId), eq(checklists.idempotencyKey, idempotencyKey)))
        .get();
      if (existing) return { ...existing, created: false };
      // Any id but null is looked up: an empty string is "not found", not a row without investigation.
      if (investigationId !== null) {
        const inv = tx
          .select({ id: investigations.id })
          .from(investigations)
          .where(and(eq(investigations.id, investigationId), eq(investigations.organisationId, actor.organisationId)))
          .get();
        if (!inv) return null;
      }
      const id = randomUUID();
      const nowIso = now.toISOString();
      const initial: Answers = applyPatch({ 'ctx.service': actor.organisationService ?? 'other' }, parsed.data);
      const row = {
        id,
        organisationId: actor.organisationId,
        createdBy: actor.userId,
        idempotencyKey,
        investigationId,
        catalogueVersion: catalogue.version,
        status: 'draft' as const,
        version: 0,
        revision: 1,
        answers: JSON.stringify(initial),
        imported: false,
        createdAt: nowIso,
        updatedAt: nowIso,
      };
      tx.insert(checklists).values(row).run();
      auditAct(tx, actor, 'checklist.create', { type: 'checklist', id: id }, { at: now });
      if (complete) {
        const full = tx.select().from(checklists).where(eq(checklists.id, id)).get()!;
        const { version } = completeInTx(tx, { actor, row: full, reason: null, now }, initial);
        return { id, status: 'completed', version, created: true };
      }
      return { id, status: 'draft', version: 0, created: true };
    },
    { behavior: 'immediate' },
  );
  if (!result) {
    auditRefusal(actor, 'checklist.create', { type: 'investigation', id: investigationId }, 'scope');
    throw new NotFoundError();
  }
  return result;
}
