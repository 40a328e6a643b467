import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { investigations } from '../../../db/schema';
import type { InvestigationInput } from '../../validation/investigations';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import { DomainError } from '../errors';

/** Opens an investigation (case file) of the actor's organisation; references are unique per organisation. */
export function createInvestigation({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: InvestigationInput;
  now?: Date;
}): { id: string } {
  authorize(actor, 'checklist.write');
  const id = randomUUID();
  getDb().transaction(
    (tx) => {
      const taken = tx
        .select({ id: investigations.id })
        .from(investigations)
        .where(
          and(eq(investigations.organisationId, actor.organisationId), eq(investigations.reference, input.reference)),
        )
        .get();
      if (taken) throw new DomainError('errors.validation', { reference: ['errors.referenceTaken'] });
      const nowIso = now.toISOString();
      tx.insert(investigations)
        .values({
          id,
          organisationId: actor.organisationId,
          reference: input.reference,
          employer: input.employer ?? null,
          sector: input.sector ?? null,
          region: input.region ?? null,
          createdBy: actor.userId,
          createdAt: nowIso,
          updatedAt: nowIso,
        })
        .run();
      auditAct(tx, actor, 'investigation.create', { type: 'investigation', id: id }, { at: now });
    },
    { behavior: 'immediate' },
  );
  return { id };
}
