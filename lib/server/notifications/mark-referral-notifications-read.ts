import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { notifications } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

/**
 * Marks the actor's notifications about one referral as read — when the user opens it, not when
 * the page refreshes itself, so the unread count stays until someone has looked.
 */
export function markReferralNotificationsRead({
  actor,
  referralId,
  now = new Date(),
}: {
  actor: Actor;
  referralId: string;
  now?: Date;
}): void {
  authorize(actor, 'referral.read');
  getDb()
    .update(notifications)
    .set({ readAt: now.toISOString() })
    .where(
      and(
        eq(notifications.userId, actor.userId),
        eq(notifications.referralId, referralId),
        isNull(notifications.readAt),
      ),
    )
    .run();
}
