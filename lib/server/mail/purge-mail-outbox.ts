import 'server-only';
import { and, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { mailOutbox } from '../../../db/schema';

type Tx = Pick<Db, 'delete' | 'select'>;

/**
 * Retention of the outbox (called by the retention job): messages written more than the period
 * ago are deleted once settled (sent, failed, gathered in a digest, not sent). A message still
 * waiting is kept whatever its age. Returns how many were deleted.
 */
export function purgeMailOutbox(tx: Tx, cutoff: string, limit: number): number {
  return tx
    .delete(mailOutbox)
    .where(
      inArray(
        mailOutbox.id,
        // Bounded per transaction like the other retention steps.
        tx
          .select({ id: mailOutbox.id })
          .from(mailOutbox)
          .where(
            and(
              lt(mailOutbox.createdAt, cutoff),
              inArray(mailOutbox.status, ['sent', 'failed', 'digested', 'skipped']),
            ),
          )
          .limit(limit),
      ),
    )
    .run().changes;
}
