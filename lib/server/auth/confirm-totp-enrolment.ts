import 'server-only';
import { getDb } from '../../../db/client';
import type { Actor } from './actor';
import { authorize } from './authorize';
import { auditAct } from '../audit/write-audit';
import { enqueueSecurityNotice } from '../mail/enqueue-mail';
import { DomainError } from '../errors';
import { activateEnrolmentInTx, secondFactorOf } from './second-factor-store';
import { checkTotp } from './totp-rules';

/** The first code of the app confirms the secret shown last; from the next sign-in on, a code is asked. */
export function confirmTotpEnrolment({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: { code: string };
  now?: Date;
}): void {
  authorize(actor, 'account.second_factor');
  const ok = getDb().transaction(
    (tx) => {
      const factor = secondFactorOf(tx, actor.userId);
      if (!factor?.pendingSecret || factor.totpSecret) return false;
      const check = checkTotp(factor.pendingSecret, input.code, null, now);
      if (!check.ok) return false;
      activateEnrolmentInTx(tx, actor.userId, check.step, now);
      auditAct(
        tx,
        actor,
        'account.second_factor',
        { type: 'user', id: actor.userId },
        { detail: { method: 'totp' }, at: now },
      );
      enqueueSecurityNotice(tx, { userId: actor.userId, event: 'second_factor_changed', at: now });
      return true;
    },
    { behavior: 'immediate' },
  );
  if (!ok) throw new DomainError('errors.validation', { code: ['secondFactor.errors.wrongCode'] });
}
