import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { getSqlite } from '@/db/client';
import { NOTE_SUFFIX, type Answers } from '@/lib/checklist/answers';
import {
  FORMS,
  getCatalogue,
  itemByCode,
  itemsOf,
  REGIONS,
  SECTORS,
  type ItemDefinition,
} from '@/lib/checklist/catalogue';
import { NATIONALITY_CODES } from '@/lib/checklist/countries';
import {
  cellValue,
  checkHeader,
  checkRecord,
  COMPLETED_ON_COLUMN,
  ORGANISATION_COLUMN,
} from '@/lib/checklist/import-csv';
import {
  checkValue,
  draftPatchSchema,
  normaliseForCompletion,
  validateForCompletion,
} from '@/lib/checklist/validation';
import { fieldErrorsOf, initialFormState, type FormState } from '@/lib/form-state';
import { CENTRE_CODES, CHOICE_REASONS } from '@/lib/referrals/routing';
import {
  CASE_TYPES,
  CLOSE_REASONS,
  NO_CAPACITY_REASONS,
  NOT_A_VICTIM_REASONS,
  REFERRAL_STATUSES,
  REFUSAL_REASONS,
  REQUEST_SOURCES,
} from '@/lib/referrals/state-machine';
import { ROLES } from '@/lib/roles';
import type { Actor } from '@/lib/server/auth/actor';
import { completeChecklist } from '@/lib/server/checklists/complete-checklist';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { createInvestigation } from '@/lib/server/checklists/create-investigation';
import { importChecklists } from '@/lib/server/checklists/import-checklists';
import { startChecklistCorrection } from '@/lib/server/checklists/start-checklist-correction';
import { updateChecklistDraft } from '@/lib/server/checklists/update-checklist-draft';
import { createUser } from '@/lib/server/users/create-user';
import { DomainError } from '@/lib/server/errors';
import { findAuditEvents } from '@/lib/server/audit/find-audit-events';
import { updateCentreCapacity } from '@/lib/server/centres/capacity';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { registerCentreRequest } from '@/lib/server/referrals/register-centre-request';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { setDisclosureThreshold } from '@/lib/server/statistics/set-disclosure-threshold';
import { auditFiltersSchema } from '@/lib/validation/audit';
import { changePasswordSchema, signInSchema } from '@/lib/validation/auth';
import { investigationSchema } from '@/lib/validation/investigations';
import {
  capacitySchema,
  centreRequestSchema,
  createReferralSchema,
  REQUEST_OUTCOMES,
  transitionSchema,
} from '@/lib/validation/referrals';
import { disclosureThresholdSchema } from '@/lib/validation/settings';
import { changeUserRoleSchema, createUserSchema, setUserActiveSchema, userIdSchema } from '@/lib/validation/users';
import {
  FORBIDDEN_CONTROL,
  formulaString,
  hostileDate,
  hostileKey,
  hostileNumberNotJson,
  hostileObject,
  hostileString,
  hostileValue,
  htmlPayload,
  ownObject,
  unicodeTrick,
  withControlCharacters,
} from '../support/hostile';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { makeOrganisation, makeUser } from '../support/factories';

/**
 * Hostile input (property-based, fast-check): huge strings, control characters, look-alikes,
 * lone surrogates, deep JSON, wrong types, absurd numbers and dates, CSV formulas and markup in
 * every field. Whatever comes in: the schemas and verbs answer with errors that name the field
 * (never an exception of another kind), and a refused write changes nothing in the database.
 */

// The server actions run here outside Next.js: the session is replaced by the actor of the test.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/http/current-actor', () => ({
  actionActor: async () => session.actor,
  currentActor: async () => session.actor,
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const RUNS = 150; // pure properties
const DB_RUNS = 50; // properties that write
const FEW_RUNS = 25; // properties that hash a password or build several records per run

const catalogue = getCatalogue();
const ITEMS = itemsOf(catalogue);
const ITEM_BY_CODE = itemByCode(catalogue);
const CODES = ITEMS.map((i) => i.code);
const NOTE_CODES = ITEMS.filter((i) => i.withNote).map((i) => `${i.code}${NOTE_SUFFIX}`);
const NOW = new Date('2026-06-15T10:00:00Z');
const TODAY = '2026-06-15';

// ---------------------------------------------------------------------------------------------
// Values of the right type for an item (markup and formulas included: they are legal text).

const safeText = (max: number) =>
  fc
    .oneof(htmlPayload, formulaString, unicodeTrick, fc.string({ maxLength: 30 }))
    .filter((s) => s.length <= max && !FORBIDDEN_CONTROL.test(s));
const requiredText = (max: number) => safeText(max).filter((s) => s.trim() !== '');
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/), fc.constantFrom('relais.be', 'test.example', 'x.org'))
  .map(([l, d]) => `${l}@${d}`);
const isoDay = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

/** When an event happened: a day, a date-time with or without its offset, or now. */
const moment = fc.oneof(
  isoDay('2020-01-01', '2026-06-15'),
  fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-06-15T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-06-15T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 16)),
  fc.constant(null),
);

function validValue(item: ItemDefinition): fc.Arbitrary<unknown> {
  const t = item.type;
  switch (t.kind) {
    case 'text':
      return safeText(t.maxLength);
    case 'date':
      return isoDay('1950-01-01', '2026-03-01');
    case 'integer':
      return fc.integer({ min: t.min, max: t.max });
    case 'decimal':
      return fc.double({ min: t.min, max: t.max, noNaN: true, noDefaultInfinity: true });
    case 'choice':
      return fc.constantFrom(...t.options);
    case 'multi':
      return fc.subarray([...t.options], { minLength: 1 });
    case 'yesno':
      return fc.constantFrom('yes', 'no');
    case 'yesnounknown':
      return fc.constantFrom('yes', 'no', 'unknown');
    case 'country':
      return fc.constantFrom(...NATIONALITY_CODES);
  }
}

/** A value for an item: of the right type, hostile, or null / '' (which clear an answer). */
const valueFor = (item: ItemDefinition, options: { huge?: boolean; deep?: boolean } = {}) =>
  fc.oneof(
    { weight: 3, arbitrary: validValue(item) },
    { weight: 3, arbitrary: hostileValue(options) },
    { weight: 1, arbitrary: fc.constantFrom(null, '') },
  );

/** A patch of a draft: real codes with good or hostile values, notes, and hostile keys. */
function answerPatch(options: { huge?: boolean; deep?: boolean; withFixed?: boolean; maxItems?: number } = {}) {
  const items = options.withFixed === false ? ITEMS.filter((i) => !i.fixed) : ITEMS;
  const itemEntry = fc
    .constantFrom(...items)
    .chain((item) => valueFor(item, options).map((v) => [item.code, v] as const));
  const noteEntry = fc.tuple(
    fc.constantFrom(...NOTE_CODES),
    fc.oneof(safeText(1000), hostileValue(options), fc.constant(null)),
  );
  const strangeEntry = fc.tuple(hostileKey, hostileValue(options));
  return fc
    .tuple(
      fc.array(itemEntry, { maxLength: options.maxItems ?? 8 }),
      fc.array(noteEntry, { maxLength: 2 }),
      fc.array(strangeEntry, { maxLength: 2 }),
    )
    .map(([a, b, c]) => ownObject([...a, ...b, ...c]));
}

/** Answers that may complete: the valid adult, then some items changed (well or badly). */
const mostlyValidAnswers = (options: { huge?: boolean; deep?: boolean } = {}) =>
  fc.tuple(answerPatch({ ...options, withFixed: false, maxItems: 3 }), fc.boolean()).map(([patch, clean]) => {
    if (clean) return { ...VALID_ADULT_ANSWERS } as Record<string, unknown>;
    return ownObject([...Object.entries(VALID_ADULT_ANSWERS), ...Object.entries(patch)]);
  });

const isValidNoteKey = (code: string) =>
  code.endsWith(NOTE_SUFFIX) && ITEM_BY_CODE.get(code.slice(0, -NOTE_SUFFIX.length))?.withNote === true;
const isErrorKey = (k: unknown) => typeof k === 'string' && /^errors\.[\w.]+$/.test(k);

/** Every error names a field of the input (an element of a list field as `field.index`) with message keys. */
function expectFieldErrors(errors: Record<string, string[]>, allowed: ReadonlySet<string>) {
  for (const [field, keys] of Object.entries(errors)) {
    const named = allowed.has(field) || allowed.has(field.replace(/\.\d+$/, ''));
    expect(named, `error on "${field}" which is not a field of the input`).toBe(true);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(isErrorKey(k), `error key ${JSON.stringify(k)}`).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------

describe('zod schemas under hostile input', () => {
  const uuid = fc.uuid();
  const SCHEMAS: {
    name: string;
    schema: z.ZodType;
    plausible: Record<string, fc.Arbitrary<unknown>>;
    related?: Record<string, string[]>;
  }[] = [
    {
      name: 'signIn',
      schema: signInSchema,
      plausible: { email, password: fc.string({ minLength: 1, maxLength: 30 }) },
    },
    {
      name: 'changePassword',
      schema: changePasswordSchema,
      plausible: {
        currentPassword: fc.constant('old passphrase 1'),
        newPassword: fc.constant('a new passphrase 2'),
        confirmPassword: fc.constant('a new passphrase 2'),
      },
      // Rules across fields report on the field the user has to change.
      related: { confirmPassword: ['newPassword'], newPassword: ['currentPassword'] },
    },
    {
      name: 'createUser',
      schema: createUserSchema,
      plausible: {
        email,
        name: requiredText(120),
        role: fc.constantFrom(...ROLES),
        organisationId: uuid,
        signIn: fc.constantFrom('password', 'sso'),
      },
    },
    { name: 'userId', schema: userIdSchema, plausible: { userId: uuid } },
    {
      name: 'setUserActive',
      schema: setUserActiveSchema,
      plausible: { userId: uuid, active: fc.constantFrom('true', 'false') },
    },
    {
      name: 'changeUserRole',
      schema: changeUserRoleSchema,
      plausible: { userId: uuid, role: fc.constantFrom(...ROLES) },
    },
    {
      name: 'investigation',
      schema: investigationSchema,
      plausible: {
        reference: requiredText(60),
        employer: safeText(200),
        sector: fc.constantFrom(...SECTORS, ''),
        region: fc.constantFrom(...REGIONS, ''),
      },
    },
    {
      name: 'createReferral',
      schema: createReferralSchema,
      plausible: {
        checklistId: uuid,
        centre: fc.constantFrom(...CENTRE_CODES),
        choiceReason: fc.constantFrom(...CHOICE_REASONS, null),
        caseType: fc.constantFrom(...CASE_TYPES),
        urgentNeeds: safeText(1000),
        phone: safeText(40),
        shareChecklist: fc.boolean(),
        sentAt: moment,
        occurredAt: moment,
        lateReason: safeText(500),
        idempotencyKey: uuid,
      },
    },
    {
      name: 'transition',
      schema: transitionSchema,
      plausible: {
        to: fc.constantFrom(...REFERRAL_STATUSES),
        note: safeText(2000),
        reason: fc.constantFrom(...CLOSE_REASONS, ...REFUSAL_REASONS, null),
        expectedVersion: fc.integer({ min: 1, max: 5 }),
        redirectTo: fc.constantFrom(...CENTRE_CODES, null),
        occurredAt: moment,
        lateReason: safeText(500),
      },
    },
    {
      name: 'capacity',
      schema: capacitySchema,
      plausible: { placesFree: fc.integer({ min: 0, max: 1000 }), ambulatoryOpen: fc.boolean() },
    },
    {
      name: 'centreRequest',
      schema: centreRequestSchema,
      plausible: {
        source: fc.constantFrom(...REQUEST_SOURCES.filter((s) => s !== 'app')),
        receivedOn: isoDay('1990-01-01', '2026-01-01'),
        sex: fc.constantFrom('m', 'f', 'x'),
        age: fc.integer({ min: 0, max: 110 }),
        minor: fc.boolean(),
        nationality: fc.constantFrom(...NATIONALITY_CODES),
        forms: fc.subarray([...FORMS], { minLength: 1 }),
        caseType: fc.constantFrom(...CASE_TYPES),
        note: safeText(1000),
        outcome: fc.constantFrom(...REQUEST_OUTCOMES, null),
        outcomeReason: fc.constantFrom(...NOT_A_VICTIM_REASONS, ...REFUSAL_REASONS, null),
        outcomeOn: moment,
        lateReason: safeText(500),
        idempotencyKey: uuid,
      },
    },
    {
      name: 'disclosureThreshold',
      schema: disclosureThresholdSchema,
      plausible: { k: fc.integer({ min: 2, max: 100 }).map(String) },
    },
    {
      name: 'auditFilters',
      schema: auditFiltersSchema,
      plausible: {
        category: fc.constantFrom('auth', 'checklist', 'referral', ''),
        outcome: fc.constantFrom('ok', 'refused', 'failed', ''),
        user: fc.string({ maxLength: 20 }).filter((s) => !/[\u0000-\u001F\u007F]/.test(s)),
        target: fc.uuid(),
        from: isoDay('2020-01-01', '2023-01-01'),
        to: isoDay('2023-01-01', '2026-01-01'),
        before: fc.integer({ min: 1, max: 10_000 }).map(String),
      },
      related: { to: ['from'] },
    },
  ];

  for (const { name, schema, plausible, related = {} } of SCHEMAS) {
    const fields = Object.keys(plausible);
    const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;

    it(`${name}: the test knows every field of the schema`, () => {
      expect(Object.keys(shape ?? {}).sort()).toEqual([...fields].sort());
    });

    it(`${name}: parses or names the field at fault, and never throws`, () => {
      const valid = fc.record(plausible, { requiredKeys: [] });
      // NaN and the infinities too: actions turn form strings into numbers before parsing.
      const overrides = hostileObject(fields, fc.oneof(...Object.values(plausible), hostileNumberNotJson));
      fc.assert(
        fc.property(fc.record(plausible), overrides, (base, changed) => {
          const input = ownObject([...Object.entries(base), ...Object.entries(changed)]);
          const result = schema.safeParse(input);
          if (result.success) {
            // Nothing but the schema's fields comes out, whatever came in (no prototype games).
            expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
            for (const key of Object.keys(result.data as object)) expect(fields).toContain(key);
            return;
          }
          const touched = new Set(Object.keys(changed));
          for (const issue of result.error.issues) {
            expect(issue.path.length, `an issue without a field: ${issue.message}`).toBeGreaterThan(0);
            const field = String(issue.path[0]);
            expect(fields).toContain(field);
            // Starting from valid values, only a changed field (or one a cross-field rule ties to it) is at fault.
            const culprits = [field, ...(related[field] ?? [])];
            expect(
              culprits.some((f) => touched.has(f)),
              `"${field}" refused though unchanged`,
            ).toBe(true);
            expect(isErrorKey(issue.message), `message ${issue.message}`).toBe(true);
          }
          expectFieldErrors(fieldErrorsOf(result.error), new Set(fields));
        }),
        { numRuns: RUNS },
      );
      // Without a valid base: anything at all, including no object.
      fc.assert(
        fc.property(fc.oneof(valid, overrides, hostileValue()), (input) => {
          const result = schema.safeParse(input);
          if (result.success) return;
          const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
          for (const issue of result.error.issues) {
            if (isObject) expect(fields).toContain(String(issue.path[0]));
          }
          expect(() => fieldErrorsOf(result.error)).not.toThrow();
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('free texts that a schema accepts never hold control characters (other than tab and new line)', () => {
    const texts: [z.ZodType, string, Record<string, unknown>][] = [
      [createUserSchema, 'name', { email: 'a@b.be', role: 'admin', organisationId: randomUUID() }],
      [investigationSchema, 'reference', {}],
      [investigationSchema, 'employer', { reference: 'PV 1' }],
      [createReferralSchema, 'urgentNeeds', { checklistId: randomUUID(), idempotencyKey: randomUUID() }],
      [createReferralSchema, 'phone', { checklistId: randomUUID(), idempotencyKey: randomUUID() }],
      [transitionSchema, 'note', { to: 'accepted', expectedVersion: 1 }],
      [
        centreRequestSchema,
        'note',
        {
          source: 'ngo',
          receivedOn: '2025-01-01',
          sex: 'f',
          nationality: 'BE',
          forms: ['sexual'],
          idempotencyKey: randomUUID(),
        },
      ],
    ];
    for (const [schema, field, rest] of texts) {
      fc.assert(
        fc.property(withControlCharacters, (text) => {
          fc.pre(FORBIDDEN_CONTROL.test(text.trim()));
          const result = schema.safeParse({ ...rest, [field]: text });
          expect(result.success, `${field} accepted ${JSON.stringify(text)}`).toBe(false);
          if (!result.success) expect(Object.keys(fieldErrorsOf(result.error))).toContain(field);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('a date must exist on the calendar and stay within range', () => {
    fc.assert(
      fc.property(hostileDate, (day) => {
        const request = centreRequestSchema.safeParse({
          source: 'ngo',
          receivedOn: day,
          sex: 'f',
          nationality: 'BE',
          forms: ['sexual'],
          idempotencyKey: randomUUID(),
        });
        if (request.success) expect(request.data.receivedOn).toMatch(/^(199\d|20[0-2]\d)-\d\d-\d\d$/);
        if (request.success) expect(new Date(`${day}T12:00:00Z`).toISOString().slice(0, 10)).toBe(day);
        const audit = auditFiltersSchema.safeParse({ from: day, to: day });
        if (audit.success)
          expect(new Date(`${day}T12:00:00Z`).toISOString().slice(0, 10), `audit filter accepted ${day}`).toBe(day);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('check-list validation built from the catalogue', () => {
  const schema = draftPatchSchema(catalogue);

  it('draftPatchSchema refuses unknown codes, fixed items and wrong types, keyed by code, and never throws', () => {
    fc.assert(
      fc.property(answerPatch(), (patch) => {
        const result = schema.safeParse(patch);
        const keys = Object.keys(patch);
        const issuesAt = new Map<string, string[]>();
        if (!result.success) {
          for (const issue of result.error.issues) {
            expect(issue.path).toHaveLength(1);
            const code = String(issue.path[0]);
            expect(keys).toContain(code);
            issuesAt.set(code, [...(issuesAt.get(code) ?? []), issue.message]);
          }
          expectFieldErrors(fieldErrorsOf(result.error), new Set(keys));
        }
        for (const code of keys) {
          const value = patch[code];
          const item = ITEM_BY_CODE.get(code);
          if (code.endsWith(NOTE_SUFFIX)) {
            const ok =
              isValidNoteKey(code) &&
              (value === null || (typeof value === 'string' && value.length <= 1000 && !FORBIDDEN_CONTROL.test(value)));
            expect(issuesAt.has(code), `note ${code}=${JSON.stringify(value)?.slice(0, 80)}`).toBe(!ok);
          } else if (!item)
            expect(issuesAt.get(code), `unknown code ${JSON.stringify(code)}`).toEqual(['errors.unknownItem']);
          else if (item.fixed) expect(issuesAt.get(code)).toEqual(['errors.fixedItem']);
          else if (value === null || value === '') expect(issuesAt.has(code)).toBe(false);
          else
            expect(issuesAt.get(code)?.[0] ?? null, `${code}=${JSON.stringify(value)?.slice(0, 80)}`).toBe(
              checkValue(item, value),
            );
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('validateForCompletion never throws and keys every error by an item code (or the unknown code itself)', () => {
    fc.assert(
      fc.property(fc.oneof(mostlyValidAnswers(), answerPatch()), (answers) => {
        const errors = validateForCompletion(answers as Answers, catalogue, TODAY);
        expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
        expectFieldErrors(errors, new Set([...CODES, ...Object.keys(answers)]));
        for (const code of Object.keys(answers)) {
          if (!ITEM_BY_CODE.has(code) && !isValidNoteKey(code))
            expect(errors[code], `unknown ${JSON.stringify(code)}`).toContain('errors.unknownItem');
        }
        if (Object.keys(errors).length === 0) {
          // A completable check-list stays completable once normalised as it is stored.
          const stored = normaliseForCompletion(answers as Answers, catalogue);
          expect(validateForCompletion(stored, catalogue, TODAY)).toEqual({});
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('cellValue turns any cell into a value of the right type or an error key, and never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ITEMS), fc.oneof(hostileString(), hostileDate, fc.string()), (item, cell) => {
        const parsed = cellValue(item, cell);
        if ('error' in parsed) expect(isErrorKey(parsed.error)).toBe(true);
        else expect(checkValue(item, parsed.value)).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('checkRecord names the row and column of every error, and what it accepts completes', () => {
    const baseHeader = ['organisation', 'completed_on', ...Object.keys(VALID_ADULT_ANSWERS)];
    const baseCells: Record<string, string> = {
      organisation: 'onss-x',
      completed_on: '2025-05-02',
      ...Object.fromEntries(
        Object.entries(VALID_ADULT_ANSWERS).map(([k, v]) => [k, Array.isArray(v) ? v.join('|') : String(v)]),
      ),
    };
    const extraColumns = fc.subarray(
      [...CODES.filter((c) => !(c in VALID_ADULT_ANSWERS) && !ITEM_BY_CODE.get(c)!.fixed), ...NOTE_CODES],
      { maxLength: 4 },
    );
    const cell = fc.oneof(
      hostileString(),
      hostileDate,
      fc.constantFrom('', 'yes', 'no', '12', '1,5', '01/02/2003', 'economic|sexual', 'BE'),
    );
    fc.assert(
      fc.property(
        extraColumns,
        fc.array(fc.tuple(fc.nat(), cell), { maxLength: 6 }),
        fc.integer({ min: 2, max: 200_000 }),
        (extra, changes, row) => {
          const header = [...baseHeader, ...extra];
          expect(checkHeader(header, catalogue)).toEqual([]);
          const record = header.map((h) => baseCells[h] ?? '');
          for (const [at, value] of changes) record[at % header.length] = value;
          const result = checkRecord(header, record, row, {
            catalogue,
            today: TODAY,
            serviceOf: (code) => (code === 'onss-x' ? 'onss' : null),
          });
          if (result.ok) {
            expect(validateForCompletion(result.value.answers, catalogue, TODAY)).toEqual({});
            for (const v of Object.values(result.value.answers))
              if (typeof v === 'string') expect(FORBIDDEN_CONTROL.test(v)).toBe(false);
            return;
          }
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(e.row).toBe(row);
            if (e.column !== null)
              expect([...header, ...CODES, ORGANISATION_COLUMN, COMPLETED_ON_COLUMN]).toContain(e.column);
            expect(isErrorKey(e.key)).toBe(true);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The data access layer: whatever the input, a valid record or a DomainError naming the field,
// and after a refusal the database is exactly as before (no partial write).

const DOMAIN_TABLES = [
  'checklists',
  'checklist_versions',
  'checklist_indicators',
  'investigations',
  'referrals',
  'referral_events',
  'notifications',
  'users',
  'centre_capacity',
  'settings',
] as const;

/** Rows per table, the last row of each (by rowid), and the audit entries that record a success. */
function snapshot() {
  const sqlite = getSqlite();
  const tables = Object.fromEntries(
    DOMAIN_TABLES.map((t) => [
      t,
      {
        rows: sqlite.prepare(`select count(*) from ${t}`).pluck().get(),
        last: sqlite.prepare(`select * from ${t} order by rowid desc limit 1`).get(),
      },
    ]),
  );
  return { tables, okAudits: sqlite.prepare(`select count(*) from audit_events where outcome = 'ok'`).pluck().get() };
}

function row<T = Record<string, unknown>>(table: (typeof DOMAIN_TABLES)[number], id: string): T | undefined {
  return getSqlite().prepare(`select * from ${table} where id = ?`).get(id) as T | undefined;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: DomainError };

function judge(e: unknown, allowed: ReadonlySet<string>, before: ReturnType<typeof snapshot>): DomainError {
  if (!(e instanceof DomainError))
    throw new Error(`not a DomainError: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
  expect(isErrorKey(e.code), `code ${e.code}`).toBe(true);
  expectFieldErrors(e.fieldErrors, allowed);
  if (e.code === 'errors.validation')
    expect(Object.keys(e.fieldErrors).length, 'a validation error names no field').toBeGreaterThan(0);
  expect(snapshot(), 'a refused write changed the database').toEqual(before);
  return e;
}

/** Runs a write: its result, or its DomainError after checking the error names a field and nothing was written. */
function attempt<T>(write: () => T, allowed: ReadonlySet<string>): Attempt<T> {
  const before = snapshot();
  try {
    return { ok: true, value: write() };
  } catch (e) {
    return { ok: false, error: judge(e, allowed, before) };
  }
}
async function attemptAsync<T>(write: () => Promise<T>, allowed: ReadonlySet<string>): Promise<Attempt<T>> {
  const before = snapshot();
  try {
    return { ok: true, value: await write() };
  } catch (e) {
    return { ok: false, error: judge(e, allowed, before) };
  }
}

/** Every stored answer has the type of its item (or is a valid note): nothing hostile got in. */
function expectValidStoredAnswers(json: string) {
  const answers = JSON.parse(json) as Record<string, unknown>;
  for (const [code, value] of Object.entries(answers)) {
    if (isValidNoteKey(code)) {
      expect(typeof value).toBe('string');
      expect(FORBIDDEN_CONTROL.test(value as string)).toBe(false);
      continue;
    }
    const item = ITEM_BY_CODE.get(code);
    expect(item, `stored unknown code ${code}`).toBeDefined();
    expect(checkValue(item!, value), `stored ${code}=${JSON.stringify(value).slice(0, 80)}`).toBeNull();
  }
  return answers as Answers;
}

/** No control character anywhere in a stored JSON document or text. */
function expectNoControlIn(value: unknown) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  expect(FORBIDDEN_CONTROL.test(text), `control character stored: ${JSON.stringify(text).slice(0, 120)}`).toBe(false);
}

/** A patch of a draft with values of the right type only (what a draft can hold). */
const validPatch = fc
  .array(
    fc
      .constantFrom(...ITEMS.filter((i) => !i.fixed))
      .chain((item) => validValue(item).map((v) => [item.code, v] as const)),
    { maxLength: 6 },
  )
  .map((entries) => Object.fromEntries(entries));
const completableOrNot = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ ...VALID_ADULT_ANSWERS } as Record<string, unknown>) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.boolean(), validPatch)
      .map(([base, patch]) => ({ ...(base ? VALID_ADULT_ANSWERS : {}), ...patch }) as Record<string, unknown>),
  },
);

const ADULT = { ...VALID_ADULT_ANSWERS, 'vic.name': 'A. B.', 'vic.contact': 'via ONG' };
const REFERABLE = [
  ADULT,
  { ...ADULT, 'ctx.region': 'lie' },
  { ...ADULT, 'vic.birth_date': '2012-01-01', 'vic.unaccompanied': 'yes' },
  { ...ADULT, 'out.wish': 'refuses', 'out.refusal_reason': 'fear' },
] as const;

describe('verbs of the data access layer under hostile input', () => {
  type Made = Awaited<ReturnType<typeof makeUser>>;
  let referrer: Made, outsider: Made, coordinator: Made, platformAdmin: Made, onssAdmin: Made;
  const centreStaff: Record<string, Made> = {};
  let investigationId: string;
  let importOrganisationCode: string;
  let organisationIds: string[];

  beforeAll(async () => {
    const onss = makeOrganisation('onss');
    const police = makeOrganisation('police');
    const centres = Object.fromEntries(CENTRE_CODES.map((c) => [c, makeOrganisation('centre', c, c)]));
    const tutelles = makeOrganisation('guardianship', 'Service des Tutelles', 'tutelles');
    const platform = makeOrganisation('coordination');
    importOrganisationCode = `onss-hostile-${randomUUID().slice(0, 8)}`;
    const importOrganisation = makeOrganisation('onss', 'ONSS import', importOrganisationCode);
    organisationIds = [
      onss.id,
      police.id,
      platform.id,
      tutelles.id,
      importOrganisation.id,
      ...Object.values(centres).map((c) => c.id),
    ];
    referrer = await makeUser({ role: 'referrer', organisation: onss });
    outsider = await makeUser({ role: 'referrer', organisation: police });
    coordinator = await makeUser({ role: 'coordinator', organisation: platform });
    platformAdmin = await makeUser({ role: 'admin', organisation: platform });
    onssAdmin = await makeUser({ role: 'admin', organisation: onss });
    for (const c of CENTRE_CODES) centreStaff[c] = await makeUser({ role: 'centre_staff', organisation: centres[c]! });
    investigationId = createInvestigation({
      actor: referrer.actor,
      input: { reference: `INV-${randomUUID()}` },
      now: NOW,
    }).id;
  });

  const completed = (answers: Record<string, unknown>) =>
    createChecklist({ actor: referrer.actor, idempotencyKey: randomUUID(), answers, complete: true, now: NOW }).id;

  it('createChecklist: a valid draft or completed check-list, or a refusal by item code that writes nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(mostlyValidAnswers(), answerPatch()),
        fc.oneof({ weight: 3, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileString() }),
        fc.oneof(fc.constant(null), fc.constant('INVESTIGATION'), fc.uuid(), hostileString({ huge: false })),
        fc.boolean(),
        (answers, key, investigation, complete) => {
          const result = attempt(
            () =>
              createChecklist({
                actor: referrer.actor,
                idempotencyKey: key,
                answers,
                investigationId: investigation === 'INVESTIGATION' ? investigationId : investigation,
                complete,
                now: NOW,
              }),
            new Set([...Object.keys(answers), ...CODES, 'idempotencyKey']),
          );
          if (!result.ok) return;
          const stored = row<{ answers: string; status: string }>('checklists', result.value.id)!;
          const answersStored = expectValidStoredAnswers(stored.answers);
          if (stored.status === 'completed') expect(validateForCompletion(answersStored, catalogue, TODAY)).toEqual({});
        },
      ),
      { numRuns: DB_RUNS },
    );
  });

  it('updateChecklistDraft: the patch is applied whole, or refused by item code with the draft untouched', () => {
    const { id } = createChecklist({
      actor: referrer.actor,
      idempotencyKey: randomUUID(),
      answers: { 'vic.sex': 'f' },
      now: NOW,
    });
    fc.assert(
      fc.property(
        answerPatch({ maxItems: 5 }),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant(id) },
          { weight: 1, arbitrary: hostileString({ huge: false }) },
          { weight: 1, arbitrary: fc.uuid() },
        ),
        fc.boolean(),
        (patch, target, asOutsider) => {
          const before = row<{ answers: string; revision: number }>('checklists', id)!;
          const result = attempt(
            () =>
              updateChecklistDraft({ actor: (asOutsider ? outsider : referrer).actor, id: target, patch, now: NOW }),
            new Set(Object.keys(patch)),
          );
          const after = row<{ answers: string; revision: number }>('checklists', id)!;
          if (!result.ok) {
            expect(after).toEqual(before);
            return;
          }
          expect(after.revision).toBe(before.revision + 1);
          expectValidStoredAnswers(after.answers);
          for (const [code, value] of Object.entries(patch)) {
            const stored = (JSON.parse(after.answers) as Record<string, unknown>)[code];
            if (value === null || value === '' || (Array.isArray(value) && value.length === 0))
              expect(stored).toBeUndefined();
            else expect(stored).toEqual(value);
          }
        },
      ),
      { numRuns: DB_RUNS },
    );
  });

  it('completeChecklist (and a correction with a hostile reason): completed and valid, or refused by item code with nothing written', () => {
    fc.assert(
      fc.property(
        completableOrNot,
        fc.oneof(fc.constant(null), hostileString(), withControlCharacters, safeText(500)),
        (answers, reason) => {
          const { id } = createChecklist({ actor: referrer.actor, idempotencyKey: randomUUID(), answers, now: NOW });
          const allowed = new Set([...CODES, 'reason']);
          const first = attempt(() => completeChecklist({ actor: referrer.actor, id, now: NOW }), allowed);
          if (!first.ok) {
            expect(row<{ status: string }>('checklists', id)!.status).toBe('draft');
            return;
          }
          const stored = row<{ answers: string; status: string; version: number }>('checklists', id)!;
          expect(stored).toMatchObject({ status: 'completed', version: 1 });
          expect(validateForCompletion(expectValidStoredAnswers(stored.answers), catalogue, TODAY)).toEqual({});

          startChecklistCorrection({ actor: referrer.actor, id, now: NOW });
          const correction = attempt(() => completeChecklist({ actor: referrer.actor, id, reason, now: NOW }), allowed);
          if (!correction.ok) {
            expect(Object.keys(correction.error.fieldErrors)).toEqual(['reason']);
            expect(row<{ status: string; version: number }>('checklists', id)).toMatchObject({
              status: 'correcting',
              version: 1,
            });
            return;
          }
          const version = getSqlite()
            .prepare('select reason from checklist_versions where checklist_id = ? and version = 2')
            .get(id) as { reason: string };
          expect(version.reason.length).toBeGreaterThan(0);
          expect(version.reason.length).toBeLessThanOrEqual(500);
          expectNoControlIn(version.reason);
        },
      ),
      { numRuns: FEW_RUNS },
    );
  });

  const referralFields = Object.keys(createReferralSchema.shape);
  it('createReferral (through its schema, as the API and the action call it): a referral with a clean packet, or a refusal that writes nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REFERABLE),
        hostileObject(
          referralFields,
          fc.oneof(fc.constantFrom(...CENTRE_CODES, ...CHOICE_REASONS, ...CASE_TYPES), safeText(40), fc.boolean()),
        ),
        fc.record({
          centre: fc.constantFrom(...CENTRE_CODES, undefined),
          choiceReason: fc.constantFrom(...CHOICE_REASONS, null),
        }),
        (answers, hostile, choice) => {
          const checklistId = completed(answers);
          const body = ownObject([
            ...Object.entries({ checklistId, idempotencyKey: randomUUID(), ...choice }),
            ...Object.entries(hostile),
          ]);
          const parsed = createReferralSchema.safeParse(body);
          if (!parsed.success) {
            expectFieldErrors(fieldErrorsOf(parsed.error), new Set(referralFields));
            return;
          }
          const result = attempt(
            () => createReferral({ actor: referrer.actor, input: parsed.data, now: NOW }),
            new Set(referralFields),
          );
          if (!result.ok) return;
          const stored = row<{ packet: string; status: string }>('referrals', result.value.id)!;
          expect(stored.status).toBe('sent');
          const packet = JSON.parse(stored.packet) as {
            urgentNeeds: string | null;
            referrer: { phone: string | null };
          };
          expect(packet.urgentNeeds).toBe(parsed.data.urgentNeeds?.trim() || null);
          expectNoControlIn(stored.packet);
        },
      ),
      { numRuns: DB_RUNS },
    );
  });

  const transitionFields = Object.keys(transitionSchema.shape);
  it('transitionReferral (through its schema): the new status, or a refusal by field that leaves the referral as it was', () => {
    const reasons = [...CLOSE_REASONS, ...REFUSAL_REASONS, ...NOT_A_VICTIM_REASONS, ...NO_CAPACITY_REASONS];
    fc.assert(
      fc.property(
        hostileObject(
          transitionFields,
          fc.oneof(fc.constantFrom(...REFERRAL_STATUSES, ...reasons, ...CENTRE_CODES, 1, 2), safeText(200)),
        ),
        fc.record({
          to: fc.constantFrom(...REFERRAL_STATUSES),
          reason: fc.constantFrom(...reasons, null),
          redirectTo: fc.constantFrom(...CENTRE_CODES, null),
        }),
        fc.constantFrom('centre', 'referrer', 'other centre', 'hostile id'),
        (hostile, plausible, who) => {
          const { id, centre } = createReferral({
            actor: referrer.actor,
            input: { checklistId: completed(ADULT), caseType: 'thb', idempotencyKey: randomUUID() },
            now: NOW,
          });
          const parsed = transitionSchema.safeParse(
            ownObject([...Object.entries({ ...plausible, expectedVersion: 1 }), ...Object.entries(hostile)]),
          );
          if (!parsed.success) {
            expectFieldErrors(fieldErrorsOf(parsed.error), new Set(transitionFields));
            return;
          }
          const actor =
            who === 'referrer'
              ? referrer.actor
              : who === 'other centre'
                ? centreStaff[centre === 'payoke' ? 'surya' : 'payoke']!.actor
                : centreStaff[centre]!.actor;
          const before = row('referrals', id);
          const result = attempt(
            () =>
              transitionReferral({
                actor,
                referralId: who === 'hostile id' ? String(hostile.to ?? '') : id,
                ...parsed.data,
                now: NOW,
              }),
            new Set(transitionFields),
          );
          if (!result.ok) {
            expect(row('referrals', id)).toEqual(before);
            return;
          }
          expect(row<{ status: string; version: number }>('referrals', id)).toMatchObject({
            status: parsed.data.to,
            version: 2,
          });
          const event = getSqlite()
            .prepare('select note from referral_events where referral_id = ? and to_status = ?')
            .get(id, parsed.data.to) as { note: string | null };
          expect(event.note).toBe(parsed.data.note);
          if (event.note) expectNoControlIn(event.note);
        },
      ),
      { numRuns: DB_RUNS },
    );
  });

  const userFields = Object.keys(createUserSchema.shape);
  it('createUser (through its schema): a user with exactly the typed e-mail and name, or a refusal that writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileObject(
          userFields,
          fc.oneof(fc.constantFrom(...ROLES), fc.constantFrom(...organisationIdsLater()), safeText(40)),
        ),
        fc.constantFrom(...ROLES),
        fc.boolean(),
        async (hostile, role, asPlatform) => {
          const body = ownObject([
            ...Object.entries({
              email: `u${randomUUID().slice(0, 8)}@test.relais.be`,
              name: 'Jeanne Test',
              role,
              organisationId: organisationIds[0],
            }),
            ...Object.entries(hostile),
          ]);
          const parsed = createUserSchema.safeParse(body);
          if (!parsed.success) {
            expectFieldErrors(fieldErrorsOf(parsed.error), new Set(userFields));
            return;
          }
          const result = await attemptAsync(
            () => createUser({ actor: (asPlatform ? platformAdmin : onssAdmin).actor, input: parsed.data }),
            new Set(userFields),
          );
          if (!result.ok) return;
          const stored = row<{ email: string; name: string; role: string }>('users', result.value.userId)!;
          expect(stored).toMatchObject({ email: parsed.data.email, name: parsed.data.name, role: parsed.data.role });
          expectNoControlIn(stored.name);
        },
      ),
      { numRuns: FEW_RUNS },
    );
  });
  // Organisation ids exist only once beforeAll has run; the arbitrary reads them lazily.
  function organisationIdsLater(): string[] {
    return organisationIds ?? [randomUUID()];
  }

  it('importChecklists: every row imported and valid, or errors by row and column with nothing imported', () => {
    const header = [
      'organisation',
      'completed_on',
      ...Object.keys(VALID_ADULT_ANSWERS),
      'vic.name',
      'ctx.reference',
      'out.notes',
      'exp.housing:note',
    ];
    const goodCells = (i: number) => ({
      organisation: importOrganisationCode,
      completed_on: '2019-05-02',
      ...Object.fromEntries(
        Object.entries(VALID_ADULT_ANSWERS).map(([k, v]) => [k, Array.isArray(v) ? v.join('|') : String(v)]),
      ),
      'ctx.control_date': `2019-04-${String((i % 28) + 1).padStart(2, '0')}`,
      'vic.name': `Nom ${i}`,
      'ctx.reference': `REF-${randomUUID().slice(0, 8)}`,
      'out.notes': '',
      'exp.housing:note': '',
    });
    const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
    const cell = fc.oneof(hostileString({ huge: false }), hostileDate, formulaString, htmlPayload);
    const csvBody = fc
      .tuple(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...header), cell), { maxLength: 5 }),
        fc.constantFrom(',', ';', '\t'),
      )
      .map(([n, changes, sep]) => {
        const rows = Array.from({ length: n }, (_, i) => goodCells(i) as Record<string, string>);
        for (const [r, column, value] of changes) rows[r % n]![column] = value;
        return (
          [header.join(sep), ...rows.map((r) => header.map((h) => quote(r[h] ?? '')).join(sep))].join('\r\n') + '\r\n'
        );
      });
    const body = fc.oneof(
      { weight: 4, arbitrary: csvBody.map((text) => Buffer.from(text)) },
      { weight: 1, arbitrary: hostileString().map((text) => Buffer.from(text)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      { weight: 1, arbitrary: csvBody.map((text) => Buffer.from(text, 'utf16le')) },
    );
    fc.assert(
      fc.property(body, (bytes) => {
        const before = snapshot();
        const result = importChecklists({ actor: coordinator.actor, body: bytes, now: NOW });
        if (!result.ok) {
          expect(snapshot(), 'a refused import wrote something').toEqual(before);
          expect(result.errorCount).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(isErrorKey(e.key), e.key).toBe(true);
            if (e.row !== null) expect(e.row).toBeGreaterThanOrEqual(1);
            // A column of the file's header is named as written there, whatever it is.
            if (e.column !== null && e.row !== 1) expect([...header, ...CODES]).toContain(e.column);
          }
          return;
        }
        const imported = getSqlite()
          .prepare('select answers from checklists where imported = 1 order by rowid desc limit ?')
          .all(result.imported) as { answers: string }[];
        expect(imported).toHaveLength(result.imported);
        for (const r of imported)
          expect(validateForCompletion(expectValidStoredAnswers(r.answers), catalogue, TODAY)).toEqual({});
      }),
      { numRuns: DB_RUNS },
    );
  });

  it('createInvestigation, registerCentreRequest, capacity and the disclosure threshold (through their schemas): a valid record or a refusal by field', () => {
    const investigationFields = Object.keys(investigationSchema.shape);
    fc.assert(
      fc.property(
        hostileObject(investigationFields, fc.oneof(safeText(60), fc.constantFrom(...SECTORS, ...REGIONS))),
        (hostile) => {
          const parsed = investigationSchema.safeParse(
            ownObject([['reference', `INV ${randomUUID().slice(0, 6)}`], ...Object.entries(hostile)]),
          );
          if (!parsed.success) return expectFieldErrors(fieldErrorsOf(parsed.error), new Set(investigationFields));
          const result = attempt(
            () => createInvestigation({ actor: referrer.actor, input: parsed.data, now: NOW }),
            new Set(investigationFields),
          );
          if (result.ok) expectNoControlIn(row('investigations', result.value.id));
        },
      ),
      { numRuns: DB_RUNS },
    );

    const requestFields = Object.keys(centreRequestSchema.shape);
    const plausibleRequest = {
      source: 'ngo',
      receivedOn: '2025-11-02',
      sex: 'f',
      nationality: 'NG',
      forms: ['sexual'],
      idempotencyKey: randomUUID(),
    };
    fc.assert(
      fc.property(
        hostileObject(
          requestFields,
          fc.oneof(
            hostileDate,
            fc.constantFrom(...REQUEST_SOURCES, ...FORMS, 'm', 'BE'),
            fc.integer({ min: -5, max: 120 }),
          ),
        ),
        (hostile) => {
          const parsed = centreRequestSchema.safeParse(
            ownObject([
              ...Object.entries({ ...plausibleRequest, idempotencyKey: randomUUID() }),
              ...Object.entries(hostile),
            ]),
          );
          if (!parsed.success) return expectFieldErrors(fieldErrorsOf(parsed.error), new Set(requestFields));
          const result = attempt(
            () => registerCentreRequest({ actor: centreStaff['payoke']!.actor, input: parsed.data, now: NOW }),
            new Set(requestFields),
          );
          if (!result.ok) return;
          const stored = row<{ received_at: string; packet: string }>('referrals', result.value.id)!;
          // The day received is the day typed, not a neighbour Date.parse made of an impossible one.
          expect(stored.received_at.slice(0, 10)).toBe(parsed.data.receivedOn);
          expectNoControlIn(stored.packet);
        },
      ),
      { numRuns: DB_RUNS },
    );

    fc.assert(
      fc.property(
        hostileObject(['placesFree', 'ambulatoryOpen'], fc.oneof(fc.integer({ min: -2, max: 1002 }), fc.boolean())),
        fc.oneof(fc.constant('own'), fc.uuid(), hostileString({ huge: false })),
        (hostile, centre) => {
          const parsed = capacitySchema.safeParse(
            ownObject([['placesFree', 3], ['ambulatoryOpen', true], ...Object.entries(hostile)]),
          );
          if (!parsed.success)
            return expectFieldErrors(fieldErrorsOf(parsed.error), new Set(['placesFree', 'ambulatoryOpen']));
          const actor = centreStaff['surya']!.actor;
          attempt(
            () =>
              updateCentreCapacity({
                actor,
                centreId: centre === 'own' ? actor.organisationId : centre,
                ...parsed.data,
                now: NOW,
              }),
            new Set(['placesFree', 'ambulatoryOpen']),
          );
        },
      ),
      { numRuns: DB_RUNS },
    );

    fc.assert(
      fc.property(
        fc.oneof(hostileValue({ deep: false }), fc.integer({ min: -5, max: 200 }).map(String)),
        fc.boolean(),
        (k, asPlatform) => {
          const parsed = disclosureThresholdSchema.safeParse(ownObject([['k', k]]));
          if (!parsed.success) return expectFieldErrors(fieldErrorsOf(parsed.error), new Set(['k']));
          attempt(
            () =>
              setDisclosureThreshold({
                actor: (asPlatform ? platformAdmin : onssAdmin).actor,
                k: parsed.data.k,
                now: NOW,
              }),
            new Set(['k']),
          );
        },
      ),
      { numRuns: DB_RUNS },
    );
  });

  it('findAuditEvents: every filter the schema accepts is read without an exception', () => {
    const fields = Object.keys(auditFiltersSchema.shape);
    fc.assert(
      fc.property(
        hostileObject(
          fields,
          fc.oneof(hostileDate, fc.constantFrom('auth', 'ok', 'refused', '1', '99999999999999999999', '-1', '1e400')),
          { deep: false },
        ),
        (filters) => {
          const parsed = auditFiltersSchema.safeParse(filters);
          if (!parsed.success) return expectFieldErrors(fieldErrorsOf(parsed.error), new Set(fields));
          expect(() => findAuditEvents({ actor: platformAdmin.actor, filters: parsed.data })).not.toThrow();
        },
      ),
      { numRuns: RUNS },
    );
  });

  // -------------------------------------------------------------------------------------------
  // The server actions: FormData of hostile strings (repeated, missing, huge, controls, markup).

  /** FormData from entries: every value a string, as a browser (or a forged POST) sends it. */
  function formData(entries: readonly (readonly [string, unknown])[]): FormData {
    const fd = new FormData();
    for (const [k, v] of entries)
      fd.append(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)).slice(0, 200_000));
    return fd;
  }
  const formEntries = (fields: readonly string[], plausible: Record<string, fc.Arbitrary<string>>) =>
    fc
      .tuple(
        fc.record(plausible),
        fc.subarray([...fields], { maxLength: 1 }),
        fc.array(fc.tuple(fc.constantFrom(...fields), fc.oneof(hostileString(), hostileValue({ deep: false }))), {
          maxLength: 3,
        }),
        fc.array(fc.tuple(hostileKey, hostileString({ huge: false })), { maxLength: 1 }),
      )
      .map(
        ([base, dropped, changed, extra]) =>
          [...Object.entries(base).filter(([k]) => !dropped.includes(k)), ...changed, ...extra] as [string, unknown][],
      );

  const isNextNavigation = (e: unknown) =>
    typeof (e as { digest?: unknown })?.digest === 'string' &&
    /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK)/.test((e as { digest: string }).digest);

  /** Runs an action: a redirect or "not found" (Next's own signals), or a form state whose errors name the form's fields; refused, it writes nothing. */
  async function runAction(action: () => Promise<FormState<unknown> | void>, fields: readonly string[], actor: Actor) {
    session.actor = actor;
    const before = snapshot();
    let state: FormState<unknown> | void;
    try {
      state = await action();
    } catch (e) {
      if (isNextNavigation(e)) return 'navigated' as const;
      throw new Error(`the action threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
    }
    if (!state) return 'done' as const;
    expect(['success', 'error']).toContain(state.status);
    if (state.status === 'error') {
      expect(state.formError === undefined || isErrorKey(state.formError), `form error ${state.formError}`).toBe(true);
      expectFieldErrors(state.fieldErrors, new Set([...fields, '_form']));
      expect(snapshot(), 'a refused action changed the database').toEqual(before);
    }
    return state.status;
  }

  it('server actions answer hostile forms with a form state naming the field (or a redirect), never an exception, never a partial write', async () => {
    const checklistActions = await import('@/app/actions/checklists');
    const referralActions = await import('@/app/actions/referrals');
    const userActions = await import('@/app/actions/users');
    const settingsActions = await import('@/app/actions/settings');
    const victim = await makeUser({
      role: 'referrer',
      organisation: { id: organisationIds[0]!, name: 'onss', kind: 'onss' },
    });
    const referral = createReferral({
      actor: referrer.actor,
      input: { checklistId: completed(ADULT), caseType: 'thb', idempotencyKey: randomUUID() },
      now: NOW,
    });
    const str = (...values: string[]) => fc.constantFrom(...values);
    const freshReferral = () =>
      createReferral({
        actor: referrer.actor,
        input: { checklistId: completed(ADULT), caseType: 'thb', idempotencyKey: randomUUID() },
        now: NOW,
      });
    const cases: {
      name: string;
      fields: Record<string, fc.Arbitrary<string>>;
      /** A well-formed form: the action must accept it (so that the refusals above mean something). */
      good: () => Record<string, string>;
      actor: () => Actor;
      run: (fd: FormData) => Promise<FormState<unknown> | void>;
      runs?: number;
    }[] = [
      {
        name: 'createInvestigationAction',
        good: () => ({ reference: `INV-${randomUUID()}`, employer: '<b>SPRL</b>', sector: '', region: 'bru' }),
        fields: {
          reference: safeText(60),
          employer: safeText(200),
          sector: str(...SECTORS, ''),
          region: str(...REGIONS, ''),
        },
        actor: () => referrer.actor,
        run: (fd) => checklistActions.createInvestigationAction(initialFormState, fd),
      },
      {
        name: 'createChecklistAction',
        good: () => ({ idempotencyKey: randomUUID() }),
        fields: {
          idempotencyKey: fc.uuid(),
          investigationId: fc.oneof(fc.constant(investigationId), fc.uuid(), str('')),
        },
        actor: () => referrer.actor,
        run: (fd) => checklistActions.createChecklistAction(fd),
      },
      {
        name: 'startCorrectionAction',
        good: () => ({ checklistId: completed(ADULT) }),
        fields: { checklistId: fc.oneof(fc.constant(completed(ADULT)), fc.uuid()) },
        actor: () => referrer.actor,
        run: (fd) => checklistActions.startCorrectionAction(fd),
      },
      {
        name: 'createReferralAction',
        good: () => ({
          checklistId: completed(ADULT),
          idempotencyKey: randomUUID(),
          caseType: 'thb',
          urgentNeeds: '<script>x</script>',
          // The form asks for a centre (Brussels suggests PAG-ASA) and a call-back number or an
          // explicit "no call-back possible" (decision 0023).
          centre: 'pag-asa',
          phone: '+32 2 000 00 00',
        }),
        fields: {
          checklistId: fc.constant(completed(ADULT)),
          centre: str(...CENTRE_CODES, ''),
          choiceReason: str(...CHOICE_REASONS, ''),
          caseType: str(...CASE_TYPES),
          urgentNeeds: safeText(1000),
          phone: safeText(40),
          noCallback: str('on', ''),
          shareChecklist: str('on', ''),
          idempotencyKey: fc.uuid(),
        },
        actor: () => referrer.actor,
        run: (fd) => referralActions.createReferralAction(initialFormState, fd),
      },
      {
        name: 'transitionReferralAction',
        good: () => ({ referralId: goodReferral.id, to: 'acknowledged', expectedVersion: '1' }),
        fields: {
          referralId: fc.constant(referral.id),
          to: str(...REFERRAL_STATUSES),
          note: safeText(2000),
          reason: str(...CLOSE_REASONS, ...NO_CAPACITY_REASONS, ''),
          expectedVersion: str('1', '2'),
          redirectTo: str(...CENTRE_CODES, ''),
        },
        actor: () => centreStaff[referral.centre]!.actor,
        run: (fd) => referralActions.transitionReferralAction(initialFormState, fd),
      },
      {
        name: 'updateCapacityAction',
        good: () => ({ placesFree: '4', ambulatoryOpen: 'on' }),
        fields: { placesFree: str('0', '3', '1000', ' 7 '), ambulatoryOpen: str('on', '') },
        actor: () => centreStaff['pag-asa']!.actor,
        run: (fd) => referralActions.updateCapacityAction(initialFormState, fd),
      },
      {
        name: 'registerRequestAction',
        good: () => ({
          source: 'ngo',
          receivedOn: '2025-01-01',
          sex: 'f',
          nationality: 'BE',
          forms: 'sexual',
          caseType: 'thb',
          idempotencyKey: randomUUID(),
        }),
        fields: {
          source: str(...REQUEST_SOURCES.filter((s) => s !== 'app')),
          receivedOn: isoDay('1990-01-01', '2026-01-01'),
          sex: str('m', 'f', 'x'),
          age: str('0', '17', '110', ''),
          minor: str('on', ''),
          nationality: str('BE', 'NG', 'stateless'),
          forms: str(...FORMS),
          caseType: str(...CASE_TYPES),
          note: safeText(1000),
          idempotencyKey: fc.uuid(),
        },
        actor: () => centreStaff['esperanto']!.actor,
        run: (fd) => referralActions.registerRequestAction(initialFormState, fd),
      },
      {
        name: 'createUserAction',
        good: () => ({
          email: `u${randomUUID().slice(0, 8)}@test.relais.be`,
          name: 'Jeanne <b>Test</b>',
          role: 'coordinator',
          organisationId: organisationIds[2]!,
        }),
        fields: {
          email,
          name: requiredText(120),
          role: str(...ROLES),
          organisationId: fc.constantFrom(...organisationIds),
        },
        actor: () => platformAdmin.actor,
        run: (fd) => userActions.createUserAction(initialFormState, fd),
        runs: 15,
      },
      {
        name: 'setUserActiveAction',
        good: () => ({ userId: victim.id, active: 'true' }),
        fields: { userId: fc.constant(victim.id), active: str('true', 'false') },
        actor: () => platformAdmin.actor,
        run: (fd) => userActions.setUserActiveAction(initialFormState, fd),
      },
      {
        name: 'changeRoleAction',
        good: () => ({ userId: victim.id, role: 'admin' }),
        fields: { userId: fc.constant(victim.id), role: str(...ROLES) },
        actor: () => onssAdmin.actor,
        run: (fd) => userActions.changeRoleAction(initialFormState, fd),
      },
      {
        name: 'resetPasswordAction',
        good: () => ({ userId: victim.id }),
        fields: { userId: fc.oneof(fc.constant(victim.id), fc.uuid()) },
        actor: () => platformAdmin.actor,
        run: (fd) => userActions.resetPasswordAction(initialFormState, fd),
        runs: 10,
      },
      {
        name: 'setDisclosureThresholdAction',
        good: () => ({ k: '7' }),
        fields: { k: str('2', '5', '100', '007', ' 5 ') },
        actor: () => platformAdmin.actor,
        run: (fd) => settingsActions.setDisclosureThresholdAction(initialFormState, fd),
      },
    ];
    const goodReferral = freshReferral();
    for (const { name, fields, good, actor, run, runs } of cases) {
      const names = Object.keys(fields);
      await fc.assert(
        fc.asyncProperty(formEntries(names, fields), async (entries) => {
          await runAction(() => run(formData(entries)), names, actor());
        }),
        { numRuns: runs ?? 40 },
      );
      // Hostile forms are mostly refused; the same action must accept a good one, or the refusals prove nothing.
      expect(
        await runAction(() => run(formData(Object.entries(good()))), names, actor()),
        `${name} refused a good form`,
      ).not.toBe('error');
    }
    session.actor = null;
  });
});
