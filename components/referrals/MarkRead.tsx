'use client';

import { useEffect } from 'react';
import { markReferralReadAction } from '@/app/actions/referrals';

/** Marks the notifications of a referral read once the user has opened it (not on automatic refreshes). */
export function MarkRead({ referralId }: { referralId: string }) {
  useEffect(() => {
    void markReferralReadAction(referralId);
  }, [referralId]);
  return null;
}
