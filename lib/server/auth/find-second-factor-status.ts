import 'server-only';
import { getDb } from '../../../db/client';
import type { Actor } from './actor';
import { authorize } from './authorize';
import { secondFactorOf, secondFactorRequired, unusedRecoveryCodes } from './second-factor-store';

export interface SecondFactorStatus {
  enrolled: boolean;
  enrolledAt: string | null;
  recoveryCodesLeft: number;
  required: boolean;
}

/** The person's own second factor: set up or not, recovery codes left, whether the policy requires one. */
export function findSecondFactorStatus({ actor }: { actor: Actor }): SecondFactorStatus {
  authorize(actor, 'account.second_factor');
  const db = getDb();
  const factor = secondFactorOf(db, actor.userId);
  return {
    enrolled: Boolean(factor?.totpSecret),
    enrolledAt: factor?.enrolledAt ?? null,
    recoveryCodesLeft: factor?.totpSecret ? unusedRecoveryCodes(db, actor.userId).length : 0,
    required: Boolean(factor?.mustEnrol) || secondFactorRequired(db, actor.organisationId, actor.role),
  };
}
