import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { notifications, organisations, referrals } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

export interface NotificationItem {
  id: string;
  referralId: string;
  kind: string;
  status: string | null;
  centreName: string;
  at: string;
  read: boolean;
}

/** The actor's own notifications, newest first (they only say which referral changed, not who the person is). */
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
    })
    .from(notifications)
    .innerJoin(referrals, eq(referrals.id, notifications.referralId))
    .innerJoin(centre, eq(centre.id, referrals.centreId))
    .where(eq(notifications.userId, actor.userId))
    .orderBy(desc(notifications.at))
    .limit(limit)
    .all()
    .map(({ readAt, ...n }) => ({ ...n, read: readAt !== null }));
}
