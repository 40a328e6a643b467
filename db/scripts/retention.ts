/**
 * npm run retention — one retention run (drafts, abandoned corrections, closed cases), for
 * cron when the server's own job is off (RELAIS_RETENTION_JOB=off). Prints what it did.
 */
import { runRetention } from '../../lib/server/retention/run-retention';

const report = runRetention();
console.log(`retention — ${new Date().toISOString()}`);
for (const [k, v] of Object.entries(report)) console.log(`  ${k.padEnd(22)} ${v}`);
