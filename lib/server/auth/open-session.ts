import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/client';
import { sessions } from '../../../db/schema';
import type { Role } from '../../roles';
import { writeAudit } from '../audit/write-audit';
import { noteSignInAddress } from '../mail/note-sign-in-address';

type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

/**
 * Opens the server-side session of a sign-in that succeeded (decision 0002), in the caller's
 * transaction, and audits it: the same row whether a password or an organisation's OpenID
 * provider vouched for the person (decision 0032). `secondFactorPending` makes it the half-way
 * session of decision 0025.
 */
export function openSessionInTx(
  tx: Tx,
  user: { id: string; role: Role; organisationId: string },
  {
    ip,
    now,
    secondFactorPending,
    detail,
  }: {
    ip: string;
    now: Date;
    secondFactorPending: 'verify' | 'enrol' | null;
    detail?: Record<string, string | number | boolean | null>;
  },
): string {
  const sessionId = randomBytes(32).toString('base64url');
  const nowIso = now.toISOString();
  tx.insert(sessions)
    .values({
      id: sessionId,
      userId: user.id,
      role: user.role,
      organisationId: user.organisationId,
      createdAt: nowIso,
      lastSeenAt: nowIso,
      secondFactorPending,
    })
    .run();
  const withStep = secondFactorPending ? { ...detail, secondFactor: secondFactorPending } : detail;
  writeAudit(tx, {
    action: 'auth.sign_in',
    outcome: 'ok',
    actorUserId: user.id,
    actorOrganisationId: user.organisationId,
    targetType: 'user',
    targetId: user.id,
    ip,
    at: now,
    detail: withStep && Object.keys(withStep).length > 0 ? withStep : undefined,
  });
  noteSignInAddress(tx, { userId: user.id, ip, at: now });
  return sessionId;
}
