import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, referrals } from '../../../db/schema';

import type { ImportError } from '../../checklist/import-csv';
import {
  checkCentreHeader,
  checkCentreRecord,
  type CentreImportRow,
  type CentreReach,
} from '../../referrals/import-centres-csv';
import { todayInBrussels } from '../../time';
import type { Actor } from '../auth/actor';
import { auditAct, writeAudit } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import {
  readImportFile,
  refusal,
  runImport,
  runImportWithProgress,
  type ImportProgress,
  type ImportResult,
} from '../imports/run-import';
import { contentKeys, importDigest, rowsAlreadyImported, sortedObject } from '../imports/content-keys';
import { writeCentreRequest } from './write-centre-request';

/**
 * Imports centres' earlier requests and accompaniments from a CSV file (docs/import-centres.md),
 * so that the centre tables of a past year can be rebuilt. Coordinators import for any centre,
 * a centre's staff for their own. The whole file is checked first; with any error nothing is
 * written and every error is returned by row and column (the first 1,000, and their total).
 * Otherwise every row is written, in one transaction, exactly as a request registered by the
 * centre (writeCentreRequest): acknowledged on the day received, then its outcome on its day.
 * One audit entry records the import; rows already imported are refused by name.
 */
export function importCentreRequests({
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
export async function importCentreRequestsWithProgress({
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
  authorize(actor, 'centre_request.import');
  const db = getDb();
  const today = todayInBrussels(now);
  const refuse = (errors: ImportError[], rows = 0): { result: ImportResult } => {
    auditFailure(actor, now, { rows, errors: errors.length });
    return { result: refusal(errors, rows) };
  };

  const file = readImportFile(body, (header) => checkCentreHeader(header), 'errors.import.noCentreRows');
  if (!file.ok) return refuse(file.errors, file.rows);
  const { header, records } = file;

  // Every centre (code → id); a coordinator reaches them all, a centre's staff their own.
  const centres = new Map(
    db
      .select({ id: organisations.id, code: organisations.code })
      .from(organisations)
      .where(eq(organisations.kind, 'centre'))
      .all()
      .map((o) => [o.code, o.id]),
  );
  const everyCentre = actor.role === 'coordinator';
  const reach: CentreReach = (code) => {
    const id = centres.get(code);
    if (id === undefined) return 'unknown';
    return everyCentre || id === actor.organisationId ? 'ok' : 'other';
  };

  const rows: CentreImportRow[] = [];
  const errors: ImportError[] = [];
  return {
    total: records.length,
    check(from: number, to: number) {
      for (let i = from; i < to; i++) {
        const { record, row } = records[i]!;
        const checked = checkCentreRecord(header, record, row, { today, reach });
        if (checked.ok) rows.push(checked.value);
        else errors.push(...checked.errors);
      }
    },
    finish(): ImportResult {
      if (errors.length > 0) return refuse(errors, records.length).result;
      // What the row says (centre and request), whatever the file's layout or column order.
      const keys = contentKeys(rows, (r) => [r.centre, sortedObject(r.input)]);
      const key = (row: number) => keys.get(row)!;
      const digest = importDigest(keys);
      // Outcomes of earlier years are registered long after they happened: the import is the reason.
      const lateReason = `import ${digest}`;
      let alreadyImported: number[] = [];
      db.transaction(
        (tx) => {
          // Inside the write lock: two imports of the same file at once cannot both pass.
          alreadyImported = rowsAlreadyImported(
            rows,
            key,
            (r) => centres.get(r.centre)!,
            (centreId, batch) =>
              tx
                .select({ key: referrals.idempotencyKey })
                .from(referrals)
                .where(and(eq(referrals.centreId, centreId), inArray(referrals.idempotencyKey, batch)))
                .all()
                .map((e) => e.key),
          );
          if (alreadyImported.length > 0) return;
          for (const r of rows)
            writeCentreRequest(tx, {
              actor,
              centreId: centres.get(r.centre)!,
              input: { ...r.input, idempotencyKey: key(r.row), lateReason },
              now,
              auditDetail: { import: digest },
            });
          auditAct(
            tx,
            actor,
            'centre_request.import',
            { type: 'import', id: digest },
            { detail: { rows: rows.length, centres: new Set(rows.map((r) => r.centre)).size }, at: now },
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

function auditFailure(actor: Actor, now: Date, detail: { rows: number; errors: number }) {
  getDb().transaction(
    (tx) =>
      writeAudit(tx, {
        action: 'centre_request.import',
        outcome: 'failed',
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
