import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, getSqlite } from '../../../db/client';
import { checklists, organisations } from '../../../db/schema';
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../../checklist/catalogue';
import { factsOf, presentIndicators } from '../../checklist/facts';
import { checkHeader, checkRecord, type ImportError, type ImportRow } from '../../checklist/import-csv';
import { todayInBrussels } from '../../time';
import { adminScopeIsPlatform } from '../../permissions';
import type { Actor } from '../auth/actor';
import { auditAct, writeAudit } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import { applyCounts, countKeys, type CountKey } from '../statistics/counts';
import {
  readImportFile,
  refusal,
  runImport,
  runImportWithProgress,
  type ImportProgress,
  type ImportResult,
} from '../imports/run-import';
export type { ImportProgress, ImportResult } from '../imports/run-import';
import { contentKeys, importDigest, rowsAlreadyImported, sortedObject } from '../imports/content-keys';

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
  return runImport(prepare(actor, body, now));
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
  return runImportWithProgress(prepare(actor, body, now), onProgress);
}

function prepare(actor: Actor, body: Uint8Array | string, now: Date) {
  authorize(actor, 'checklist.import');
  const db = getDb();
  const catalogue = getCatalogue(CURRENT_CATALOGUE_VERSION);
  const today = todayInBrussels(now);
  const refuse = (errors: ImportError[], rows = 0): { result: ImportResult } => {
    auditImport(actor, now, 'failed', { rows, errors: errors.length });
    return { result: refusal(errors, rows) };
  };

  const file = readImportFile(body, (header) => checkHeader(header, catalogue), 'errors.import.noRows');
  if (!file.ok) return refuse(file.errors, file.rows);
  const { header, records } = file;

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
        const checked = checkRecord(header, record, row, { catalogue, today, serviceOf });
        if (checked.ok) rows.push(checked.value);
        else errors.push(...checked.errors);
      }
    },
    finish(): ImportResult {
      if (errors.length > 0) return refuse(errors, records.length).result;
      // Organisation, completion day and answers: what the row says, whatever the file's layout.
      const keys = contentKeys(rows, (r) => [r.organisation, r.completedOn, sortedObject(r.answers)]);
      const key = (row: number) => keys.get(row)!;
      const digest = importDigest(keys);
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
          alreadyImported = rowsAlreadyImported(
            rows,
            key,
            (r) => reachable.get(r.organisation)!.id,
            (organisation, batch) =>
              tx
                .select({ key: checklists.idempotencyKey })
                .from(checklists)
                .where(and(eq(checklists.organisationId, organisation), inArray(checklists.idempotencyKey, batch)))
                .all()
                .map((e) => e.key),
          );
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
