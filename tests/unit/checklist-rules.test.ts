import { describe, expect, it } from 'vitest';
import type { Answers } from '@/lib/checklist/answers';
import { summarise } from '@/lib/checklist/decision-support';
import { ageAtDate, derive, hourlyEquivalent } from '@/lib/checklist/derived';
import { draftPatchSchema, normaliseForCompletion, validateForCompletion } from '@/lib/checklist/validation';
import { todayInBrussels } from '@/lib/time';
import { fieldErrorsOf } from '@/lib/form-state';
import { VALID_ADULT_ANSWERS } from '../support/answers';

const TODAY = '2026-06-15';
const valid: Answers = { 'ctx.service': 'onss', ...VALID_ADULT_ANSWERS };
const errorsOf = (a: Answers) => validateForCompletion(a, undefined, TODAY);

describe('derived values', () => {
  it('computes the age at the control date, birthdays included', () => {
    expect(ageAtDate('2008-03-10', '2026-03-10')).toBe(18);
    expect(ageAtDate('2008-03-11', '2026-03-10')).toBe(17);
    expect(ageAtDate('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageAtDate('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageAtDate('2027-01-01', '2026-03-10')).toBeNull();
    expect(ageAtDate('2026-02-30', '2026-03-10')).toBeNull();
  });

  it('treats under 18, or age in doubt, as a minor; falls back on the estimate', () => {
    expect(derive({ 'ctx.control_date': '2026-03-10', 'vic.birth_date': '2009-03-11' })).toMatchObject({
      age: 16,
      minor: true,
      minorBecause: 'age',
    });
    expect(derive({ 'ctx.control_date': '2026-03-10', 'vic.birth_date': '2008-03-10' })).toMatchObject({
      age: 18,
      minor: false,
    });
    expect(derive({ 'vic.age_estimate': 25, 'vic.age_doubt': 'yes' })).toMatchObject({
      age: 25,
      ageSource: 'estimate',
      minor: true,
      minorBecause: 'doubt',
    });
    expect(derive({})).toMatchObject({ age: null, minor: false });
  });

  it('knows EU nationals, and says nothing for stateless or unknown', () => {
    expect(derive({ 'vic.nationality': 'RO' }).euNational).toBe(true);
    expect(derive({ 'vic.nationality': 'MA' }).euNational).toBe(false);
    expect(derive({ 'vic.nationality': 'GB' }).euNational).toBe(false);
    expect(derive({ 'vic.nationality': 'stateless' }).euNational).toBeNull();
  });

  it('shows the hourly equivalent of a pay example', () => {
    expect(hourlyEquivalent({ 'pay.example_amount': 50, 'pay.example_unit': 'day', 'pay.example_hours': 12 })).toBe(
      4.17,
    );
    expect(hourlyEquivalent({ 'pay.example_amount': 3.5, 'pay.example_unit': 'hour' })).toBe(3.5);
    expect(hourlyEquivalent({ 'pay.example_amount': 800, 'pay.example_unit': 'month' })).toBeNull();
  });

  it('judges "today" in Brussels', () => {
    expect(todayInBrussels(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayInBrussels(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });
});

describe('validation for completion', () => {
  it('accepts a complete adult check-list', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it('names every missing required item', () => {
    expect(Object.keys(errorsOf({ 'ctx.service': 'onss' })).sort()).toEqual(
      [
        'ctx.control_date',
        'ctx.forms',
        'ctx.region',
        'out.sufficient',
        'out.wish',
        'vic.birth_date',
        'vic.nationality',
        'vic.sex',
      ].sort(),
    );
  });

  it('refuses a future control date and a birth after the control', () => {
    expect(errorsOf({ ...valid, 'ctx.control_date': '2026-06-16' })['ctx.control_date']).toEqual([
      'errors.dateInFuture',
    ]);
    expect(errorsOf({ ...valid, 'vic.birth_date': '2026-03-11' })['vic.birth_date']).toEqual([
      'errors.birthAfterControl',
    ]);
    expect(errorsOf({ ...valid, 'ctx.control_date': '1850-01-01' })['ctx.control_date']).toEqual([
      'errors.dateOutOfRange',
    ]);
    expect(errorsOf({ ...valid, 'ctx.control_date': '2026-02-30' })['ctx.control_date']).toEqual([
      'errors.invalidDate',
    ]);
  });

  it('applies the rules across items', () => {
    const { 'ctx.sector': _s, ...noSector } = valid;
    expect(errorsOf(noSector)['ctx.sector']).toEqual(['errors.sectorRequired']);
    expect(errorsOf({ ...noSector, 'ctx.forms': ['sexual'] })['ctx.sector']).toBeUndefined();
    expect(errorsOf({ ...valid, 'out.wish': 'refuses' })['out.refusal_reason']).toEqual(['errors.required']);
    expect(errorsOf({ ...valid, 'out.wish': 'already_in_care' })['out.care_centre']).toEqual(['errors.required']);
    expect(errorsOf({ ...valid, 'ctx.employer_company_number': '123' })['ctx.employer_company_number']).toEqual([
      'errors.companyNumber',
    ]);
    expect(errorsOf({ ...valid, 'ctx.employer_company_number': '0123.456.789' })).toEqual({});
  });

  it('asks the unaccompanied question for minors, and a reason to override the minor circumstance', () => {
    const minor = { ...valid, 'vic.birth_date': '2010-01-01' };
    expect(errorsOf(minor)['vic.unaccompanied']).toEqual(['errors.required']);
    expect(errorsOf({ ...minor, 'vic.unaccompanied': 'yes' })).toEqual({});
    expect(
      errorsOf({ ...minor, 'vic.unaccompanied': 'yes', 'agg.victim_minor': 'no' })['agg.victim_minor_reason'],
    ).toEqual(['errors.minorOverrideReason']);
    expect(
      errorsOf({
        ...minor,
        'vic.unaccompanied': 'yes',
        'agg.victim_minor': 'no',
        'agg.victim_minor_reason': 'Document officiel produit',
      }),
    ).toEqual({});
    expect(normaliseForCompletion({ ...minor, 'vic.unaccompanied': 'yes' })['agg.victim_minor']).toBe('yes');
    expect(normaliseForCompletion(valid)['agg.victim_minor']).toBe('no');
  });

  it('drops answers to questions no longer asked', () => {
    const stored = normaliseForCompletion({ ...valid, 'out.refusal_reason': 'fear', 'vic.unaccompanied': 'no' });
    expect(stored['out.refusal_reason']).toBeUndefined();
    expect(stored['vic.unaccompanied']).toBeUndefined();
  });
});

describe('draft patches', () => {
  const parse = (patch: Record<string, unknown>) => {
    const r = draftPatchSchema().safeParse(patch);
    return r.success ? {} : fieldErrorsOf(r.error);
  };
  it('accepts partial answers and clearing', () => {
    expect(parse({ 'vic.sex': 'f', 'ctx.reference': null, 'exp.housing:note': 'matelas au sol' })).toEqual({});
  });
  it('refuses unknown codes, fixed items and wrong types, keyed by code', () => {
    expect(
      parse({
        'foo.bar': 'x',
        'ctx.service': 'onss',
        'vic.sex': 3,
        'vic.age_estimate': 'ten',
        'ctx.forms': ['economic', 'nope'],
        'exp.housing': 'maybe',
      }),
    ).toEqual({
      'foo.bar': ['errors.unknownItem'],
      'ctx.service': ['errors.fixedItem'],
      'vic.sex': ['errors.invalidOption'],
      'vic.age_estimate': ['errors.wholeNumber'],
      'ctx.forms': ['errors.invalidOption'],
      'exp.housing': ['errors.invalidOption'],
    });
    expect(parse({ 'vic.name': 'x'.repeat(201) })).toEqual({ 'vic.name': ['errors.tooLong'] });
    expect(parse({ 'vic.name': 'a\u0000b' })).toEqual({ 'vic.name': ['errors.controlCharacters'] });
    expect(parse({ 'vic.age_estimate': -1 })).toEqual({ 'vic.age_estimate': ['errors.outOfRange'] });
    expect(parse({ 'vic.sex:note': 'x' })).toEqual({ 'vic.sex:note': ['errors.unknownItem'] });
  });
});

describe('decision support', () => {
  it('groups present indicators by act, means and purpose', () => {
    const s = summarise({
      ...valid,
      'act.recruited': 'yes',
      'doc.identity': 'held_by_other',
      'agg.coercion': 'yes',
      'exp.housing': 'yes',
      'exp.dangerous': 'no',
      'pay.level': 'very_low',
    });
    const by = Object.fromEntries(s.map((e) => [e.element, e]));
    expect(by.act!.present).toEqual(['act.recruited']);
    expect(by.means!.present).toEqual(expect.arrayContaining(['doc.identity', 'agg.coercion']));
    expect(by.means!.present).toHaveLength(2);
    expect(by.purpose!.present).toEqual(expect.arrayContaining(['ctx.forms', 'exp.housing', 'pay.level']));
    expect(by.purpose!.present).not.toContain('exp.dangerous');
    expect(by.means!.notRequired).toBe(false);
  });
  it('says the means are not required for a minor, and shows sexual-exploitation items only for that form', () => {
    const s = summarise({
      'ctx.control_date': '2026-03-10',
      'vic.birth_date': '2012-01-01',
      'ctx.forms': ['sexual'],
      'exp.sex_no_choice': 'yes',
    });
    const means = s.find((e) => e.element === 'means')!;
    expect(means.notRequired).toBe(true);
    expect(means.present).toContain('exp.sex_no_choice');
    const economic = summarise({ 'ctx.forms': ['economic'] }).find((e) => e.element === 'means')!;
    expect(economic.unanswered).not.toContain('exp.sex_no_choice');
  });
});
