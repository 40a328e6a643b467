import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '@/lib/form-state';
import { NOTE_SUFFIX } from '@/lib/checklist/answers';
import { getCatalogue, itemsOf } from '@/lib/checklist/catalogue';
import { checkValue, draftPatchSchema } from '@/lib/checklist/validation';
import { signInSchema } from '@/lib/validation/auth';
import { INVISIBLE, hasNoControlCharacters, textCharacterError } from '@/lib/validation/common';
import { investigationSchema } from '@/lib/validation/investigations';
import { centreRequestSchema, createReferralSchema, transitionSchema } from '@/lib/validation/referrals';
import { createUserSchema } from '@/lib/validation/users';

/**
 * Characters that show nothing but change what a reader sees (a right-to-left override makes
 * "Jean\u202Egnp.exe" read "Jeanexe.png") are refused in every typed text, with their own message.
 */
const INVISIBLES: [string, string][] = [
  ['U+202A left-to-right embedding', '\u202A'],
  ['U+202B right-to-left embedding', '\u202B'],
  ['U+202C pop directional formatting', '\u202C'],
  ['U+202D left-to-right override', '\u202D'],
  ['U+202E right-to-left override', '\u202E'],
  ['U+2066 left-to-right isolate', '\u2066'],
  ['U+2067 right-to-left isolate', '\u2067'],
  ['U+2068 first strong isolate', '\u2068'],
  ['U+2069 pop directional isolate', '\u2069'],
  ['U+200E left-to-right mark', '\u200E'],
  ['U+200F right-to-left mark', '\u200F'],
  ['U+061C Arabic letter mark', '\u061C'],
  ['U+200B zero-width space', '\u200B'],
  ['U+200C zero-width non-joiner', '\u200C'],
  ['U+200D zero-width joiner', '\u200D'],
  ['U+2060 word joiner', '\u2060'],
  ['U+FEFF zero-width no-break space (byte-order mark)', '\uFEFF'],
  ['U+2028 line separator', '\u2028'],
  ['U+2029 paragraph separator', '\u2029'],
];

const KEY = 'errors.invisibleCharacters';
const errorsOf = (r: { success: boolean; error?: import('zod').ZodError }) =>
  r.success ? {} : fieldErrorsOf(r.error!);
const uuid = '00000000-0000-4000-8000-000000000000';

describe.each(INVISIBLES)('%s', (_name, c) => {
  const inside = `Jean${c}Dupont`;

  it('is named by the rule', () => {
    expect(INVISIBLE.test(inside)).toBe(true);
    expect(textCharacterError(inside)).toBe(KEY);
    expect(hasNoControlCharacters(inside)).toBe(false);
  });

  it('is refused in a user display name, with its own message', () => {
    expect(
      errorsOf(
        createUserSchema.safeParse({
          email: 'jean@demo.relais.be',
          name: inside,
          role: 'referrer',
          organisationId: uuid,
        }),
      ),
    ).toEqual({ name: [KEY] });
  });

  it('is refused in an e-mail address, with its own message', () => {
    expect(
      errorsOf(
        createUserSchema.safeParse({
          email: `jean${c}@demo.relais.be`,
          name: 'Jean',
          role: 'referrer',
          organisationId: uuid,
        }),
      ),
    ).toEqual({ email: [KEY] });
    expect(errorsOf(signInSchema.safeParse({ email: `jean${c}@demo.relais.be`, password: 'x' }))).toEqual({
      email: [KEY],
    });
  });

  it('is refused in an investigation reference and its free text', () => {
    expect(errorsOf(investigationSchema.safeParse({ reference: `PV${c}2026/17` }))).toEqual({ reference: [KEY] });
    expect(errorsOf(investigationSchema.safeParse({ reference: 'PV 2026/17', employer: inside }))).toEqual({
      employer: [KEY],
    });
  });

  it('is refused in the notes of a referral', () => {
    const idempotencyKey = 'key-12345678';
    expect(
      errorsOf(createReferralSchema.safeParse({ checklistId: uuid, urgentNeeds: inside, idempotencyKey })),
    ).toEqual({ urgentNeeds: [KEY] });
    expect(errorsOf(transitionSchema.safeParse({ to: 'accepted', note: inside, expectedVersion: 1 }))).toEqual({
      note: [KEY],
    });
    const request = {
      source: 'ngo',
      receivedOn: '2025-01-01',
      sex: 'f',
      nationality: 'BE',
      forms: ['sexual'],
      idempotencyKey,
    };
    expect(errorsOf(centreRequestSchema.safeParse({ ...request, note: inside }))).toEqual({ note: [KEY] });
  });

  it('is refused in a check-list text answer and in a note of an answer', () => {
    const catalogue = getCatalogue();
    const text = itemsOf(catalogue).find((i) => i.type.kind === 'text' && !i.fixed)!;
    const withNote = itemsOf(catalogue).find((i) => i.withNote)!;
    expect(checkValue(text, inside)).toBe(KEY);
    const parsed = draftPatchSchema(catalogue).safeParse({
      [text.code]: inside,
      [`${withNote.code}${NOTE_SUFFIX}`]: inside,
    });
    expect(errorsOf(parsed)).toEqual({ [text.code]: [KEY], [`${withNote.code}${NOTE_SUFFIX}`]: [KEY] });
  });
});

describe('what stays allowed', () => {
  it('accents, other scripts, emoji without joiners, tabs and new lines in free text', () => {
    for (const ok of [
      'Élodie Van den Broeck-Müller',
      'Łukasz Świątek',
      'Ayşe Yılmaz',
      'Мария Иванова',
      'محمد',
      '李雷',
      'PV 2026/17 👍',
      'ligne 1\nligne 2\tfin',
    ]) {
      expect(textCharacterError(ok), ok).toBeNull();
    }
    expect(
      createUserSchema.safeParse({
        email: 'jean@demo.relais.be',
        name: 'Élodie Van den Broeck-Müller',
        role: 'referrer',
        organisationId: uuid,
      }).success,
    ).toBe(true);
  });

  it('a control character keeps its own message', () => {
    expect(textCharacterError('a\u0007b')).toBe('errors.controlCharacters');
    expect(
      errorsOf(
        createUserSchema.safeParse({
          email: 'jean@demo.relais.be',
          name: 'a\u0007b',
          role: 'referrer',
          organisationId: uuid,
        }),
      ),
    ).toEqual({ name: ['errors.controlCharacters'] });
  });
});
