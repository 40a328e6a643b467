import 'server-only';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../../db/client';
import { notifications, organisations, referrals } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

/** Unread notifications of the actor (the badge in the navigation). */
export function countUnreadNotifications({ actor }: { actor: Actor }): number {
  return getDb().select({ n: count() }).from(notifications).where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt))).get()?.n ?? 0;
}

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
  const centre = alias(organisations, 'centre');
  return getDb()
    .select({ id: notifications.id, referralId: notifications.referralId, kind: notifications.kind, status: notifications.status, centreName: centre.name, at: notifications.at, readAt: notifications.readAt })
    .from(notifications)
    .innerJoin(referrals, eq(referrals.id, notifications.referralId))
    .innerJoin(centre, eq(centre.id, referrals.centreId))
    .where(eq(notifications.userId, actor.userId))
    .orderBy(desc(notifications.at))
    .limit(limit)
    .all()
    .map(({ readAt, ...n }) => ({ ...n, read: readAt !== null }));
}

/**
 * Marks the actor's notifications about one referral as read — when the user opens it, not when
 * the page refreshes itself, so the unread count stays until someone has looked.
 */
export function markReferralNotificationsRead({ actor, referralId, now = new Date() }: { actor: Actor; referralId: string; now?: Date }): void {
  authorize(actor, 'referral.read');
  getDb()
    .update(notifications)
    .set({ readAt: now.toISOString() })
    .where(and(eq(notifications.userId, actor.userId), eq(notifications.referralId, referralId), isNull(notifications.readAt)))
    .run();
}
