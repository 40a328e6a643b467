import 'server-only';
import { and, count, eq, isNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { notifications } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

/** Unread notifications of the actor (the badge in the navigation): those who take part in referrals. */
export function countUnreadNotifications({ actor }: { actor: Actor }): number {
  authorize(actor, 'referral.read');
  return (
    getDb()
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}
