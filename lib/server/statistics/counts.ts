import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { checklistIndicators, checklists, referrals, statisticsCounts } from '../../../db/schema';
import { countKeys, keyString, type CountKey } from '../../statistics/counters';

export { countKeys, type CountKey } from '../../statistics/counters';

/**
 * The check-list side of the yearly statistics as counters (decision 0015): for every year and
 * detecting service, how many counted check-lists (completed, `out.sufficient = yes`) fall under
 * each code of each table's dimensions. Every write that can change what a check-list counts
 * as — completion, correction, import, a referral created or moved (orientation) — applies the
 * difference in its own transaction (`recountChecklists`), so a table of a year is a read of a
 * few hundred counters instead of a scan of the year's check-lists. `rebuildStatisticsCounts`
 * recomputes them all from the records (after a migration; `npm run stats:verify` compares).
 */
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Oriented (docs/domain/statistics.md): a referral of the check-list accepted; or — the 2019 report's
 * wider definition — put in contact: acknowledged or later by a centre and not withdrawn.
 * (Already in a centre's care counts for both, in countKeys.)
 */
function orientationOf(tx: Tx, checklistId: string): { accepted: boolean; contacted: boolean } {
  const row = tx
    .select({
      accepted: sql<number>`max(${referrals.acceptedAt} is not null)`,
      contacted: sql<number>`max(${referrals.firstActionAt} is not null and ${referrals.status} <> 'withdrawn')`,
    })
    .from(referrals)
    .where(eq(referrals.checklistId, checklistId))
    .get();
  return { accepted: row?.accepted === 1, contacted: row?.contacted === 1 };
}

function keysOf(tx: Tx, checklistId: string): CountKey[] {
  const c = tx.select().from(checklists).where(eq(checklists.id, checklistId)).get();
  if (!c || c.version < 1 || c.sufficient !== true) return [];
  const codes = tx
    .select({ code: checklistIndicators.code })
    .from(checklistIndicators)
    .where(eq(checklistIndicators.checklistId, checklistId))
    .all();
  return countKeys(
    c,
    codes.map((x) => x.code),
    orientationOf(tx, checklistId),
  );
}

/** Adds `delta` to each counter (a key listed twice counts twice). */
export function applyCounts(tx: Tx, keys: Iterable<CountKey>, delta: number): void {
  const merged = new Map<string, { key: CountKey; n: number }>();
  for (const key of keys) {
    const s = keyString(key);
    const m = merged.get(s);
    if (m) m.n += delta;
    else merged.set(s, { key, n: delta });
  }
  for (const { key, n } of merged.values()) {
    if (n === 0) continue;
    tx.insert(statisticsCounts)
      .values({ ...key, n })
      .onConflictDoUpdate({
        target: [
          statisticsCounts.year,
          statisticsCounts.dimension,
          statisticsCounts.service,
          statisticsCounts.a,
          statisticsCounts.b,
        ],
        set: { n: sql`${statisticsCounts.n} + ${n}` },
      })
      .run();
  }
}

/**
 * Runs `change` (inside the caller's transaction) and applies to the counters the difference it
 * made to what the given check-lists count as.
 */
export function recountChecklists<T>(tx: Tx, checklistIds: readonly (string | null)[], change: () => T): T {
  const ids = [...new Set(checklistIds.filter((id): id is string => id !== null))];
  const before = ids.flatMap((id) => keysOf(tx, id));
  const result = change();
  const after = ids.flatMap((id) => keysOf(tx, id));
  applyCounts(tx, before, -1);
  applyCounts(tx, after, +1);
  return result;
}
