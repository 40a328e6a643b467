import 'server-only';
import { getDb } from '../../../db/client';
import { mailPreferences } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import type { MailMode } from './enqueue-mail';

/** Sets the signed-in person's own e-mail preferences (mandatory messages are sent whatever they say). */
export function setMailPreferences({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: { mode: MailMode; locale: string; organisationReferrals: boolean };
  now?: Date;
}): void {
  authorize(actor, 'account.mail_preferences', { type: 'user', id: actor.userId });
  const at = now.toISOString();
  const values = { mode: input.mode, locale: input.locale, organisationReferrals: input.organisationReferrals };
  getDb().transaction(
    (tx) => {
      tx.insert(mailPreferences)
        .values({ userId: actor.userId, ...values, updatedAt: at })
        .onConflictDoUpdate({ target: mailPreferences.userId, set: { ...values, updatedAt: at } })
        .run();
      auditAct(tx, actor, 'account.mail_preferences', { type: 'user', id: actor.userId }, { detail: values, at: now });
    },
    { behavior: 'immediate' },
  );
}
