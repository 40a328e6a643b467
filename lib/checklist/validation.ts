import { z } from 'zod';
import type { Answers, AnswerValue } from './answers';
import { NOTE_MAX_LENGTH, NOTE_SUFFIX } from './answers';
import { getCatalogue, itemByCode, itemsOf, type Catalogue, type ItemDefinition } from './catalogue';
import { directionOfArrondissement } from './arrondissements';
import { isNationality } from './countries';
import { derive, isValidIsoDate } from './derived';
import { textCharacterError } from '../validation/text-characters';
import { todayInBrussels } from '../time';

/**
 * Validation of check-list answers, built from the catalogue: the browser uses it for
 * immediate feedback and the server always parses again with it. Every error is keyed by item
 * code; messages are keys of the interface catalogues (`errors.*`).
 */
export type ChecklistErrors = Record<string, string[]>;

const MIN_DATE = '1900-01-01';
/** What a note (`${code}:note`) is checked as. */
const NOTE_ITEM: ItemDefinition = {
  code: NOTE_SUFFIX,
  section: 'ctx',
  type: { kind: 'text', maxLength: NOTE_MAX_LENGTH },
};

/** Checks one value against its item's type; returns an error key or null. */
export function checkValue(item: ItemDefinition, value: unknown): string | null {
  const t = item.type;
  switch (t.kind) {
    case 'text':
      if (typeof value !== 'string') return 'errors.wrongType';
      if (value.length > t.maxLength) return 'errors.tooLong';
      // Control characters, and invisible ones that change what a reader sees (bidi overrides, zero-width).
      return textCharacterError(value);
    case 'date':
      if (typeof value !== 'string' || !isValidIsoDate(value)) return 'errors.invalidDate';
      if (value < MIN_DATE || value > '2100-12-31') return 'errors.dateOutOfRange';
      return null;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'errors.wholeNumber';
      if (value < t.min || value > t.max) return 'errors.outOfRange';
      return null;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'errors.number';
      if (value < t.min || value > t.max) return 'errors.outOfRange';
      return null;
    case 'choice':
      if (typeof value !== 'string' || !t.options.includes(value)) return 'errors.invalidOption';
      return null;
    case 'multi':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !t.options.includes(v)))
        return 'errors.invalidOption';
      if (new Set(value).size !== value.length) return 'errors.invalidOption';
      return null;
    case 'yesno':
      return value === 'yes' || value === 'no' ? null : 'errors.invalidOption';
    case 'yesnounknown':
      return value === 'yes' || value === 'no' || value === 'unknown' ? null : 'errors.invalidOption';
    case 'country':
      return isNationality(value) ? null : 'errors.invalidOption';
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Whether an item is asked, given the other answers (hidden items are not stored on completion). */
export function isShown(item: ItemDefinition, answers: Answers): boolean {
  const cond = item.showWhen;
  if (!cond) return true;
  if (cond.minor) return derive(answers).minor;
  const other = answers[cond.code];
  if (cond.includes !== undefined) return Array.isArray(other) && other.includes(cond.includes);
  if (cond.oneOf !== undefined) return typeof other === 'string' && cond.oneOf.includes(other);
  return other === cond.equals;
}

/**
 * Whether the form asks the item: shown, and not one the author's service is not asked (such
 * an item is still shown when it already has an answer, so that it can be read and cleared).
 */
export function isAsked(item: ItemDefinition, answers: Answers): boolean {
  if (!isShown(item, answers)) return false;
  const service = answers['ctx.service'];
  if (!item.notAskedOf || typeof service !== 'string') return true;
  return !(item.notAskedOf as readonly string[]).includes(service) || !isEmpty(answers[item.code]);
}

/** Values completion fills from another answer (ItemDefinition.derivableFrom), by item code. */
const DERIVATIONS: Record<string, (source: unknown) => string | null> = {
  'ctx.region': directionOfArrondissement,
};

function derivedValue(item: ItemDefinition, answers: Answers): string | null {
  if (!item.derivableFrom) return null;
  return DERIVATIONS[item.code]?.(answers[item.derivableFrom]) ?? null;
}

/**
 * A change to a draft: each known code with a value of the right type, or null to clear it.
 * Unknown codes, fixed items and wrong types are refused, keyed by code.
 */
export function draftPatchSchema(catalogue: Catalogue = getCatalogue()) {
  const items = itemByCode(catalogue);
  // Not z.record: it drops a `__proto__` key silently, and every key of the patch must be judged.
  const patchObject = z.custom<Record<string, unknown>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    { error: 'errors.jsonObjectExpected' },
  );
  return patchObject.superRefine((patch, ctx) => {
    for (const [code, value] of Object.entries(patch)) {
      if (code.endsWith(NOTE_SUFFIX)) {
        const base = items.get(code.slice(0, -NOTE_SUFFIX.length));
        if (!base?.withNote) ctx.addIssue({ code: 'custom', path: [code], message: 'errors.unknownItem' });
        else if (value !== null) {
          const error = typeof value === 'string' ? checkValue(NOTE_ITEM, value) : 'errors.wrongType';
          if (error) ctx.addIssue({ code: 'custom', path: [code], message: error });
        }
        continue;
      }
      const item = items.get(code);
      if (!item) {
        ctx.addIssue({ code: 'custom', path: [code], message: 'errors.unknownItem' });
        continue;
      }
      if (item.fixed) {
        ctx.addIssue({ code: 'custom', path: [code], message: 'errors.fixedItem' });
        continue;
      }
      if (value === null || value === '') continue; // clears the answer
      const error = checkValue(item, value);
      if (error) ctx.addIssue({ code: 'custom', path: [code], message: error });
    }
  });
}

/** Applies a validated patch: null or '' removes the answer, [] removes a multi-choice. */
export function applyPatch(answers: Answers, patch: Record<string, unknown>): Answers {
  const next: Answers = { ...answers };
  for (const [code, value] of Object.entries(patch)) {
    if (isEmpty(value)) delete next[code];
    else next[code] = value as AnswerValue;
  }
  return next;
}

/**
 * Everything needed to complete: types, required items, and the rules across items
 * (docs/domain/checklist.md). Returns the errors, keyed by item code; empty when the check-list can
 * be completed.
 */
export function validateForCompletion(
  answers: Answers,
  catalogue: Catalogue = getCatalogue(),
  today = todayInBrussels(),
): ChecklistErrors {
  // A Map: unknown codes come from the input, and "constructor" or "__proto__" are codes too.
  const errors = new Map<string, string[]>();
  const add = (code: string, key: string) => {
    const list = errors.get(code) ?? [];
    if (!list.includes(key)) errors.set(code, [...list, key]);
  };
  for (const item of itemsOf(catalogue)) {
    const value = answers[item.code];
    if (!isShown(item, answers)) continue;
    if (isEmpty(value)) {
      if (!item.required || derivedValue(item, answers) !== null) continue;
      // Missing where the form does not ask it: the error goes to what the form asks instead.
      const source = item.derivableFrom ? itemByCode(catalogue).get(item.derivableFrom) : undefined;
      if (source && !isAsked(item, answers) && isShown(source, answers)) {
        if (isEmpty(answers[source.code])) add(source.code, 'errors.required');
      } else add(item.code, 'errors.required');
      continue;
    }
    const error = checkValue(item, value);
    if (error) add(item.code, error);
    const derived = derivedValue(item, answers);
    if (!error && derived !== null && derived !== value) add(item.code, 'errors.derivedMismatch');
  }
  const items = itemByCode(catalogue);
  for (const [code, value] of Object.entries(answers)) {
    if (!code.endsWith(NOTE_SUFFIX)) {
      if (!items.has(code)) add(code, 'errors.unknownItem');
      continue;
    }
    // A note is kept only with an item that takes one, and is a text like the others.
    if (!items.get(code.slice(0, -NOTE_SUFFIX.length))?.withNote) add(code, 'errors.unknownItem');
    else if (!isEmpty(value)) {
      const error = checkValue(NOTE_ITEM, value);
      if (error) add(code, error);
    }
  }

  const control = answers['ctx.control_date'];
  if (typeof control === 'string' && !errors.has('ctx.control_date') && control > today)
    add('ctx.control_date', 'errors.dateInFuture');
  const closedOn = answers['ctx.investigation_closed_on'];
  if (typeof closedOn === 'string' && !errors.has('ctx.investigation_closed_on') && closedOn > today)
    add('ctx.investigation_closed_on', 'errors.dateInFuture');
  const birth = answers['vic.birth_date'];
  if (isEmpty(birth) && isEmpty(answers['vic.age_estimate'])) add('vic.birth_date', 'errors.birthOrEstimate');
  if (typeof birth === 'string' && !errors.has('vic.birth_date')) {
    if (typeof control === 'string' && birth > control) add('vic.birth_date', 'errors.birthAfterControl');
    else if (birth > today) add('vic.birth_date', 'errors.dateInFuture');
  }
  const forms = answers['ctx.forms'];
  if (Array.isArray(forms) && forms.includes('economic') && isEmpty(answers['ctx.sector']))
    add('ctx.sector', 'errors.sectorRequired');
  if (answers['ctx.sector'] === 'other' && isEmpty(answers['ctx.sector_other']))
    add('ctx.sector_other', 'errors.required');
  if (answers['out.wish'] === 'refuses' && isEmpty(answers['out.refusal_reason']))
    add('out.refusal_reason', 'errors.required');
  if (answers['out.wish'] === 'already_in_care' && isEmpty(answers['out.care_centre']))
    add('out.care_centre', 'errors.required');
  const company = answers['ctx.employer_company_number'];
  if (typeof company === 'string' && company !== '' && !/^[01]\d{9}$/.test(company.replace(/[.\s]/g, '')))
    add('ctx.employer_company_number', 'errors.companyNumber');

  const derived = derive(answers);
  if (derived.minor && isEmpty(answers['vic.unaccompanied'])) add('vic.unaccompanied', 'errors.required');
  const minorAnswer = answers['agg.victim_minor'];
  const proposed = derived.minor ? 'yes' : 'no';
  if (
    (minorAnswer === 'yes' || minorAnswer === 'no') &&
    minorAnswer !== proposed &&
    isEmpty(answers['agg.victim_minor_reason'])
  ) {
    add('agg.victim_minor_reason', 'errors.minorOverrideReason');
  }
  return Object.fromEntries(errors);
}

/**
 * The answers as stored on completion: hidden items dropped, the minor circumstance filled from
 * the derived age when left empty, and the items derivable from another answer (the ONSS
 * direction from the police's arrondissement) filled from it.
 */
export function normaliseForCompletion(answers: Answers, catalogue: Catalogue = getCatalogue()): Answers {
  const out: Answers = {};
  const items = itemByCode(catalogue);
  for (const [code, value] of Object.entries(answers)) {
    const base = code.endsWith(NOTE_SUFFIX) ? code.slice(0, -NOTE_SUFFIX.length) : code;
    const item = items.get(base);
    if (item && isShown(item, answers) && !isEmpty(value)) out[code] = value;
  }
  if (isEmpty(out['agg.victim_minor'])) out['agg.victim_minor'] = derive(answers).minor ? 'yes' : 'no';
  for (const item of itemsOf(catalogue)) {
    const derived = isEmpty(out[item.code]) ? derivedValue(item, out) : null;
    if (derived !== null) out[item.code] = derived;
  }
  return out;
}
