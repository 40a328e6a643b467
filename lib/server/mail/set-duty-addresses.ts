import 'server-only';
import { getDb } from '../../../db/client';
import { organisationMail } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { authorize } from '../auth/authorize';

/**
 * Sets the duty addresses of the administrator's own organisation (a centre's: new and overdue
 * referrals; the guardianship service's: minors; the coordination's: the on-call address for
 * overdue referrals), and the language of their messages. The audit records how many, not which.
 */
export function setDutyAddresses({
  actor,
  addresses,
  locale,
  now = new Date(),
}: {
  actor: Actor;
  addresses: string[];
  locale: string;
  now?: Date;
}): { count: number } {
  authorize(actor, 'mail.admin', { type: 'organisation', id: actor.organisationId });
  const value = [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter(Boolean))].join('\n');
  const at = now.toISOString();
  getDb().transaction(
    (tx) => {
      tx.insert(organisationMail)
        .values({
          organisationId: actor.organisationId,
          dutyAddresses: value,
          locale,
          updatedAt: at,
          updatedBy: actor.userId,
        })
        .onConflictDoUpdate({
          target: organisationMail.organisationId,
          set: { dutyAddresses: value, locale, updatedAt: at, updatedBy: actor.userId },
        })
        .run();
      auditAct(
        tx,
        actor,
        'mail.duty_addresses',
        { type: 'organisation', id: actor.organisationId },
        { detail: { count: value ? value.split('\n').length : 0, locale }, at: now },
      );
    },
    { behavior: 'immediate' },
  );
  return { count: value ? value.split('\n').length : 0 };
}
