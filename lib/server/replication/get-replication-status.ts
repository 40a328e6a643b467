import 'server-only';
import { adminScopeIsPlatform } from '../../permissions';
import { readReplicationStatus, type ReplicationStatus } from '../../replication/status';
import type { Actor } from '../auth/actor';
import { auditRefusal, authorize } from '../auth/authorize';
import { NotFoundError } from '../errors';

/**
 * The replication's details (replica, lag, last sync, errors) for the administrators of the
 * coordination platform, who run the national service; others get "not found".
 */
export function getReplicationStatus({ actor }: { actor: Actor }): ReplicationStatus {
  authorize(actor, 'replication.read');
  if (!adminScopeIsPlatform(actor.organisationKind)) {
    auditRefusal(actor, 'replication.read', { type: 'replication', id: null }, 'scope');
    throw new NotFoundError();
  }
  return readReplicationStatus();
}
