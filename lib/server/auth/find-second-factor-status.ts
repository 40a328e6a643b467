import 'server-only';
import { getDb } from '../../../db/client';
import type { Actor } from './actor';
import { authorize } from './authorize';
import { passkeysOf } from './passkey-store';
import { secondFactorOf, secondFactorRequired, unusedRecoveryCodes } from './second-factor-store';

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface SecondFactorStatus {
  /** The authenticator app (TOTP) is set up. */
  enrolled: boolean;
  enrolledAt: string | null;
  recoveryCodesLeft: number;
  required: boolean;
  passkeys: PasskeySummary[];
  /** Whether a passkey may be removed: not the last factor left when the policy requires one. */
  passkeyRemovable: boolean;
}

/** The person's own second factor: the app set up or not, recovery codes left, passkeys, whether the policy requires one. */
export function findSecondFactorStatus({ actor }: { actor: Actor }): SecondFactorStatus {
  authorize(actor, 'account.second_factor');
  const db = getDb();
  const factor = secondFactorOf(db, actor.userId);
  const required = Boolean(factor?.mustEnrol) || secondFactorRequired(db, actor.organisationId, actor.role);
  const passkeys = passkeysOf(db, actor.userId).map((p) => ({
    id: p.id,
    name: p.name,
    createdAt: p.createdAt,
    lastUsedAt: p.lastUsedAt,
  }));
  return {
    enrolled: Boolean(factor?.totpSecret),
    enrolledAt: factor?.enrolledAt ?? null,
    recoveryCodesLeft: factor?.totpSecret ? unusedRecoveryCodes(db, actor.userId).length : 0,
    required,
    passkeys,
    passkeyRemovable: !required || Boolean(factor?.totpSecret) || passkeys.length > 1,
  };
}
