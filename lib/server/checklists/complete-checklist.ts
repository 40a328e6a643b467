import 'server-only';
import { getDb } from '../../../db/client';
import type { Actor } from '../auth/actor';
import { auditRefusal, authorize } from '../auth/authorize';
import { hasNoControlCharacters } from '../../validation/common';
import { ConflictError, DomainError, NotFoundError } from '../errors';
import { completeInTx } from './complete-in-tx';
import { getChecklistRowInScope, parseAnswers } from './checklist-in-scope';

/**
 * Completes a draft (version 1) or a correction (version n+1, with its reason). Validation
 * runs on the server with the same rules as the browser; with any error nothing is completed.
 */
export function completeChecklist({
  actor,
  id,
  reason = null,
  now = new Date(),
}: {
  actor: Actor;
  id: string;
  reason?: string | null;
  now?: Date;
}): {
  version: number;
} {
  authorize(actor, 'checklist.write', { type: 'checklist', id });
  const cleanReason = reason?.trim() ? reason.trim().slice(0, 500) : null;
  if (cleanReason && !hasNoControlCharacters(cleanReason))
    throw new DomainError('errors.validation', { reason: ['errors.controlCharacters'] });
  const result = getDb().transaction(
    (tx) => {
      const row = getChecklistRowInScope(tx, actor, id);
      if (!row) return null;
      if (row.status === 'completed') throw new ConflictError('errors.checklistAlreadyCompleted');
      return completeInTx(tx, { actor, row, reason: cleanReason, now }, parseAnswers(row.answers));
    },
    { behavior: 'immediate' },
  );
  if (!result) {
    auditRefusal(actor, 'checklist.complete', { type: 'checklist', id }, 'not_found_or_scope');
    throw new NotFoundError();
  }
  return result;
}
