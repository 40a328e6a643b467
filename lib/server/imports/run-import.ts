import 'server-only';
import {
  decodeUtf8,
  IMPORT_MAX_ERRORS,
  IMPORT_MAX_ROWS,
  isBlankRecord,
  parseCsv,
  type ImportError,
} from '../../checklist/import-csv';

export type ImportResult =
  { ok: true; imported: number; rows: number } | { ok: false; rows: number; errorCount: number; errors: ImportError[] };

export type ImportProgress = { phase: 'checking' | 'writing'; done: number; total: number };

/** An import checked chunk by chunk, then written at once (or refused) by `finish`. */
export interface PreparedImport {
  total: number;
  check(from: number, to: number): void;
  finish(): ImportResult;
}

/** Rows checked between two progress reports (and, in the asynchronous form, two turns of the event loop). */
const CHUNK = 2000;

/** Runs a prepared import at once (an import refused before its rows were read is answered as it is). */
export function runImport(run: PreparedImport | { result: ImportResult }): ImportResult {
  if ('result' in run) return run.result;
  for (let i = 0; i < run.total; i += CHUNK) run.check(i, Math.min(run.total, i + CHUNK));
  return run.finish();
}

/** The same, yielding to the event loop between chunks and reporting progress (the upload page shows it). */
export async function runImportWithProgress(
  run: PreparedImport | { result: ImportResult },
  onProgress: (p: ImportProgress) => void,
): Promise<ImportResult> {
  if ('result' in run) return run.result;
  for (let i = 0; i < run.total; i += CHUNK) {
    run.check(i, Math.min(run.total, i + CHUNK));
    onProgress({ phase: 'checking', done: Math.min(run.total, i + CHUNK), total: run.total });
    await new Promise((resolve) => setImmediate(resolve));
  }
  onProgress({ phase: 'writing', done: 0, total: run.total });
  return run.finish();
}

/** A refusal: the first errors (IMPORT_MAX_ERRORS) and their total. */
export function refusal(errors: ImportError[], rows = 0): ImportResult {
  return { ok: false, rows, errorCount: errors.length, errors: errors.slice(0, IMPORT_MAX_ERRORS) };
}

/**
 * Reads an import file: UTF-8, CSV, its header checked by `checkHeader`, blank rows left out,
 * at least one row and at most IMPORT_MAX_ROWS. Records keep their spreadsheet row (header = 1).
 */
export function readImportFile(
  body: Uint8Array | string,
  checkHeader: (header: string[]) => ImportError[],
  noRowsKey: string,
):
  | { ok: true; header: string[]; records: { record: string[]; row: number }[] }
  | { ok: false; errors: ImportError[]; rows: number } {
  const decoded = decodeUtf8(body);
  if (!decoded.ok) return { ok: false, errors: decoded.errors, rows: 0 };
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, rows: 0 };
  const headerErrors = checkHeader(parsed.header);
  if (headerErrors.length > 0) return { ok: false, errors: headerErrors, rows: 0 };
  const records = parsed.records.map((record, i) => ({ record, row: i + 2 })).filter((r) => !isBlankRecord(r.record));
  if (records.length === 0) return { ok: false, errors: [{ row: null, column: null, key: noRowsKey }], rows: 0 };
  if (records.length > IMPORT_MAX_ROWS)
    return { ok: false, errors: [{ row: null, column: null, key: 'errors.import.tooManyRows' }], rows: records.length };
  return { ok: true, header: parsed.header, records };
}
