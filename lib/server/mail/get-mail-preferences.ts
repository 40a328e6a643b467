import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { mailPreferences } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/authorize';
import type { MailMode } from './enqueue-mail';
import { mailEnabled } from './mail-config';

export interface MailPreferences {
  enabled: boolean;
  mode: MailMode;
  locale: string;
  organisationReferrals: boolean;
}

/** The signed-in person's own e-mail preferences (the defaults when never chosen). */
export function getMailPreferences({ actor }: { actor: Actor }): MailPreferences {
  authorize(actor, 'account.mail_preferences');
  const row = getDb().select().from(mailPreferences).where(eq(mailPreferences.userId, actor.userId)).get();
  return {
    enabled: mailEnabled(),
    mode: (row?.mode as MailMode | undefined) ?? 'immediate',
    locale: row?.locale ?? 'fr',
    organisationReferrals: row?.organisationReferrals ?? false,
  };
}
