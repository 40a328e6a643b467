import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklistIndicators, checklists, checklistVersions, organisations } from '../../../db/schema';
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
import { todayInBrussels } from '../../checklist/validation';
import { adminScopeIsPlatform } from '../../permissions';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { authorize } from '../authorize';

export type ImportResult =
  | { ok: true; imported: number; rows: number }
  | { ok: false; rows: number; errorCount: number; errors: ImportError[] };

export type ImportProgress = { phase: 'checking' | 'writing'; done: number; total: number };

/** Rows checked between two progress reports (and, in the asynchronous form, two turns of the event loop). */
const CHUNK = 2000;
const REFERRING_KINDS = ['police', 'onss', 'cls', 'guardianship'] as const;

/**
 * Imports earlier years' check-lists from a CSV file (spec/statistics.md; format in
 * docs/import.md). Coordinators import for any referring organisation; administrators for
 * their own, or — on the coordination platform — for any. The whole file is checked first;
 * with any error nothing is written and every error is returned with its row and column (the
 * first 1,000, and their total). Otherwise every row becomes a completed check-list, marked
 * imported, in one transaction, with one audit entry. The same file cannot be imported twice.
 */
export function importChecklists({ actor, body, now = new Date() }: { actor: Actor; body: Uint8Array | string; now?: Date }): ImportResult {
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
  if (records.length > IMPORT_MAX_ROWS) return refuse([{ row: null, column: null, key: 'errors.import.tooManyRows' }], records.length);

  // Organisations the importer may import for: code → id and detecting service.
  const platform = actor.role === 'coordinator' || adminScopeIsPlatform(actor.organisationKind);
  const reachable = new Map(
    db
      .select({ id: organisations.id, code: organisations.code, service: organisations.service })
      .from(organisations)
      .where(platform ? inArray(organisations.kind, REFERRING_KINDS) : and(eq(organisations.id, actor.organisationId), inArray(organisations.kind, REFERRING_KINDS)))
      .all()
      .filter((o) => o.service !== null)
      .map((o) => [o.code, { id: o.id, service: o.service! }]),
  );
  const serviceOf = (code: string) => reachable.get(code)?.service ?? null;

  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const digest = createHash('sha256').update(decoded.text).digest('hex').slice(0, 32);
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
      const key = (row: number) => `import-${digest}-${row}`;
      const first = rows[0]!;
      const already = db
        .select({ id: checklists.id })
        .from(checklists)
        .where(and(eq(checklists.organisationId, reachable.get(first.organisation)!.id), eq(checklists.idempotencyKey, key(first.row))))
        .get();
      if (already) return refuse([{ row: null, column: null, key: 'errors.import.alreadyImported' }], records.length).result;

      const nowIso = now.toISOString();
      db.transaction(
        (tx) => {
          for (let i = 0; i < rows.length; i += 200) {
            const batch = rows.slice(i, i + 200).map((r) => {
              const year = Number(r.completedOn.slice(0, 4));
              const completedAt = `${r.completedOn}T12:00:00.000Z`;
              const answers = JSON.stringify(r.answers);
              return { r, id: randomUUID(), year, completedAt, answers, facts: factsOf(r.answers, year) };
            });
            tx.insert(checklists)
              .values(
                batch.map((b) => ({
                  id: b.id,
                  organisationId: reachable.get(b.r.organisation)!.id,
                  createdBy: actor.userId,
                  idempotencyKey: key(b.r.row),
                  catalogueVersion: catalogue.version,
                  status: 'completed' as const,
                  version: 1,
                  revision: 1,
                  answers: b.answers,
                  imported: true,
                  createdAt: nowIso,
                  updatedAt: nowIso,
                  firstCompletedAt: b.completedAt,
                  lastCompletedAt: b.completedAt,
                  ...b.facts,
                })),
              )
              .run();
            tx.insert(checklistVersions)
              .values(batch.map((b) => ({ id: randomUUID(), checklistId: b.id, version: 1, catalogueVersion: catalogue.version, answers: b.answers, createdBy: actor.userId, createdAt: nowIso })))
              .run();
            const indicators = batch.flatMap((b) =>
              presentIndicators(b.r.answers, catalogue).map((code) => ({ checklistId: b.id, code, year: b.year, sufficient: b.facts.sufficient, service: b.facts.service ?? 'other' })),
            );
            for (let j = 0; j < indicators.length; j += 1000) tx.insert(checklistIndicators).values(indicators.slice(j, j + 1000)).run();
          }
          writeAudit(tx, {
            action: 'checklist.import',
            outcome: 'ok',
            actorUserId: actor.userId,
            actorOrganisationId: actor.organisationId,
            targetType: 'import',
            targetId: digest,
            ip: actor.ip,
            at: now,
            detail: { rows: rows.length, organisations: new Set(rows.map((r) => r.organisation)).size },
          });
        },
        { behavior: 'immediate' },
      );
      return { ok: true, imported: rows.length, rows: records.length };
    },
  };
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
