import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';

/**
 * argon2id with OWASP's second recommended profile (m = 19 MiB, t = 2, p = 1): about 16 ms
 * per verification on the 2-core machines. Algorithm 2 = argon2id in @node-rs/argon2.
 */
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the account does not exist, so the answer takes as long. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('relais-timing-equaliser-' + randomInt(1e9));
  return dummyHash;
}

// No 0/O, 1/l/I: a password read aloud on the phone or copied from a screen must not be misread.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password chosen by the system (creation, reset): 4 groups of 4, ~91 bits. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}
