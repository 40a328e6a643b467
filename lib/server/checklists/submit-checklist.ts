import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists, checklistSubmissions } from '../../../db/schema';
import { caseLabel } from '../../referrals/case-label';
import { UUID } from '../../validation/common';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import { ConflictError, DomainError } from '../errors';
import { createChecklist } from './create-checklist';

/** What a submission answers, the first time and on every retry with the same key and content. */
export interface SubmittedChecklist {
  id: string;
  clientId: string;
  status: 'completed';
  version: 1;
  /** The case label (decision 0023): the referrer's reference, else Relais's short case number. */
  label: string;
}

/**
 * A check-list filled and completed in the browser, maybe without a connection, and sent when
 * the line returned (decision 0033): created and completed in one step, exactly once. The key
 * and a digest of what was sent are kept: a retry with the same key and the same content (a
 * send whose answer was lost, a reload while it was on its way) answers what the first one did,
 * without a second check-list; the same key with other content is a conflict, never an
 * overwrite. A refusal (validation) stores nothing: corrected, it may be sent again.
 */
export function submitChecklist({
  actor,
  clientId,
  idempotencyKey,
  answers,
  investigationId = null,
  now = new Date(),
}: {
  actor: Actor;
  clientId: string;
  idempotencyKey: string;
  answers: Record<string, unknown>;
  investigationId?: string | null;
  now?: Date;
}): SubmittedChecklist {
  authorize(actor, 'checklist.write');
  if (!UUID.test(clientId)) throw new DomainError('errors.validation', { clientId: ['errors.invalidId'] });
  const digest = contentDigest({ clientId, answers, investigationId });
  return getDb().transaction(
    (tx) => {
      const prior = tx
        .select({ checklistId: checklistSubmissions.checklistId, digest: checklistSubmissions.contentDigest })
        .from(checklistSubmissions)
        .where(
          and(
            eq(checklistSubmissions.organisationId, actor.organisationId),
            eq(checklistSubmissions.idempotencyKey, idempotencyKey),
          ),
        )
        .get();
      if (prior) {
        if (prior.digest !== digest) throw new ConflictError('errors.submissionConflict');
        const row = tx
          .select({ answers: checklists.answers })
          .from(checklists)
          .where(eq(checklists.id, prior.checklistId))
          .get();
        return answerOf(prior.checklistId, clientId, row ? referenceOf(row.answers) : null);
      }
      // Nested: the creation is a savepoint of this transaction, so the check-list and its
      // submission row are written together or not at all.
      const made = createChecklist({ actor, idempotencyKey, answers, investigationId, complete: true, now });
      // The key already made a check-list another way (a draft started online): not this submission's.
      if (!made.created) throw new ConflictError('errors.submissionConflict');
      tx.insert(checklistSubmissions)
        .values({
          organisationId: actor.organisationId,
          idempotencyKey,
          clientId,
          checklistId: made.id,
          createdBy: actor.userId,
          contentDigest: digest,
          createdAt: now.toISOString(),
        })
        .run();
      const reference = typeof answers['ctx.reference'] === 'string' ? answers['ctx.reference'] : null;
      return answerOf(made.id, clientId, reference);
    },
    { behavior: 'immediate' },
  );
}

function answerOf(id: string, clientId: string, reference: string | null): SubmittedChecklist {
  return {
    id,
    clientId,
    status: 'completed',
    version: 1,
    label: caseLabel({ referralId: id, reference, checklistId: id }),
  };
}

function referenceOf(stored: string): string | null {
  try {
    const value = (JSON.parse(stored) as Record<string, unknown>)['ctx.reference'];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** A digest of what was sent, with the answers' keys in order (two sendings of one form compare equal). */
function contentDigest(content: {
  clientId: string;
  answers: Record<string, unknown>;
  investigationId: string | null;
}) {
  const answers = Object.keys(content.answers)
    .sort()
    .map((k) => [k, content.answers[k]]);
  return createHash('sha256')
    .update(JSON.stringify([content.clientId, content.investigationId, answers]))
    .digest('hex');
}
