import 'server-only';
import { createHash } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knownSignInAddresses } from '../../../db/schema';
import { enqueueSecurityNotice } from './enqueue-mail';

type Tx = Pick<Db, 'select' | 'insert'>;

/**
 * Remembers the network address of a successful sign-in (hashed with the user's id: the table
 * is no list of addresses) and, when the person had signed in before but never from there,
 * tells them by e-mail, in the sign-in's transaction. The first sign-in ever is not news.
 */
export function noteSignInAddress(tx: Tx, { userId, ip, at }: { userId: string; ip: string | null; at: Date }): void {
  if (!ip) return;
  const addressHash = createHash('sha256').update(`${userId}\n${ip}`).digest('hex');
  const known = tx
    .select({ n: count() })
    .from(knownSignInAddresses)
    .where(eq(knownSignInAddresses.userId, userId))
    .get();
  const inserted = tx
    .insert(knownSignInAddresses)
    .values({ userId, addressHash, firstSeenAt: at.toISOString() })
    .onConflictDoNothing()
    .returning({ userId: knownSignInAddresses.userId })
    .all();
  if (inserted.length > 0 && (known?.n ?? 0) > 0) enqueueSecurityNotice(tx, { userId, event: 'new_sign_in', at });
}
