import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dataGenerations } from '../../../db/schema';

/**
 * Moves the statistics generation on, in the caller's transaction: the presented years kept in
 * memory (decision 0016) are then computed again. The triggers of migration 0009 do this for
 * the counters, referrals, organisations and settings; the counts of persons met are written
 * by two verbs only, which call this.
 */
export function nextStatisticsGeneration(tx: Pick<Db, 'update'>): void {
  tx.update(dataGenerations)
    .set({ n: sql`${dataGenerations.n} + 1` })
    .where(eq(dataGenerations.name, 'statistics'))
    .run();
}
