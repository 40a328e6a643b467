import 'server-only';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What a password a user chooses must not be, besides its length (lib/validation/auth.ts):
 * a password that attackers try first (OWASP ASVS V6, NIST SP 800-63B § 3.1.1.2). Length
 * alone let through `aaaaaaaaaaaa`, `123456789012`, `Password1234` and the user's own e-mail
 * address. Passwords chosen by the system (one-time passwords) do not go through this.
 *
 *  - common: in the list of the most frequent leaked passwords shipped with the code
 *    (common-passwords.txt) or the name of the service or country, compared without case,
 *    accents, separators or look-alike digits, and again without the digits and symbols at
 *    either end — guessing tools append `1234` or `!` to every word of their list;
 *  - repeated: one character or one short group repeated (`aaaaaaaaaaaa`, `abcabcabcabc`);
 *  - sequence: one or two runs of the alphabet, of digits or of a keyboard row
 *    (`123456789012`, `azertyuiopqs`, `abcdef123456`);
 *  - personal: contains the user's e-mail local part or name, or a part of them of at least
 *    4 characters.
 */
export type PasswordWeakness = 'common' | 'repeated' | 'sequence' | 'personal';

/** The field error (message key) that tells the user why the password is refused. */
export const PASSWORD_WEAKNESS_MESSAGE: Readonly<Record<PasswordWeakness, string>> = {
  common: 'errors.passwordCommon',
  repeated: 'errors.passwordRepeated',
  sequence: 'errors.passwordSequence',
  personal: 'errors.passwordPersonal',
};

export interface PasswordOwner {
  email: string;
  name: string;
}

/** The reason the password is refused, or null when it may be used. */
export function passwordWeakness(password: string, owner: PasswordOwner): PasswordWeakness | null {
  const folded = fold(password);
  // Symbols around a pattern do not hide it (!!123456789012!!), unless they are most of it.
  const stripped = folded.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const core = [...stripped].length >= 6 ? stripped : folded;
  const pattern = simplePattern(core);
  if (pattern) return pattern;
  if (isPersonal(folded, owner)) return 'personal';
  if (isCommon(folded)) return 'common';
  return null;
}

/** The field errors for a new password ([] when it may be used). */
export function passwordPolicyErrors(password: string, owner: PasswordOwner): string[] {
  const weakness = passwordWeakness(password, owner);
  return weakness ? [PASSWORD_WEAKNESS_MESSAGE[weakness]] : [];
}

/** Lower case, without accents (é → e), compatibility forms folded (ﬁ → fi). */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Repetitions and sequences

/** Runs that guessing tools walk: the alphabet and digits (wrapping: 7890123), and the rows and
 * columns of the QWERTY, AZERTY (Belgium) and QWERTZ keyboards. No character twice in a run. */
const CYCLIC_RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz'];
const KEYBOARD_RUNS = [
  'qwertyuiopasdfghjklzxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  'qwertzuiopasdfghjklyxcvbnm',
  '!@#$%^&*()_+',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
  '1aqw2zsx3edc4rfv5tgb6yhn7uj,8ik;9ol:0pm!',
];

/** For each run, forwards and backwards: the character that follows each character. */
const STEPS: ReadonlyMap<string, string>[] = [
  ...CYCLIC_RUNS.map((r) => [r, true] as const),
  ...KEYBOARD_RUNS.map((r) => [r, false] as const),
].flatMap(([run, cyclic]) => {
  const chars = [...run];
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  chars.forEach((c, i) => {
    const next = chars[i + 1] ?? (cyclic ? chars[0] : undefined);
    if (next !== undefined) {
      forward.set(c, next);
      backward.set(next, c);
    }
  });
  return [forward, backward];
});

/**
 * For each length k (1..n), whether the first k characters are one character or one group
 * repeated at least twice (a period of at most k/2), from the prefix function: linear, so a
 * 256-character password costs nothing.
 */
function repeatedPrefixes(chars: string[]): boolean[] {
  const n = chars.length;
  const border = new Array<number>(n).fill(0);
  const repeated = new Array<boolean>(n + 1).fill(false);
  for (let i = 1; i < n; i++) {
    let k = border[i - 1]!;
    while (k > 0 && chars[i] !== chars[k]) k = border[k - 1]!;
    if (chars[i] === chars[k]) k++;
    border[i] = k;
    repeated[i + 1] = (i + 1 - k) * 2 <= i + 1;
  }
  return repeated;
}

/** The length of the longest run (see STEPS) that starts the string. */
function leadingRun(chars: string[]): number {
  let longest = Math.min(chars.length, 1);
  for (const next of STEPS) {
    let length = 1;
    while (length < chars.length && next.get(chars[length - 1]!) === chars[length]) length++;
    longest = Math.max(longest, length);
  }
  return longest;
}

const MIN_RUN = 3;
/** A piece this short added to a pattern does not make it less of one (aaaaaaaaaaab, 1234567890!?). */
const SHORT_PIECE = 2;

/**
 * The password is one pattern, or two: each piece a repetition, a run of at least 3 characters,
 * or at most 2 characters (aaaaaa123456, qwerty123456, 987654zzzzzz, abcabcabcabcx).
 */
function simplePattern(s: string): 'repeated' | 'sequence' | null {
  const chars = [...s];
  const n = chars.length;
  if (n < 2) return null;
  const reversed = [...chars].reverse();
  const prefixRepeated = repeatedPrefixes(chars);
  const suffixRepeated = repeatedPrefixes(reversed);
  const prefixRun = leadingRun(chars);
  const suffixRun = leadingRun(reversed);
  if (prefixRepeated[n]) return 'repeated';
  if (n >= MIN_RUN && prefixRun >= n) return 'sequence';
  for (let cut = 1; cut < n; cut++) {
    const [a, b] = [cut, n - cut];
    const aRepeated = a <= SHORT_PIECE || prefixRepeated[a]!;
    const bRepeated = b <= SHORT_PIECE || suffixRepeated[b]!;
    const aSimple = aRepeated || (a >= MIN_RUN && a <= prefixRun);
    const bSimple = bRepeated || (b >= MIN_RUN && b <= suffixRun);
    if (aSimple && bSimple) return aRepeated && bRepeated ? 'repeated' : 'sequence';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The user's own name and address

const MIN_PERSONAL = 4;

function personalTokens(owner: PasswordOwner): string[] {
  const local = fold(owner.email.split('@')[0] ?? '');
  const name = fold(owner.name);
  const parts = (s: string) => s.split(/[^\p{L}\p{N}]+/u);
  const tokens = [local, name, name.replace(/[^\p{L}\p{N}]+/gu, ''), ...parts(local), ...parts(name)];
  return [...new Set(tokens)].filter((t) => t.length >= MIN_PERSONAL);
}

function isPersonal(folded: string, owner: PasswordOwner): boolean {
  const variants = [folded, withoutSeparators(folded), unleet(folded, 'i'), unleet(folded, 'l')];
  return personalTokens(owner).some((token) => variants.some((v) => v.includes(token)));
}

// ---------------------------------------------------------------------------------------------
// Common and breached passwords

/** Words an attacker tries first against this service in particular (NIST: context-specific). */
const CONTEXT_WORDS = ['relais', 'belgique', 'belgie', 'belgien', 'belgium', 'bruxelles', 'brussel', 'brussels'];

const LIST_FILE = path.join(process.cwd(), 'lib', 'server', 'auth', 'common-passwords.txt');

let common: Set<string> | undefined;

/** The list, read once, on the first password chosen in this process. */
function commonPasswords(): Set<string> {
  if (!common) {
    const lines = fs.readFileSync(LIST_FILE, 'utf8').split('\n');
    common = new Set([...lines.filter((l) => l !== '' && !l.startsWith('#')), ...CONTEXT_WORDS]);
  }
  return common;
}

const withoutSeparators = (s: string) => s.replace(/[\s\-_.]+/g, '');
const stripEnd = (s: string) => s.replace(/[^\p{L}]+$/u, '');
const stripStart = (s: string) => s.replace(/^[^\p{L}]+/u, '');

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '8': 'b',
  '3': 'e',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
  '+': 't',
};

/** p@ssw0rd → password; `one` is what 1 stands for (i or l). */
function unleet(s: string, one: 'i' | 'l'): string {
  return s.replace(/[@48!30$57+1]/g, (c) => (c === '1' ? one : LEET[c]!));
}

function isCommon(folded: string): boolean {
  const list = commonPasswords();
  const bases = new Set<string>();
  for (const v of [folded, withoutSeparators(folded)]) {
    for (const base of [v, stripEnd(v), stripStart(v), stripStart(stripEnd(v))]) {
      bases.add(base);
      // Look-alikes are undone on the word only: the digits stripped at the end are not letters.
      for (const one of ['i', 'l'] as const) {
        const plain = unleet(base, one);
        bases.add(plain);
        bases.add(stripStart(stripEnd(plain)));
      }
    }
  }
  bases.delete('');
  for (const b of bases) if (list.has(b)) return true;
  return false;
}
