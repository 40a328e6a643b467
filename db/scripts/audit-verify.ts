/**
 * npm run audit:verify — checks the audit log's hash chain in the database (RELAIS_DB_PATH,
 * default ./data/relais.sqlite), read-only, and prints what it found. Exit code 0 when the chain
 * is whole, 1 when an entry was changed, removed or the end cut off, 2 when it could not run.
 * Record the printed head hash somewhere else (decision 0008): an attacker able to rewrite every
 * entry after the one they changed would otherwise go unnoticed.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { verifyAuditChain, type AuditRow } from '../../lib/audit/audit-chain';
import { databasePath } from '../client';

const file = databasePath();
if (!fs.existsSync(file)) {
  console.error(`audit:verify — no database at ${file}`);
  process.exit(2);
}
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
try {
  const rows = sqlite
    .prepare(
      `select id, at, actor_user_id as actorUserId, actor_organisation_id as actorOrganisationId, action, outcome, target_type as targetType,
              target_id as targetId, ip, detail, prev_hash as prevHash, hash from audit_events order by id`,
    )
    .iterate() as IterableIterator<AuditRow>;
  const sequence =
    (sqlite.prepare("select seq from sqlite_sequence where name = 'audit_events'").pluck().get() as
      number | undefined) ?? null;
  const result = verifyAuditChain(rows, sequence);
  console.log(`audit:verify — ${file}`);
  console.log(`  entries checked  ${result.checked}`);
  console.log(`  last entry at    ${result.lastAt ?? '—'}`);
  console.log(`  head hash        ${result.head}`);
  if (result.problems.length === 0) {
    console.log('  chain            whole: no entry changed, removed or cut off');
  } else {
    console.log(`  chain            BROKEN: ${result.problems.length} problem(s)`);
    for (const p of result.problems.slice(0, 100))
      console.log(`    ${p.id === null ? 'end' : `entry ${p.id}`}: ${p.kind} — ${p.detail}`);
    if (result.problems.length > 100) console.log(`    … and ${result.problems.length - 100} more`);
    process.exitCode = 1;
  }
} finally {
  sqlite.close();
}
