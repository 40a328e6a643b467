import 'server-only';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { notifications } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';

/**
 * Marks the actor's notifications about one referral as read — when the user opens it, not when
 * the page refreshes itself, so the unread count stays until someone has looked. Only those the
 * page could show (`seenUpTo`: when it was rendered): one that arrived while the call was on its
 * way has not been seen.
 */
export function markReferralNotificationsRead({
  actor,
  referralId,
  seenUpTo,
  now = new Date(),
}: {
  actor: Actor;
  referralId: string;
  seenUpTo?: Date;
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
        seenUpTo ? lte(notifications.at, seenUpTo.toISOString()) : undefined,
      ),
    )
    .run();
}
