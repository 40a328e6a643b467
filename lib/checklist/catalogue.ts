/**
 * The COL 01/2015 check-list catalogue (docs/domain/checklist.md), as versioned data.
 *
 * The official annex 5 is not public; this catalogue follows the report's section 11.1.2 and
 * the circular's structure. Items marked `addition: true` are Relais's additions pending the
 * official annex, and say so in the form. A new catalogue version may add, reword or retire
 * items without migrating old answers: every stored check-list keeps its `catalogueVersion`
 * and is always shown with that version. Labels live in ./labels/{fr,nl,de,en}.json, keyed by
 * item code (and `code=option` for options), so translators work on plain files.
 */

export type SectionCode = 'ctx' | 'vic' | 'doc' | 'pay' | 'exp' | 'agg' | 'out';

export type ItemType =
  | { kind: 'text'; maxLength: number; multiline?: boolean }
  | { kind: 'date' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'decimal'; min: number; max: number }
  | { kind: 'choice'; options: readonly string[] }
  | { kind: 'multi'; options: readonly string[] }
  | { kind: 'yesno' }
  | { kind: 'yesnounknown' }
  | { kind: 'country' };

/** The three elements of the legal definition (art. 433quinquies), for decision support. */
export type Element = 'act' | 'means' | 'purpose';

export interface ItemDefinition {
  code: string;
  section: SectionCode;
  type: ItemType;
  /** Required to complete (drafts may leave anything empty). Conditional requirements are in validation.ts. */
  required?: boolean;
  /** Shown only when the condition on other answers holds (the value is ignored otherwise). */
  showWhen?: { code: string; equals?: string | boolean; includes?: string; oneOf?: readonly string[]; minor?: true };
  /** Decision support: an answer of `yes` (or one of `presentWhen`) is an indicator of this element. */
  element?: Element;
  presentWhen?: readonly string[];
  /** An item of Relais pending the official annex (docs/domain/checklist.md). */
  addition?: boolean;
  /** A free-text note may be kept with the answer, under `${code}:note`. */
  withNote?: boolean;
  /** Set by the server from the author's organisation, never typed (e.g. ctx.service). */
  fixed?: boolean;
  /**
   * Required, but may be left empty when this other item is answered: completion then fills it
   * from that answer (ctx.region from ctx.judicial_arrondissement, lib/checklist/arrondissements.ts).
   */
  derivableFrom?: string;
  /** The form does not ask these detecting services for the item (it still shows an answer already given). */
  notAskedOf?: readonly DetectingService[];
}

export interface SectionDefinition {
  code: SectionCode;
  items: readonly ItemDefinition[];
}

export const REGIONS = ['wvl', 'ovl', 'ant', 'lim', 'hai', 'nam_lux', 'lie', 'vbr', 'bru', 'bwa'] as const;
export type Region = (typeof REGIONS)[number];

/**
 * Judicial arrondissements as the police name them (decision 0024): the twelve of the 2014
 * reform, Brussels split by its two prosecutor's offices because Halle-Vilvoorde lies in
 * another ONSS direction. Their directions are in ./arrondissements.ts.
 */
export const JUDICIAL_ARRONDISSEMENTS = [
  'antwerpen',
  'limburg',
  'oost_vlaanderen',
  'west_vlaanderen',
  'leuven',
  'halle_vilvoorde',
  'brussels',
  'brabant_wallon',
  'hainaut',
  'liege',
  'eupen',
  'namur',
  'luxembourg',
] as const;
export type JudicialArrondissement = (typeof JUDICIAL_ARRONDISSEMENTS)[number];

export const SECTORS = [
  'butchery',
  'bakery',
  'carwash',
  'hairdressing_beauty',
  'retail',
  'construction',
  'manufacturing',
  'wholesale',
  'horeca',
  'horticulture',
  'logistics',
  'riding_stable',
  'cleaning',
  'prostitution',
  'various_services',
  'transport',
  'domestic_work',
  'sorting_recycling',
  'other',
] as const;

export const FORMS = ['sexual', 'economic', 'begging', 'forced_crime', 'organs', 'smuggling_aggravated'] as const;
export type Form = (typeof FORMS)[number];

export const SERVICES = ['police_local', 'police_federal', 'onss', 'cls', 'guardianship', 'other'] as const;
export type DetectingService = (typeof SERVICES)[number];

export const CENTRES = ['pag-asa', 'payoke', 'surya', 'esperanto'] as const;

const yesno = { kind: 'yesno' } as const;
const ynu = { kind: 'yesnounknown' } as const;
const text = (maxLength: number, multiline = false) => ({ kind: 'text', maxLength, multiline }) as const;

const SECTIONS: readonly SectionDefinition[] = [
  {
    code: 'ctx',
    items: [
      { code: 'ctx.reference', section: 'ctx', type: text(60) },
      { code: 'ctx.service', section: 'ctx', type: { kind: 'choice', options: SERVICES }, fixed: true },
      { code: 'ctx.control_date', section: 'ctx', type: { kind: 'date' }, required: true },
      {
        code: 'ctx.team',
        section: 'ctx',
        type: { kind: 'choice', options: ['ecosoc', 'other'] },
        showWhen: { code: 'ctx.service', equals: 'onss' },
      },
      {
        code: 'ctx.joint_with',
        section: 'ctx',
        type: { kind: 'multi', options: ['police', 'onss', 'cls', 'immigration_office', 'labour_prosecutor', 'other'] },
      },
      { code: 'ctx.region', section: 'ctx', type: { kind: 'choice', options: REGIONS }, required: true },
      { code: 'ctx.investigation_status', section: 'ctx', type: { kind: 'choice', options: ['ongoing', 'closed'] } },
      {
        code: 'ctx.investigation_closed_on',
        section: 'ctx',
        type: { kind: 'date' },
        showWhen: { code: 'ctx.investigation_status', equals: 'closed' },
      },
      {
        code: 'ctx.magistrate',
        section: 'ctx',
        type: { kind: 'choice', options: ['parquet', 'auditorat', 'federal', 'none_yet'] },
      },
      { code: 'ctx.magistrate_date', section: 'ctx', type: { kind: 'date' } },
      { code: 'ctx.employer_name', section: 'ctx', type: text(200) },
      { code: 'ctx.employer_company_number', section: 'ctx', type: text(12) },
      {
        code: 'ctx.employer_kind',
        section: 'ctx',
        type: {
          kind: 'choice',
          options: ['be_company', 'foreign_company', 'private_household', 'natural_person', 'unknown'],
        },
      },
      {
        code: 'ctx.forms',
        section: 'ctx',
        type: { kind: 'multi', options: FORMS },
        required: true,
        element: 'purpose',
      },
      { code: 'ctx.sector', section: 'ctx', type: { kind: 'choice', options: SECTORS } },
      { code: 'ctx.sector_other', section: 'ctx', type: text(120), showWhen: { code: 'ctx.sector', equals: 'other' } },
      { code: 'ctx.subsector', section: 'ctx', type: text(120) },
      // Act: the catalogue's own items until the official annex says otherwise.
      { code: 'act.recruited', section: 'ctx', type: ynu, element: 'act', addition: true, withNote: true },
      { code: 'act.transported', section: 'ctx', type: ynu, element: 'act', addition: true, withNote: true },
      { code: 'act.harboured', section: 'ctx', type: ynu, element: 'act', addition: true, withNote: true },
    ],
  },
  {
    code: 'vic',
    items: [
      { code: 'vic.name', section: 'vic', type: text(200) },
      { code: 'vic.sex', section: 'vic', type: { kind: 'choice', options: ['m', 'f', 'x'] }, required: true },
      { code: 'vic.birth_date', section: 'vic', type: { kind: 'date' } },
      { code: 'vic.age_estimate', section: 'vic', type: { kind: 'integer', min: 0, max: 110 } },
      { code: 'vic.age_doubt', section: 'vic', type: yesno },
      { code: 'vic.nationality', section: 'vic', type: { kind: 'country' }, required: true },
      { code: 'vic.languages', section: 'vic', type: text(200) },
      {
        code: 'vic.interpreter',
        section: 'vic',
        type: { kind: 'choice', options: ['not_needed', 'needed', 'used_sworn', 'used_phone'] },
      },
      { code: 'vic.unaccompanied', section: 'vic', type: yesno, showWhen: { code: 'vic.age_doubt', minor: true } },
      { code: 'vic.contact', section: 'vic', type: text(300) },
      { code: 'vic.no_safe_contact', section: 'vic', type: yesno },
    ],
  },
  {
    code: 'doc',
    items: [
      {
        code: 'doc.residence',
        section: 'doc',
        type: {
          kind: 'choice',
          options: [
            'belgian',
            'eu_national_id',
            'be_permit',
            'be_permit_pending',
            'other_eu_permit',
            'asylum_seeker',
            'irregular',
            'unknown',
          ],
        },
        element: 'means',
        presentWhen: ['irregular', 'asylum_seeker', 'be_permit_pending'],
      },
      {
        code: 'doc.identity',
        section: 'doc',
        type: { kind: 'choice', options: ['own', 'held_by_other', 'copies_only', 'none', 'false_or_borrowed'] },
        element: 'means',
        presentWhen: ['held_by_other', 'false_or_borrowed'],
      },
      { code: 'doc.under_exploiter_identity', section: 'doc', type: yesno, element: 'means' },
    ],
  },
  {
    code: 'pay',
    items: [
      {
        code: 'pay.level',
        section: 'pay',
        type: { kind: 'choice', options: ['normal', 'low', 'very_low', 'none'] },
        element: 'purpose',
        presentWhen: ['very_low', 'none'],
      },
      { code: 'pay.example_amount', section: 'pay', type: { kind: 'decimal', min: 0, max: 1_000_000 } },
      {
        code: 'pay.example_unit',
        section: 'pay',
        type: { kind: 'choice', options: ['hour', 'day', 'night', 'week', 'month', 'task'] },
      },
      { code: 'pay.example_hours', section: 'pay', type: { kind: 'decimal', min: 0, max: 744 } },
      { code: 'pay.promised_unpaid', section: 'pay', type: yesno, element: 'purpose' },
      { code: 'pay.ceded', section: 'pay', type: yesno, element: 'means' },
      { code: 'pay.debt', section: 'pay', type: yesno, element: 'means' },
      {
        code: 'pay.debt_amount',
        section: 'pay',
        type: { kind: 'decimal', min: 0, max: 10_000_000 },
        showWhen: { code: 'pay.debt', equals: 'yes' },
      },
      { code: 'pay.dimona', section: 'pay', type: ynu },
      {
        code: 'pay.limosa',
        section: 'pay',
        type: { kind: 'choice', options: ['none', 'regular', 'fraud_suspected', 'fraud_established'] },
      },
      {
        code: 'pay.work_permit',
        section: 'pay',
        type: { kind: 'choice', options: ['single_permit', 'none', 'not_applicable'] },
      },
    ],
  },
  {
    code: 'exp',
    items: [
      { code: 'exp.no_equipment', section: 'exp', type: ynu, element: 'purpose', withNote: true },
      { code: 'exp.dangerous', section: 'exp', type: ynu, element: 'purpose', withNote: true },
      { code: 'exp.no_contact', section: 'exp', type: ynu, element: 'means', withNote: true },
      { code: 'exp.movement', section: 'exp', type: ynu, element: 'means', withNote: true },
      { code: 'exp.housing', section: 'exp', type: ynu, element: 'purpose', withNote: true },
      { code: 'exp.no_medical', section: 'exp', type: ynu, element: 'purpose', withNote: true },
      { code: 'exp.long_hours', section: 'exp', type: ynu, element: 'purpose', withNote: true },
      {
        code: 'exp.hours_per_day',
        section: 'exp',
        type: { kind: 'decimal', min: 0, max: 24 },
        showWhen: { code: 'exp.long_hours', equals: 'yes' },
      },
      {
        code: 'exp.days_per_week',
        section: 'exp',
        type: { kind: 'integer', min: 0, max: 7 },
        showWhen: { code: 'exp.long_hours', equals: 'yes' },
      },
      {
        code: 'exp.sex_earnings_handed',
        section: 'exp',
        type: ynu,
        element: 'purpose',
        addition: true,
        showWhen: { code: 'ctx.forms', includes: 'sexual' },
      },
      {
        code: 'exp.sex_no_choice',
        section: 'exp',
        type: ynu,
        element: 'means',
        addition: true,
        showWhen: { code: 'ctx.forms', includes: 'sexual' },
      },
      {
        code: 'exp.sex_moved',
        section: 'exp',
        type: ynu,
        element: 'act',
        addition: true,
        showWhen: { code: 'ctx.forms', includes: 'sexual' },
      },
      {
        code: 'exp.sex_online',
        section: 'exp',
        type: ynu,
        element: 'act',
        addition: true,
        showWhen: { code: 'ctx.forms', includes: 'sexual' },
      },
    ],
  },
  {
    code: 'agg',
    items: [
      { code: 'agg.victim_minor', section: 'agg', type: ynu },
      { code: 'agg.victim_minor_reason', section: 'agg', type: text(300) },
      { code: 'agg.vulnerable', section: 'agg', type: ynu, element: 'means' },
      { code: 'agg.authority', section: 'agg', type: ynu, element: 'means' },
      { code: 'agg.public_officer', section: 'agg', type: ynu },
      { code: 'agg.coercion', section: 'agg', type: ynu, element: 'means' },
      { code: 'agg.life_endangered', section: 'agg', type: ynu },
      { code: 'agg.permanent_harm', section: 'agg', type: ynu },
      { code: 'agg.partial_incapacity', section: 'agg', type: ynu },
      { code: 'agg.death', section: 'agg', type: ynu },
      { code: 'agg.habitual', section: 'agg', type: ynu },
      { code: 'agg.association', section: 'agg', type: ynu },
      { code: 'agg.other', section: 'agg', type: text(1000, true) },
    ],
  },
  {
    code: 'out',
    items: [
      { code: 'out.sufficient', section: 'out', type: yesno, required: true },
      { code: 'out.informed', section: 'out', type: yesno },
      {
        code: 'out.informed_language',
        section: 'out',
        type: text(60),
        showWhen: { code: 'out.informed', equals: 'yes' },
      },
      {
        code: 'out.wish',
        section: 'out',
        type: { kind: 'choice', options: ['accepts_referral', 'refuses', 'already_in_care', 'could_not_ask'] },
        required: true,
      },
      {
        code: 'out.refusal_reason',
        section: 'out',
        type: { kind: 'choice', options: ['not_exploited', 'fear', 'wants_to_leave', 'other'] },
        showWhen: { code: 'out.wish', equals: 'refuses' },
      },
      {
        code: 'out.care_centre',
        section: 'out',
        type: { kind: 'choice', options: CENTRES },
        showWhen: { code: 'out.wish', equals: 'already_in_care' },
      },
      { code: 'out.notes', section: 'out', type: text(4000, true) },
    ],
  },
];

/** The police services: they work by judicial arrondissement, not by ONSS provincial direction. */
export const POLICE_SERVICES = ['police_local', 'police_federal'] as const satisfies readonly DetectingService[];

/**
 * 2015.2: the police are asked the judicial arrondissement of the facts instead of an ONSS
 * provincial direction (decision 0024); the direction, which the statistics and the routing
 * read, is filled from it on completion. Everything else is 2015.1's.
 */
const SECTIONS_2015_2: readonly SectionDefinition[] = SECTIONS.map((section) =>
  section.code !== 'ctx'
    ? section
    : {
        ...section,
        items: section.items.flatMap((item): ItemDefinition[] =>
          item.code !== 'ctx.region'
            ? [item]
            : [
                {
                  code: 'ctx.judicial_arrondissement',
                  section: 'ctx',
                  type: { kind: 'choice', options: JUDICIAL_ARRONDISSEMENTS },
                  showWhen: { code: 'ctx.service', oneOf: POLICE_SERVICES },
                },
                {
                  ...item,
                  derivableFrom: 'ctx.judicial_arrondissement',
                  notAskedOf: POLICE_SERVICES,
                },
              ],
        ),
      },
);

export interface Catalogue {
  version: string;
  sections: readonly SectionDefinition[];
}

/** Catalogue versions by id. Add a version; never edit a published one. */
export const CATALOGUES: Record<string, Catalogue> = {
  '2015.1': { version: '2015.1', sections: SECTIONS },
  '2015.2': { version: '2015.2', sections: SECTIONS_2015_2 },
};

export const CURRENT_CATALOGUE_VERSION = '2015.2';

export function getCatalogue(version: string = CURRENT_CATALOGUE_VERSION): Catalogue {
  const catalogue = CATALOGUES[version];
  if (!catalogue) throw new Error(`unknown catalogue version ${version}`);
  return catalogue;
}

export function itemsOf(catalogue: Catalogue): ItemDefinition[] {
  return catalogue.sections.flatMap((s) => s.items);
}

const ITEM_MAPS = new WeakMap<Catalogue, Map<string, ItemDefinition>>();

/** The items of a catalogue by code (built once per catalogue: validation asks for it per answer). */
export function itemByCode(catalogue: Catalogue): Map<string, ItemDefinition> {
  let map = ITEM_MAPS.get(catalogue);
  if (!map) {
    map = new Map(itemsOf(catalogue).map((i) => [i.code, i]));
    ITEM_MAPS.set(catalogue, map);
  }
  return map;
}
