import { importDate, MULTI_SEPARATOR, type ImportError } from '../checklist/import-csv';
import { isValidIsoDate } from '../checklist/derived';
import { centreRequestSchema, type CentreRequestInput } from '../validation/referrals';
import { checkTransition, type ReferralStatus } from './state-machine';

/**
 * Import of centres' earlier requests and accompaniments from a CSV file (docs/import-centres.md).
 * One row per request a centre received; each row is checked by the same schema as a request
 * registered in Relais (centreRequestSchema) plus the import's own rules (centre within the
 * importer's reach, an outcome with its day, not before the day received). Pure: decoding and
 * splitting the file are shared with the check-list import (lib/checklist/import-csv.ts); the
 * verb (lib/server/referrals/import-centre-requests.ts) resolves centres and writes.
 */
export const CENTRE_IMPORT_COLUMNS = [
  'centre',
  'received_on',
  'source',
  'sex',
  'age',
  'minor',
  'nationality',
  'forms',
  'case_type',
  'outcome',
  'outcome_reason',
  'outcome_on',
  'note',
] as const;
export type CentreImportColumn = (typeof CENTRE_IMPORT_COLUMNS)[number];
export const REQUIRED_CENTRE_COLUMNS: readonly CentreImportColumn[] = [
  'centre',
  'received_on',
  'source',
  'sex',
  'nationality',
  'forms',
];

/** The request a row describes, as registering it would take it, without the keys the verb sets. */
export type CentreImportInput = Omit<CentreRequestInput, 'idempotencyKey' | 'lateReason'>;

export interface CentreImportRow {
  row: number;
  /** Code of the centre (pag-asa, payoke, surya, esperanto). */
  centre: string;
  input: CentreImportInput;
}

/** Whether the importer may import for a centre code: 'ok', 'unknown' (no such centre), 'other' (not theirs). */
export type CentreReach = (code: string) => 'ok' | 'unknown' | 'other';

const rowSchema = centreRequestSchema.omit({ idempotencyKey: true, lateReason: true });

/** The schema's field → the file's column. */
const COLUMN_OF: Record<string, CentreImportColumn> = {
  source: 'source',
  receivedOn: 'received_on',
  sex: 'sex',
  age: 'age',
  minor: 'minor',
  nationality: 'nationality',
  forms: 'forms',
  caseType: 'case_type',
  note: 'note',
  outcome: 'outcome',
  outcomeReason: 'outcome_reason',
  outcomeOn: 'outcome_on',
};

/** Checks the header: the required columns, every column a known one, none twice. */
export function checkCentreHeader(header: string[]): ImportError[] {
  const errors: ImportError[] = [];
  const known = new Set<string>(CENTRE_IMPORT_COLUMNS);
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') {
      errors.push({ row: 1, column: null, key: 'errors.import.emptyColumnName' });
      continue;
    }
    if (seen.has(name)) errors.push({ row: 1, column: name, key: 'errors.import.duplicateColumn' });
    seen.add(name);
    if (!known.has(name)) errors.push({ row: 1, column: name, key: 'errors.import.unknownCentreColumn' });
  }
  for (const required of REQUIRED_CENTRE_COLUMNS)
    if (!seen.has(required)) errors.push({ row: 1, column: required, key: 'errors.import.missingColumn' });
  return errors;
}

/**
 * Checks one record and returns the request it describes, or its errors, each naming its
 * column. `today` is Brussels' date; `reach` says whether the importer may import for a centre.
 */
export function checkCentreRecord(
  header: string[],
  record: string[],
  row: number,
  { today, reach }: { today: string; reach: CentreReach },
): { ok: true; value: CentreImportRow } | { ok: false; errors: ImportError[] } {
  if (record.length !== header.length)
    return { ok: false, errors: [{ row, column: null, key: 'errors.import.columnCount' }] };
  const cells = new Map<string, string>(header.map((name, j) => [name, record[j]!.trim()]));
  const cell = (name: CentreImportColumn) => cells.get(name) ?? '';
  const errors: ImportError[] = [];
  const error = (column: CentreImportColumn, key: string, values?: Record<string, string>) =>
    errors.push({ row, column, key, ...(values ? { values } : {}) });

  const centre = cell('centre');
  if (centre === '') error('centre', 'errors.required');
  else if (reach(centre) === 'unknown') error('centre', 'errors.import.unknownCentre');
  else if (reach(centre) === 'other') error('centre', 'errors.import.otherCentre');

  const optional = (v: string) => (v === '' ? undefined : v);
  const age = cell('age');
  const minor = cell('minor');
  const nationality = cell('nationality');
  const candidate = {
    source: cell('source') || undefined,
    receivedOn: importDate(cell('received_on')) || undefined,
    sex: optional(cell('sex')),
    age: age === '' ? undefined : /^\d{1,3}$/.test(age) ? Number(age) : age,
    minor: minor === '' ? undefined : minor === 'yes' ? true : minor === 'no' ? false : minor,
    // ISO codes are upper case; `stateless` and `unknown` are not codes.
    nationality: nationality.length === 2 ? nationality.toUpperCase() : optional(nationality),
    forms: cell('forms')
      .split(MULTI_SEPARATOR)
      .map((f) => f.trim())
      .filter((f) => f !== ''),
    caseType: optional(cell('case_type')),
    note: optional(cell('note')),
    outcome: optional(cell('outcome')),
    outcomeReason: optional(cell('outcome_reason')),
    outcomeOn: optional(importDate(cell('outcome_on'))),
  };
  const parsed = rowSchema.safeParse(candidate);
  const columnsInError = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = COLUMN_OF[String(issue.path[0])];
      if (!column || columnsInError.has(column)) continue;
      columnsInError.add(column);
      // A yes/no cell that is neither reads as a wrong option, not a wrong type; a value outside a
      // list names the codes the column accepts.
      const allowed =
        column === 'minor'
          ? ['yes', 'no']
          : issue.code === 'invalid_value' && issue.message === 'errors.invalidOption'
            ? issue.values.map(String)
            : null;
      if (allowed) error(column, 'errors.import.invalidOption', { allowed: allowed.join(', ') });
      else error(column, issue.message);
    }
  }

  // An outcome is recorded with the day it happened: a day the registration form lets default to
  // now would, in a file of earlier years, put every accompaniment in the year of the import.
  const outcome = candidate.outcome;
  const outcomeOn = candidate.outcomeOn;
  if (!outcome) {
    if (outcomeOn || candidate.outcomeReason) error('outcome', 'errors.required');
  } else if (!outcomeOn && !columnsInError.has('outcome_on')) {
    error('outcome_on', 'errors.required');
  }
  if (outcomeOn && !columnsInError.has('outcome_on')) {
    const receivedOn = candidate.receivedOn;
    if (!isValidIsoDate(outcomeOn)) error('outcome_on', 'errors.invalidDate');
    else if (outcomeOn > today) error('outcome_on', 'errors.dateInFuture');
    else if (receivedOn && isValidIsoDate(receivedOn) && outcomeOn < receivedOn)
      error('outcome_on', 'errors.import.outcomeBeforeReceived');
  }
  // The reason an outcome needs (or may not have), as when the centre records it (checked even
  // when another cell is wrong, so that every error of the row is named at once).
  if (outcome && !columnsInError.has('outcome') && !columnsInError.has('outcome_reason')) {
    const check = checkTransition('acknowledged', outcome as ReferralStatus, 'centre', candidate.outcomeReason ?? null);
    if (!check.ok)
      error(
        check.error === 'reason_required' || check.error === 'invalid_reason' ? 'outcome_reason' : 'outcome',
        `errors.referral.${check.error}`,
      );
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: { row, centre, input: parsed.data } };
}
