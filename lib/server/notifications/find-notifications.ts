import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { checklists, notifications, organisations, referrals } from '../../../db/schema';
import { caseLabel } from '../../referrals/case-label';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

export interface NotificationItem {
  id: string;
  referralId: string;
  /** The case it concerns (decision 0023): the notification names it and links to it. */
  label: string;
  kind: string;
  status: string | null;
  centreName: string;
  at: string;
  read: boolean;
}

/** The actor's own notifications, newest first: which case changed (its label), never who the person is. */
export function findNotifications({ actor, limit = 100 }: { actor: Actor; limit?: number }): NotificationItem[] {
  authorize(actor, 'referral.read');
  const centre = alias(organisations, 'centre');
  return getDb()
    .select({
      id: notifications.id,
      referralId: notifications.referralId,
      kind: notifications.kind,
      status: notifications.status,
      centreName: centre.name,
      at: notifications.at,
      readAt: notifications.readAt,
      reference: checklists.reference,
      checklistId: referrals.checklistId,
    })
    .from(notifications)
    .innerJoin(referrals, eq(referrals.id, notifications.referralId))
    .innerJoin(centre, eq(centre.id, referrals.centreId))
    .leftJoin(checklists, eq(checklists.id, referrals.checklistId))
    .where(eq(notifications.userId, actor.userId))
    .orderBy(desc(notifications.at))
    .limit(limit)
    .all()
    .map(({ readAt, reference, checklistId, ...n }) => ({
      ...n,
      label: caseLabel({ referralId: n.referralId, reference, checklistId }),
      read: readAt !== null,
    }));
}
