import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { passkeys } from '../../../db/schema';
import type { Actor } from './actor';
import { auditRefusal, authorize } from './authorize';
import { auditAct } from '../audit/write-audit';
import { enqueueSecurityNotice } from '../mail/enqueue-mail';
import { DomainError, NotFoundError } from '../errors';
import { passkeysOf } from './passkey-store';
import { secondFactorOf, secondFactorRequired } from './second-factor-store';

/**
 * A person removes one of their own passkeys (a lost key). When the policy requires a second
 * factor, the last one left (no app, no other passkey) stays: removing it would leave the
 * account with the password alone until the next sign-in.
 */
export function removePasskey({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: { passkeyId: string };
  now?: Date;
}): void {
  authorize(actor, 'account.second_factor');
  const outcome = getDb().transaction(
    (tx) => {
      const own = passkeysOf(tx, actor.userId);
      const passkey = own.find((p) => p.id === input.passkeyId);
      if (!passkey) return 'not_found' as const;
      const factor = secondFactorOf(tx, actor.userId);
      const required = Boolean(factor?.mustEnrol) || secondFactorRequired(tx, actor.organisationId, actor.role);
      if (required && !factor?.totpSecret && own.length === 1) return 'last' as const;
      tx.delete(passkeys)
        .where(and(eq(passkeys.id, passkey.id), eq(passkeys.userId, actor.userId)))
        .run();
      auditAct(
        tx,
        actor,
        'account.passkey_remove',
        { type: 'user', id: actor.userId },
        { detail: { passkeyId: passkey.id, name: passkey.name }, at: now },
      );
      enqueueSecurityNotice(tx, { userId: actor.userId, event: 'second_factor_changed', at: now });
      return 'removed' as const;
    },
    { behavior: 'immediate' },
  );
  if (outcome === 'not_found') {
    auditRefusal(actor, 'account.passkey_remove', { type: 'passkey', id: input.passkeyId }, 'scope');
    throw new NotFoundError();
  }
  if (outcome === 'last') throw new DomainError('secondFactor.passkeys.errors.lastFactor');
}
