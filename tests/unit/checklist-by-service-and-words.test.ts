import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { REFERENCE_ORGANISATIONS } from '@/db/reference-organisations';
import { DIRECTION_OF_ARRONDISSEMENT, directionOfArrondissement } from '@/lib/checklist/arrondissements';
import { getCatalogue, itemByCode, JUDICIAL_ARRONDISSEMENTS, REGIONS } from '@/lib/checklist/catalogue';
import { summarise } from '@/lib/checklist/decision-support';
import { factsOf } from '@/lib/checklist/facts';
import { allowedCodes, checkRecord } from '@/lib/checklist/import-csv';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { isAsked, normaliseForCompletion, validateForCompletion } from '@/lib/checklist/validation';
import { LOCALES } from '@/lib/i18n/locales';
import { ORGANISATION_NAMES, organisationName } from '@/lib/organisations/names';
import { VALID_ADULT_ANSWERS } from '../support/answers';

const current = getCatalogue();
const TODAY = '2026-06-01';
const { 'ctx.region': _region, ...withoutRegion } = VALID_ADULT_ANSWERS;

describe('judicial arrondissement → ONSS provincial direction', () => {
  it('maps every arrondissement the police are asked to one of the ten directions', () => {
    expect(Object.keys(DIRECTION_OF_ARRONDISSEMENT).sort()).toEqual([...JUDICIAL_ARRONDISSEMENTS].sort());
    for (const a of JUDICIAL_ARRONDISSEMENTS) expect(REGIONS).toContain(DIRECTION_OF_ARRONDISSEMENT[a]);
    // Every direction is reachable, so no statistics column is empty because of the question asked.
    expect(new Set(Object.values(DIRECTION_OF_ARRONDISSEMENT))).toEqual(new Set(REGIONS));
  });

  it('follows the provinces: Halle-Vilvoorde and Leuven in Flemish Brabant, Eupen in Liège, Namur and Luxembourg together', () => {
    expect(directionOfArrondissement('brussels')).toBe('bru');
    expect(directionOfArrondissement('halle_vilvoorde')).toBe('vbr');
    expect(directionOfArrondissement('leuven')).toBe('vbr');
    expect(directionOfArrondissement('brabant_wallon')).toBe('bwa');
    expect(directionOfArrondissement('eupen')).toBe('lie');
    expect(directionOfArrondissement('luxembourg')).toBe('nam_lux');
    expect(directionOfArrondissement('namur')).toBe('nam_lux');
    expect(directionOfArrondissement('paris')).toBeNull();
    expect(directionOfArrondissement('constructor')).toBeNull();
  });

  it('has a label in the four languages for the question and each arrondissement', () => {
    for (const l of LOCALES) {
      expect(CHECKLIST_LABELS[l]['ctx.judicial_arrondissement']).toBeTruthy();
      for (const a of JUDICIAL_ARRONDISSEMENTS)
        expect(CHECKLIST_LABELS[l][`ctx.judicial_arrondissement=${a}`]).toBeTruthy();
    }
  });
});

describe('questions that depend on the referrer’s service (catalogue 2015.2)', () => {
  const items = itemByCode(current);
  const region = items.get('ctx.region')!;
  const arrondissement = items.get('ctx.judicial_arrondissement')!;

  it('asks the police the arrondissement, not an ONSS direction; asks the ONSS the direction', () => {
    const police = { ...withoutRegion, 'ctx.service': 'police_local' };
    expect(isAsked(arrondissement, police)).toBe(true);
    expect(isAsked(region, police)).toBe(false);
    expect(isAsked(arrondissement, { ...police, 'ctx.service': 'police_federal' })).toBe(true);
    const onss = { ...withoutRegion, 'ctx.service': 'onss' };
    expect(isAsked(arrondissement, onss)).toBe(false);
    expect(isAsked(region, onss)).toBe(true);
    // An answer already given (an older draft, the API) stays on screen.
    expect(isAsked(region, { ...police, 'ctx.region': 'bru' })).toBe(true);
  });

  it('completes a police check-list with the arrondissement only and stores its direction for the statistics', () => {
    const answers = {
      ...withoutRegion,
      'ctx.service': 'police_local',
      'ctx.judicial_arrondissement': 'halle_vilvoorde',
    };
    expect(validateForCompletion(answers, current, TODAY)).toEqual({});
    const stored = normaliseForCompletion(answers, current);
    expect(stored['ctx.region']).toBe('vbr');
    expect(factsOf(stored, 2026).region).toBe('vbr');
    expect(factsOf(answers, 2026).region).toBe('vbr');
  });

  it('asks for what is missing where the form asks it', () => {
    expect(validateForCompletion({ ...withoutRegion, 'ctx.service': 'police_local' }, current, TODAY)).toEqual({
      'ctx.judicial_arrondissement': ['errors.required'],
    });
    expect(validateForCompletion({ ...withoutRegion, 'ctx.service': 'onss' }, current, TODAY)).toEqual({
      'ctx.region': ['errors.required'],
    });
  });

  it('refuses a direction that contradicts the arrondissement, and accepts one sent alone (API, import)', () => {
    const both = { ...VALID_ADULT_ANSWERS, 'ctx.service': 'police_local', 'ctx.judicial_arrondissement': 'liege' };
    expect(validateForCompletion(both, current, TODAY)).toEqual({ 'ctx.region': ['errors.derivedMismatch'] });
    expect(validateForCompletion({ ...both, 'ctx.region': 'lie' }, current, TODAY)).toEqual({});
    expect(validateForCompletion({ ...VALID_ADULT_ANSWERS, 'ctx.service': 'police_local' }, current, TODAY)).toEqual(
      {},
    );
  });

  it('leaves check-lists of 2015.1 as they were: the direction asked of everyone', () => {
    const old = getCatalogue('2015.1');
    expect(itemByCode(old).has('ctx.judicial_arrondissement')).toBe(false);
    expect(validateForCompletion({ ...withoutRegion, 'ctx.service': 'police_local' }, old, TODAY)).toEqual({
      'ctx.region': ['errors.required'],
    });
  });
});

describe('decision support quotes the answers behind each element', () => {
  it('gives each indicator with what was answered and its note', () => {
    const answers = {
      ...VALID_ADULT_ANSWERS,
      'pay.level': 'very_low',
      'pay.debt': 'yes',
      'exp.movement': 'yes',
      'exp.movement:note': 'passeport gardé par l’employeur',
      'exp.housing': 'no',
    };
    const byElement = Object.fromEntries(summarise(answers, current).map((s) => [s.element, s.quotes]));
    expect(byElement.purpose).toEqual(
      expect.arrayContaining([
        { code: 'ctx.forms', answer: ['economic'], note: null },
        { code: 'pay.level', answer: 'very_low', note: null },
      ]),
    );
    expect(byElement.means).toEqual([
      { code: 'pay.debt', answer: 'yes', note: null },
      { code: 'exp.movement', answer: 'yes', note: 'passeport gardé par l’employeur' },
    ]);
    // A "no" is not an indicator, so it is not quoted.
    expect(byElement.purpose!.map((q) => q.code)).not.toContain('exp.housing');
  });
});

describe('organisation names as reference data', () => {
  it('names every organisation of the seed in the four languages, none repeating its abbreviation', () => {
    for (const org of REFERENCE_ORGANISATIONS) {
      const names = ORGANISATION_NAMES[org.code];
      expect(names, org.code).toBeDefined();
      for (const l of LOCALES) {
        expect(names![l].trim(), `${org.code} ${l}`).not.toBe('');
        expect(names![l], `${org.code} ${l}`).not.toMatch(/\((\w+)\)\s*\(\1\)/);
        expect(names![l], `${org.code} ${l}`).not.toMatch(/^(.+) \(\1\)$/);
      }
    }
  });

  it('leaves no French name in Dutch, German or English', () => {
    const french =
      /Direction provinciale|Contrôle des lois sociales|Service des Tutelles|Zone de police|Cellule interdépartementale|Politique criminelle|Police fédérale/;
    for (const org of REFERENCE_ORGANISATIONS)
      for (const l of ['nl', 'de', 'en'] as const) expect(ORGANISATION_NAMES[org.code]![l]).not.toMatch(french);
    expect(ORGANISATION_NAMES['onss-bru']).toEqual({
      fr: 'ONSS — Direction provinciale Bruxelles',
      nl: 'RSZ — Provinciale directie Brussel',
      de: 'LSS — Provinzdirektion Brüssel',
      en: 'NSSO — Brussels provincial directorate',
    });
    expect(ORGANISATION_NAMES.tutelles!.nl).toBe('Dienst Voogdij');
  });

  it('names an organisation by its code or by the name an earlier seed stored; any other keeps its own', () => {
    expect(organisationName('nl', 'ONSS — Direction provinciale Liège')).toBe('RSZ — Provinciale directie Luik');
    expect(organisationName('de', 'Contrôle des lois sociales (CLS)')).toBe('Kontrolle der Sozialgesetze');
    expect(organisationName('en', 'whatever', 'tutelles')).toBe('Guardianship Service');
    expect(organisationName('fr', 'Politiezone Antwerpen')).toBe('Zone de police d’Anvers');
    expect(organisationName('nl', 'Zone de police de Mons')).toBe('Zone de police de Mons');
  });
});

describe('import errors name the allowed codes', () => {
  const header = ['organisation', 'completed_on', ...Object.keys(VALID_ADULT_ANSWERS)];
  const cells = (over: Record<string, string>) =>
    header.map((h) => {
      if (h in over) return over[h]!;
      if (h === 'organisation') return 'onss-bru';
      if (h === 'completed_on') return '2026-03-11';
      const v = VALID_ADULT_ANSWERS[h as keyof typeof VALID_ADULT_ANSWERS];
      return Array.isArray(v) ? v.join('|') : String(v);
    });
  const check = (over: Record<string, string>) =>
    checkRecord(header, cells(over), 2, { catalogue: current, today: TODAY, serviceOf: () => 'onss' });

  it('lists the codes of the item whose cell was refused', () => {
    expect(check({})).toMatchObject({ ok: true });
    const refused = check({ 'out.wish': 'oui' });
    expect(refused).toEqual({
      ok: false,
      errors: [
        {
          row: 2,
          column: 'out.wish',
          key: 'errors.import.invalidOption',
          values: { allowed: 'accepts_referral, refuses, already_in_care, could_not_ask' },
        },
      ],
    });
    expect(allowedCodes(itemByCode(current).get('ctx.region')!)).toBe(REGIONS.join(', '));
    expect(allowedCodes(itemByCode(current).get('agg.death')!)).toBe('yes, no, unknown');
  });

  it('says them in every language', () => {
    for (const l of LOCALES) {
      const catalogue = JSON.parse(
        fs.readFileSync(path.resolve(__dirname, `../../lib/i18n/messages/${l}.json`), 'utf8'),
      ) as { errors: { import: { invalidOption: string } } };
      const text = new IntlMessageFormat(catalogue.errors.import.invalidOption, l).format({ allowed: 'm, f, x' });
      expect(text, l).toContain('m, f, x');
    }
  });
});
