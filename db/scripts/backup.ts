/**
 * npm run db:backup [-- --to=<file>] — a consistent copy of the database while the server
 * runs, with SQLite's online backup API (better-sqlite3's backup(), which restarts by itself
 * when another connection writes meanwhile). Then checks the copy (integrity_check, foreign
 * keys, the audit chain, the statistics counters) and prints its path, size and duration. Default destination:
 * ./backups/relais-<UTC timestamp>.sqlite next to the current directory (RELAIS_BACKUP_DIR to
 * change). Exit code 1 if the copy fails its checks.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { verifyAuditChain, type AuditRow } from '../../lib/audit/audit-chain';
import { verifyStatisticsCounts } from '../../lib/statistics/counters';
import { databasePath, openDatabase } from '../client';

export async function backupDatabase(
  source: string,
  destination: string,
): Promise<{ bytes: number; ms: number; checklists: number; auditEntries: number }> {
  const started = performance.now();
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  if (fs.existsSync(destination)) throw new Error(`refusing to overwrite ${destination}`);
  const db = openDatabase(source);
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
  const checks = checkDatabaseCopy(destination);
  return {
    bytes: fs.statSync(destination).size,
    ms: performance.now() - started,
    checklists: checks.checklists,
    auditEntries: checks.auditEntries,
  };
}

/**
 * The checks of a copy (a backup, or a restore: db/scripts/restore.ts), read-only:
 * `integrity_check`, foreign keys, the whole audit chain, and the statistics counters against a
 * recomputation from the records (decision 0015). Throws on the first that fails.
 */
export function checkDatabaseCopy(file: string): { checklists: number; auditEntries: number } {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`copy failed integrity_check: ${String(integrity)}`);
    const fk = copy.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) throw new Error(`copy has ${fk.length} foreign key violations`);
    const rows = copy
      .prepare(
        `select id, at, actor_user_id as actorUserId, actor_organisation_id as actorOrganisationId, action, outcome, target_type as targetType,
                target_id as targetId, ip, detail, prev_hash as prevHash, hash from audit_events order by id`,
      )
      .iterate() as IterableIterator<AuditRow>;
    const chain = verifyAuditChain(rows, null);
    if (chain.problems.length > 0) throw new Error(`copy's audit chain is broken: ${chain.problems[0]!.detail}`);
    const counters = verifyStatisticsCounts(copy);
    if (counters.length > 0)
      throw new Error(`copy's statistics counters disagree with its records (${counters.length}): ${counters[0]}`);
    const checklists = copy.prepare('select count(*) from checklists').pluck().get() as number;
    return { checklists, auditEntries: chain.checked };
  } finally {
    copy.close();
  }
}

async function main() {
  const arg = process.argv.slice(2).find((a) => a.startsWith('--to='));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const destination = path.resolve(
    arg ? arg.slice('--to='.length) : path.join(process.env.RELAIS_BACKUP_DIR ?? 'backups', `relais-${stamp}.sqlite`),
  );
  const source = databasePath();
  if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
  const r = await backupDatabase(source, destination);
  console.log(`db:backup — ${source}`);
  console.log(`  copy            ${destination}`);
  console.log(`  size            ${(r.bytes / 1024 / 1024).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s`);
  console.log(
    `  checked         integrity ok, foreign keys ok, audit chain whole (${r.auditEntries} entries), statistics counters agree, ${r.checklists} check-lists`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().catch((e) => {
    console.error(`db:backup failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
