/**
 * npm run stats:verify — compares the statistics counters (statistics_counts, decision 0015)
 * with a recomputation from the records, read-only. Exit code 0 when they agree, 1 otherwise
 * (then `npm run stats:verify -- --rebuild` rewrites them from the records).
 */
import Database from 'better-sqlite3';
import { rebuildStatisticsCounts, verifyStatisticsCounts } from '../../lib/statistics/counters';
import { databasePath } from '../client';

const rebuild = process.argv.includes('--rebuild');
const sqlite = new Database(databasePath(), { readonly: !rebuild, fileMustExist: true });
try {
  if (rebuild) console.log(`stats:verify — counters rebuilt from the records: ${rebuildStatisticsCounts(sqlite)}`);
  const problems = verifyStatisticsCounts(sqlite);
  if (problems.length === 0) console.log('stats:verify — the counters agree with the records');
  else {
    console.log(`stats:verify — ${problems.length} counter(s) disagree with the records:`);
    for (const p of problems.slice(0, 50)) console.log(`  ${p}`);
    process.exitCode = 1;
  }
} finally {
  sqlite.close();
}
