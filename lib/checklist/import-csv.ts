import { parse } from 'csv-parse/sync';
import type { Answers, AnswerValue } from './answers';
import { NOTE_MAX_LENGTH, NOTE_SUFFIX } from './answers';
import { getCatalogue, itemByCode, type Catalogue, type ItemDefinition } from './catalogue';
import { isValidIsoDate } from './derived';
import { checkValue, normaliseForCompletion, validateForCompletion } from './validation';

/**
 * Import of earlier years' check-lists from a CSV file (docs/domain/statistics.md, docs/import.md).
 * One row per presumed victim; columns named by item codes, plus `organisation` (the code of
 * the organisation the check-list belongs to) and `completed_on` (the day it was completed,
 * which decides its statistics year). The whole file is checked before anything is written;
 * every error names its row (the spreadsheet's row number, the header being row 1) and column.
 * This module is pure: the data access layer (lib/server/checklists/import-checklists.ts)
 * resolves organisations and writes.
 */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 200_000;
/** Errors returned in one answer; the total is always given. */
export const IMPORT_MAX_ERRORS = 1000;
export const MULTI_SEPARATOR = '|';
export const ORGANISATION_COLUMN = 'organisation';
export const COMPLETED_ON_COLUMN = 'completed_on';

export interface ImportError {
  /** Row of the file, the header being row 1; null for the file as a whole. */
  row: number | null;
  /** Column name (item code), or null when the error concerns the whole row or file. */
  column: string | null;
  /** Message key of the interface catalogues (`errors.import.*` or a check-list error). */
  key: string;
  /** Arguments of the message, e.g. `allowed`: the codes a cell may hold. */
  values?: Record<string, string>;
}

export interface ImportRow {
  row: number;
  organisation: string;
  completedOn: string;
  /** Answers as stored on completion (normalised). */
  answers: Answers;
}

/** Records keep their place: record i is row i + 2 of the spreadsheet (blank rows are kept as empty records and skipped later). */
export type ParsedFile = { ok: true; header: string[]; records: string[][] } | { ok: false; errors: ImportError[] };

/** Decodes the bytes as UTF-8 (a BOM is allowed), refusing other encodings with a message that says what to do. */
export function decodeUtf8(
  body: Uint8Array | string,
): { ok: true; text: string } | { ok: false; errors: ImportError[] } {
  if (typeof body === 'string') return { ok: true, text: body.replace(/^\uFEFF/, '') };
  if (body.byteLength === 0) return { ok: false, errors: [{ row: null, column: null, key: 'errors.import.empty' }] };
  if (body.byteLength > IMPORT_MAX_BYTES)
    return { ok: false, errors: [{ row: null, column: null, key: 'errors.import.tooLarge' }] };
  if ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff))
    return { ok: false, errors: [{ row: null, column: null, key: 'errors.import.utf16' }] };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
    if (text.includes('\u0000'))
      return { ok: false, errors: [{ row: null, column: null, key: 'errors.import.binary' }] };
    return { ok: true, text };
  } catch {
    return { ok: false, errors: [{ row: null, column: null, key: 'errors.import.notUtf8' }] };
  }
}

/** The separator of the header line: comma, semicolon (Belgian spreadsheets) or tab. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/** Splits the text into a header and records (RFC 4180 quoting). */
export function parseCsv(text: string): ParsedFile {
  if (text.trim() === '') return { ok: false, errors: [{ row: null, column: null, key: 'errors.import.empty' }] };
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      bom: true,
      max_record_size: 1_000_000,
    }) as string[][];
  } catch (e) {
    const line = typeof (e as { lines?: unknown }).lines === 'number' ? (e as { lines: number }).lines : null;
    return { ok: false, errors: [{ row: line, column: null, key: 'errors.import.malformed' }] };
  }
  if (rows.length === 0) return { ok: false, errors: [{ row: null, column: null, key: 'errors.import.empty' }] };
  const header = rows[0]!.map((h) => h.trim());
  return { ok: true, header, records: rows.slice(1) };
}

/** A blank line, or a row of empty cells as spreadsheets append: not a check-list. */
export function isBlankRecord(record: string[]): boolean {
  return record.every((cell) => cell.trim() === '');
}

/** Checks the header: the two required columns, every other column an item code (or a note of one), no duplicates. */
export function checkHeader(header: string[], catalogue: Catalogue = getCatalogue()): ImportError[] {
  const errors: ImportError[] = [];
  const items = itemByCode(catalogue);
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') {
      errors.push({ row: 1, column: null, key: 'errors.import.emptyColumnName' });
      continue;
    }
    if (seen.has(name)) errors.push({ row: 1, column: name, key: 'errors.import.duplicateColumn' });
    seen.add(name);
    if (name === ORGANISATION_COLUMN || name === COMPLETED_ON_COLUMN) continue;
    const base = name.endsWith(NOTE_SUFFIX) ? name.slice(0, -NOTE_SUFFIX.length) : name;
    const item = items.get(base);
    if (!item || (name !== base && !item.withNote))
      errors.push({ row: 1, column: name, key: 'errors.import.unknownColumn' });
  }
  for (const required of [ORGANISATION_COLUMN, COMPLETED_ON_COLUMN]) {
    if (!seen.has(required)) errors.push({ row: 1, column: required, key: 'errors.import.missingColumn' });
  }
  return errors;
}

/** A date as YYYY-MM-DD, also accepted as DD/MM/YYYY (how Belgian spreadsheets write it). */
export function importDate(cell: string): string {
  const m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(cell);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : cell;
}

/**
 * The codes a cell of this item may hold, as the message of a refused value lists them (a
 * country: its ISO code; a multi-choice holds several, separated by MULTI_SEPARATOR).
 */
export function allowedCodes(item: ItemDefinition): string | null {
  const t = item.type;
  switch (t.kind) {
    case 'choice':
      return t.options.join(', ');
    case 'multi':
      return t.options.join(', ');
    case 'yesno':
      return 'yes, no';
    case 'yesnounknown':
      return 'yes, no, unknown';
    case 'country':
      return 'ISO 3166-1 alpha-2 (BE, RO, …), stateless, unknown';
    default:
      return null;
  }
}

/** The error of a refused cell: a value outside the list names the allowed codes. */
function cellError(item: ItemDefinition, key: string): Pick<ImportError, 'key' | 'values'> {
  const allowed = key === 'errors.invalidOption' ? allowedCodes(item) : null;
  return allowed === null ? { key } : { key: 'errors.import.invalidOption', values: { allowed } };
}

/** The typed value of one cell for its item, or an error key. */
export function cellValue(item: ItemDefinition, cell: string): { value: AnswerValue } | { error: string } {
  const t = item.type;
  let value: AnswerValue;
  switch (t.kind) {
    case 'integer':
    case 'decimal': {
      const normalised = t.kind === 'decimal' ? cell.replace(',', '.') : cell;
      if (!/^-?\d+(\.\d+)?$/.test(normalised))
        return { error: t.kind === 'integer' ? 'errors.wholeNumber' : 'errors.number' };
      value = Number(normalised);
      break;
    }
    case 'multi':
      value = cell
        .split(MULTI_SEPARATOR)
        .map((v) => v.trim())
        .filter((v) => v !== '');
      break;
    case 'date':
      value = importDate(cell);
      break;
    default:
      value = cell;
  }
  const error = checkValue(item, value);
  return error ? { error } : { value };
}

/**
 * Checks one record and returns the check-list it describes, or its errors. `serviceOf` gives
 * the detecting service of an organisation code the importer may use (null: unknown or out of
 * reach). `today` is Brussels' date.
 */
export function checkRecord(
  header: string[],
  record: string[],
  row: number,
  { catalogue, today, serviceOf }: { catalogue: Catalogue; today: string; serviceOf: (code: string) => string | null },
): { ok: true; value: ImportRow } | { ok: false; errors: ImportError[] } {
  const errors: ImportError[] = [];
  if (record.length !== header.length)
    return { ok: false, errors: [{ row, column: null, key: 'errors.import.columnCount' }] };
  const items = itemByCode(catalogue);
  const answers: Answers = {};
  let organisation = '';
  let completedOn = '';
  header.forEach((name, j) => {
    const cell = record[j]!.trim();
    if (name === ORGANISATION_COLUMN) {
      organisation = cell;
      return;
    }
    if (name === COMPLETED_ON_COLUMN) {
      completedOn = importDate(cell);
      return;
    }
    if (cell === '') return;
    if (name.endsWith(NOTE_SUFFIX)) {
      if (cell.length > NOTE_MAX_LENGTH) errors.push({ row, column: name, key: 'errors.tooLong' });
      else if (checkValue({ code: name, section: 'ctx', type: { kind: 'text', maxLength: NOTE_MAX_LENGTH } }, cell))
        errors.push({ row, column: name, key: 'errors.controlCharacters' });
      else answers[name] = cell;
      return;
    }
    const parsed = cellValue(items.get(name)!, cell);
    if ('error' in parsed) errors.push({ row, column: name, ...cellError(items.get(name)!, parsed.error) });
    else answers[name] = parsed.value;
  });

  const service = organisation === '' ? null : serviceOf(organisation);
  if (organisation === '') errors.push({ row, column: ORGANISATION_COLUMN, key: 'errors.required' });
  else if (service === null)
    errors.push({ row, column: ORGANISATION_COLUMN, key: 'errors.import.unknownOrganisation' });
  else if (answers['ctx.service'] !== undefined && answers['ctx.service'] !== service)
    errors.push({ row, column: 'ctx.service', key: 'errors.import.serviceMismatch' });
  else answers['ctx.service'] = service;

  if (completedOn === '') errors.push({ row, column: COMPLETED_ON_COLUMN, key: 'errors.required' });
  else if (!isValidIsoDate(completedOn)) errors.push({ row, column: COMPLETED_ON_COLUMN, key: 'errors.invalidDate' });
  else if (completedOn > today) errors.push({ row, column: COMPLETED_ON_COLUMN, key: 'errors.dateInFuture' });
  else if (typeof answers['ctx.control_date'] === 'string' && completedOn < answers['ctx.control_date'])
    errors.push({ row, column: COMPLETED_ON_COLUMN, key: 'errors.import.completedBeforeControl' });

  // The rules of completion, as for a check-list filled in Relais (cells already refused are not reported twice).
  const cellErrors = new Set(errors.map((e) => e.column));
  for (const [code, keys] of Object.entries(validateForCompletion(answers, catalogue, today))) {
    if (cellErrors.has(code)) continue;
    const item = items.get(code);
    for (const key of keys) errors.push({ row, column: code, ...(item ? cellError(item, key) : { key }) });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { row, organisation, completedOn, answers: normaliseForCompletion(answers, catalogue) } };
}
