import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { settings } from '../../../db/schema';
import { adminScopeIsPlatform } from '../../permissions';
import type { Actor } from '../auth/actor';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';

export const DEFAULT_DISCLOSURE_K = 5;

/**
 * The small-cell threshold k as the statistics apply it (docs/domain/statistics.md#threshold).
 * Not a verb: the statistics verbs call it after their own check.
 */
export function readDisclosureThreshold(): number {
  const row = getDb().select({ value: settings.value }).from(settings).where(eq(settings.key, 'disclosure.k')).get();
  const k = row ? Number(JSON.parse(row.value)) : DEFAULT_DISCLOSURE_K;
  return Number.isInteger(k) && k >= 2 && k <= 100 ? k : DEFAULT_DISCLOSURE_K;
}

/** k for the national settings screen: the administrators of the coordination platform only; others get "not found". */
export function getDisclosureThreshold({ actor }: { actor: Actor }): number {
  authorize(actor, 'settings.update');
  if (!adminScopeIsPlatform(actor.organisationKind)) {
    auditRefusal(actor, 'settings.update', { type: 'setting', id: 'disclosure.k' }, 'scope');
    throw new NotFoundError();
  }
  return readDisclosureThreshold();
}
