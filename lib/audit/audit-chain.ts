import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain (decision 0008): each entry's hash covers every column and the
 * previous entry's hash. Shared by the writer (lib/server/audit/write-audit.ts) and `npm run audit:verify`.
 */
export interface AuditRow {
  id: number;
  at: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  detail: string | null;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash of one entry: covers every column and the previous hash, so the rows form a chain. */
export function auditHash(prevHash: string, row: Omit<AuditRow, 'hash' | 'prevHash' | 'id'>): string {
  const canonical = JSON.stringify([
    prevHash,
    row.at,
    row.actorUserId ?? null,
    row.actorOrganisationId ?? null,
    row.action,
    row.outcome,
    row.targetType ?? null,
    row.targetId ?? null,
    row.ip ?? null,
    row.detail ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainProblem {
  id: number | null;
  kind: 'changed' | 'link_broken' | 'missing_ids' | 'truncated';
  detail: string;
}

/**
 * Walks the entries in id order and reports every break: an entry whose content no longer
 * matches its hash (changed in the database), an entry whose previous-hash does not match the
 * entry before it (one removed or changed), ids missing, and entries removed at the end (the
 * AUTOINCREMENT sequence is ahead of the last id).
 */
export function verifyAuditChain(
  rows: Iterable<AuditRow>,
  sequence: number | null,
): { checked: number; head: string; lastAt: string | null; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  let prev = GENESIS_HASH;
  let prevId = 0;
  let checked = 0;
  let lastAt: string | null = null;
  for (const row of rows) {
    checked++;
    if (row.id !== prevId + 1)
      problems.push({ id: row.id, kind: 'missing_ids', detail: `ids ${prevId + 1}–${row.id - 1} are missing` });
    if (row.prevHash !== prev)
      problems.push({
        id: row.id,
        kind: 'link_broken',
        detail: 'its previous-hash does not match the entry before it',
      });
    const { id: _id, hash, prevHash, ...content } = row;
    if (auditHash(prevHash, content) !== hash)
      problems.push({ id: row.id, kind: 'changed', detail: 'its content does not match its hash' });
    prev = hash;
    prevId = row.id;
    lastAt = row.at;
  }
  if (sequence !== null && sequence > prevId)
    problems.push({
      id: null,
      kind: 'truncated',
      detail: `entries ${prevId + 1}–${sequence} were removed from the end`,
    });
  return { checked, head: prev, lastAt, problems };
}
