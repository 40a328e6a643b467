import 'server-only';
import { getDb } from '../../../db/client';
import { settings } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import { DISCLOSURE_K_MAX, DISCLOSURE_K_MIN } from '../../validation/settings';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { auditRefusal, authorize } from '../auth/authorize';
import { DomainError, NotFoundError } from '../errors';
import { readDisclosureThreshold } from './get-disclosure-threshold';

/**
 * Sets k, the small-cell threshold of published statistics. A national setting: only the
 * administrators of the coordination platform may change it (others get "not found"); the
 * change and the previous value are audited.
 */
export function setDisclosureThreshold({ actor, k, now = new Date() }: { actor: Actor; k: number; now?: Date }): {
  k: number;
  previous: number;
} {
  authorize(actor, 'settings.update');
  if (!adminScopeIsPlatform(actor.organisationKind)) {
    auditRefusal(actor, 'settings.update', { type: 'setting', id: 'disclosure.k' }, 'scope');
    throw new NotFoundError();
  }
  if (!Number.isInteger(k) || k < DISCLOSURE_K_MIN || k > DISCLOSURE_K_MAX)
    throw new DomainError('errors.validation', { k: ['errors.outOfRange'] });
  const previous = readDisclosureThreshold();
  getDb().transaction(
    (tx) => {
      tx.insert(settings)
        .values({ key: 'disclosure.k', value: JSON.stringify(k), updatedAt: now.toISOString() })
        .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(k), updatedAt: now.toISOString() } })
        .run();
      auditAct(
        tx,
        actor,
        'settings.update',
        { type: 'setting', id: 'disclosure.k' },
        { detail: { previous, k }, at: now },
      );
    },
    { behavior: 'immediate' },
  );
  return { k, previous };
}
