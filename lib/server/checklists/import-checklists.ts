import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, getSqlite, type Db } from '../../../db/client';
import { checklists, organisations } from '../../../db/schema';
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../../checklist/catalogue';
import { factsOf, presentIndicators } from '../../checklist/facts';
import {
  checkHeader,
  checkRecord,
  decodeUtf8,
  IMPORT_MAX_ERRORS,
  IMPORT_MAX_ROWS,
  isBlankRecord,
  parseCsv,
  type ImportError,
  type ImportRow,
} from '../../checklist/import-csv';
import { todayInBrussels } from '../../time';
import { adminScopeIsPlatform } from '../../permissions';
import type { Actor } from '../auth/actor';
import { auditAct, writeAudit } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import { applyCounts, countKeys, type CountKey } from '../statistics/counts';

export type ImportResult =
  { ok: true; imported: number; rows: number } | { ok: false; rows: number; errorCount: number; errors: ImportError[] };

export type ImportProgress = { phase: 'checking' | 'writing'; done: number; total: number };

/** Rows checked between two progress reports (and, in the asynchronous form, two turns of the event loop). */
const CHUNK = 2000;
const REFERRING_KINDS = ['police', 'onss', 'cls', 'guardianship'] as const;

/**
 * Imports earlier years' check-lists from a CSV file (docs/domain/statistics.md; format in
 * docs/import.md). Coordinators import for any referring organisation; administrators for
 * their own, or — on the coordination platform — for any. The whole file is checked first;
 * with any error nothing is written and every error is returned with its row and column (the
 * first 1,000, and their total). Otherwise every row becomes a completed check-list, marked
 * imported, in one transaction, with one audit entry. The same file cannot be imported twice.
 */
export function importChecklists({
  actor,
  body,
  now = new Date(),
}: {
  actor: Actor;
  body: Uint8Array | string;
  now?: Date;
}): ImportResult {
  const run = prepare(actor, body, now);
  if ('result' in run) return run.result;
  for (let i = 0; i < run.total; i += CHUNK) run.check(i, Math.min(run.total, i + CHUNK));
  return run.finish();
}

/** The same import, yielding to the event loop between chunks and reporting progress (the upload page shows it). */
export async function importChecklistsWithProgress({
  actor,
  body,
  now = new Date(),
  onProgress,
}: {
  actor: Actor;
  body: Uint8Array | string;
  now?: Date;
  onProgress: (p: ImportProgress) => void;
}): Promise<ImportResult> {
  const run = prepare(actor, body, now);
  if ('result' in run) return run.result;
  for (let i = 0; i < run.total; i += CHUNK) {
    run.check(i, Math.min(run.total, i + CHUNK));
    onProgress({ phase: 'checking', done: Math.min(run.total, i + CHUNK), total: run.total });
    await new Promise((resolve) => setImmediate(resolve));
  }
  onProgress({ phase: 'writing', done: 0, total: run.total });
  return run.finish();
}

function prepare(actor: Actor, body: Uint8Array | string, now: Date) {
  authorize(actor, 'checklist.import');
  const db = getDb();
  const catalogue = getCatalogue(CURRENT_CATALOGUE_VERSION);
  const today = todayInBrussels(now);
  const refuse = (errors: ImportError[], rows = 0): { result: ImportResult } => {
    auditImport(actor, now, 'failed', { rows, errors: errors.length });
    return { result: { ok: false, rows, errorCount: errors.length, errors: errors.slice(0, IMPORT_MAX_ERRORS) } };
  };

  const decoded = decodeUtf8(body);
  if (!decoded.ok) return refuse(decoded.errors);
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) return refuse(parsed.errors);
  const headerErrors = checkHeader(parsed.header, catalogue);
  if (headerErrors.length > 0) return refuse(headerErrors);
  const records = parsed.records.map((record, i) => ({ record, row: i + 2 })).filter((r) => !isBlankRecord(r.record));
  if (records.length === 0) return refuse([{ row: null, column: null, key: 'errors.import.noRows' }]);
  if (records.length > IMPORT_MAX_ROWS)
    return refuse([{ row: null, column: null, key: 'errors.import.tooManyRows' }], records.length);

  // Organisations the importer may import for: code → id and detecting service.
  const platform = actor.role === 'coordinator' || adminScopeIsPlatform(actor.organisationKind);
  const reachable = new Map(
    db
      .select({ id: organisations.id, code: organisations.code, service: organisations.service })
      .from(organisations)
      .where(
        platform
          ? inArray(organisations.kind, REFERRING_KINDS)
          : and(eq(organisations.id, actor.organisationId), inArray(organisations.kind, REFERRING_KINDS)),
      )
      .all()
      .filter((o) => o.service !== null)
      .map((o) => [o.code, { id: o.id, service: o.service! }]),
  );
  const serviceOf = (code: string) => reachable.get(code)?.service ?? null;

  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  return {
    total: records.length,
    check(from: number, to: number) {
      for (let i = from; i < to; i++) {
        const { record, row } = records[i]!;
        const checked = checkRecord(parsed.header, record, row, { catalogue, today, serviceOf });
        if (checked.ok) rows.push(checked.value);
        else errors.push(...checked.errors);
      }
    },
    finish(): ImportResult {
      if (errors.length > 0) return refuse(errors, records.length).result;
      const keys = contentKeys(rows);
      const key = (row: number) => keys.get(row)!;
      const digest = createHash('sha256')
        .update([...keys.values()].sort().join('\n'))
        .digest('hex')
        .slice(0, 32);
      let alreadyImported: number[] = [];

      const nowIso = now.toISOString();
      // Prepared statements on the connection itself: 50,000 check-lists are written in one
      // transaction, and a statement reused per row is several times faster than building one.
      const sqlite = getSqlite();
      const insertChecklist = sqlite.prepare(
        `insert into checklists (id, organisation_id, created_by, idempotency_key, catalogue_version, status, version, revision, answers, imported,
          created_at, updated_at, first_completed_at, last_completed_at, year, reference, control_date, service, region, sex, age, minor, nationality,
          eu_national, sector, form_sexual, form_economic, form_begging, form_forced_crime, form_organs, form_smuggling, residence, identity_documents,
          sufficient, wish)
         values (?, ?, ?, ?, ?, 'completed', 1, 1, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertVersion = sqlite.prepare(
        `insert into checklist_versions (id, checklist_id, version, catalogue_version, answers, reason, created_by, created_at) values (?, ?, 1, ?, ?, null, ?, ?)`,
      );
      const insertIndicator = sqlite.prepare(
        `insert into checklist_indicators (checklist_id, code, year, sufficient, service) values (?, ?, ?, ?, ?)`,
      );
      const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
      db.transaction(
        (tx) => {
          // Inside the write lock: two imports of the same file at once cannot both pass.
          alreadyImported = rowsAlreadyImported(tx, rows, key, (code) => reachable.get(code)!.id);
          if (alreadyImported.length > 0) return;
          // The statistics counters of the new check-lists, applied once per counter at the end.
          const counted: CountKey[] = [];
          for (const r of rows) {
            const id = randomUUID();
            const year = Number(r.completedOn.slice(0, 4));
            const completedAt = `${r.completedOn}T12:00:00.000Z`;
            const answers = JSON.stringify(r.answers);
            const f = factsOf(r.answers, year);
            insertChecklist.run(
              id,
              reachable.get(r.organisation)!.id,
              actor.userId,
              key(r.row),
              catalogue.version,
              answers,
              nowIso,
              nowIso,
              completedAt,
              completedAt,
              year,
              f.reference,
              f.controlDate,
              f.service,
              f.region,
              f.sex,
              f.age,
              bit(f.minor),
              f.nationality,
              bit(f.euNational),
              f.sector,
              bit(f.formSexual),
              bit(f.formEconomic),
              bit(f.formBegging),
              bit(f.formForcedCrime),
              bit(f.formOrgans),
              bit(f.formSmuggling),
              f.residence,
              f.identityDocuments,
              bit(f.sufficient),
              f.wish,
            );
            insertVersion.run(randomUUID(), id, catalogue.version, answers, actor.userId, nowIso);
            const indicators = presentIndicators(r.answers, catalogue);
            for (const code of indicators) insertIndicator.run(id, code, year, bit(f.sufficient), f.service ?? 'other');
            counted.push(...countKeys({ ...f, version: 1 }, indicators, { accepted: false, contacted: false }));
          }
          applyCounts(tx, counted, +1);
          auditAct(
            tx,
            actor,
            'checklist.import',
            { type: 'import', id: digest },
            { detail: { rows: rows.length, organisations: new Set(rows.map((r) => r.organisation)).size }, at: now },
          );
        },
        { behavior: 'immediate' },
      );
      if (alreadyImported.length > 0) {
        return refuse(
          alreadyImported.map((row) => ({ row, column: null, key: 'errors.import.alreadyImported' })),
          records.length,
        ).result;
      }
      return { ok: true, imported: rows.length, rows: records.length };
    },
  };
}

/**
 * Each row's key is its content — organisation, completion day and answers, line breaks
 * normalised — with its rank among identical rows of the file (two persons met in the same
 * control may have the same answers). The same file sent again, with other line endings, a
 * trailing newline, rows in another order or as part of a larger file, finds its rows already
 * there.
 */
function contentKeys(rows: ImportRow[]): Map<number, string> {
  const seen = new Map<string, number>();
  const keys = new Map<number, string>();
  for (const r of rows) {
    const answers = Object.fromEntries(Object.entries(r.answers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const canonical = JSON.stringify([r.organisation, r.completedOn, answers], (_k, v: unknown) =>
      typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v,
    );
    const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 40);
    const rank = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, rank);
    keys.set(r.row, `import-${hash}-${rank}`);
  }
  return keys;
}

/** The rows of the file whose content is already in the organisation's check-lists. */
function rowsAlreadyImported(
  tx: Pick<Db, 'select'>,
  rows: ImportRow[],
  key: (row: number) => string,
  organisationId: (code: string) => string,
): number[] {
  const found: number[] = [];
  const byOrganisation = new Map<string, ImportRow[]>();
  for (const r of rows)
    byOrganisation.set(organisationId(r.organisation), [
      ...(byOrganisation.get(organisationId(r.organisation)) ?? []),
      r,
    ]);
  for (const [organisation, ofOrganisation] of byOrganisation) {
    for (let i = 0; i < ofOrganisation.length; i += 500) {
      const batch = ofOrganisation.slice(i, i + 500);
      const existing = new Set(
        tx
          .select({ key: checklists.idempotencyKey })
          .from(checklists)
          .where(
            and(
              eq(checklists.organisationId, organisation),
              inArray(
                checklists.idempotencyKey,
                batch.map((r) => key(r.row)),
              ),
            ),
          )
          .all()
          .map((e: { key: string }) => e.key),
      );
      for (const r of batch) if (existing.has(key(r.row))) found.push(r.row);
    }
  }
  return found.sort((a, b) => a - b);
}

function auditImport(actor: Actor, now: Date, outcome: 'failed', detail: { rows: number; errors: number }) {
  getDb().transaction(
    (tx) =>
      writeAudit(tx, {
        action: 'checklist.import',
        outcome,
        actorUserId: actor.userId,
        actorOrganisationId: actor.organisationId,
        targetType: 'import',
        ip: actor.ip,
        at: now,
        detail,
      }),
    { behavior: 'immediate' },
  );
}
