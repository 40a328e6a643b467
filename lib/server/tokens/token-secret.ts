import { createHash, randomBytes } from 'node:crypto';

/**
 * An API token is 32 random bytes (256 bits) after a readable prefix. It is stored as its
 * SHA-256 (decision 0026): a slow password hash guards secrets people choose and reuse, which
 * can be guessed; a 256-bit random value cannot be, so one fast hash suffices and lets every
 * call be checked by an index lookup.
 */
export const TOKEN_PREFIX = 'relais_';
const SHAPE = /^relais_[A-Za-z0-9_-]{43}$/;

export function newTokenSecret(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token of an `Authorization: Bearer …` header; 'malformed' for any other shape, null without the header. */
export function bearerToken(header: string | null): string | 'malformed' | null {
  if (header === null) return null;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match || !SHAPE.test(match[1]!)) return 'malformed';
  return match[1]!;
}
