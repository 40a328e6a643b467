'use client';

import { useEffect, useState } from 'react';
import { markReferralReadAction } from '@/app/actions/referrals';

/**
 * Marks the notifications of a referral read once the user has opened it (not on automatic
 * refreshes): those the page showed when it was rendered (`seenAt`), not one that came later.
 */
export function MarkRead({ referralId, seenAt }: { referralId: string; seenAt: string }) {
  // The first render's moment: a refresh re-renders with a later one, which was not "opening".
  const [openedAt] = useState(seenAt);
  useEffect(() => {
    void markReferralReadAction({ referralId, seenAt: openedAt });
  }, [referralId, openedAt]);
  return null;
}
