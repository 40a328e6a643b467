import 'server-only';
import { and, asc, eq, lt } from 'drizzle-orm';
import {
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import type { Db } from '../../../db/client';
import { passkeys, webauthnChallenges } from '../../../db/schema';

type Reader = Pick<Db, 'select'>;
type Writer = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

/** A challenge is answered within this time or not at all (the browser's own prompt times out with it). */
export const PASSKEY_CHALLENGE_MS = 5 * 60 * 1000;
export const PASSKEY_RP_NAME = 'Relais';

/**
 * The relying party is the application's own address (NEXTAUTH_URL, as next-auth reads it): the
 * browser signs the origin it shows, so a look-alike site gets an assertion that fails here —
 * what makes a passkey resistant to phishing.
 */
export function relyingParty(): { rpID: string; origin: string } {
  const url = new URL(process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`);
  return { rpID: url.hostname, origin: url.origin };
}

export function passkeysOf(db: Reader, userId: string) {
  return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt)).all();
}

export function transportsOf(row: { transports: string }): AuthenticatorTransportFuture[] {
  try {
    const list: unknown = JSON.parse(row.transports);
    return Array.isArray(list) ? (list.filter((t) => typeof t === 'string') as AuthenticatorTransportFuture[]) : [];
  } catch {
    return [];
  }
}

/** The stored credential as the library checks it. */
export function credentialOf(row: typeof passkeys.$inferSelect, counter = row.counter): WebAuthnCredential {
  return {
    id: row.credentialId,
    publicKey: new Uint8Array(Buffer.from(row.publicKey, 'base64url')),
    counter,
    transports: transportsOf(row),
  };
}

/** Keeps the challenge just handed to the browser, for this session and purpose; expired ones go. */
export function keepChallenge(
  db: Writer,
  challenge: { challenge: string; sessionId: string; purpose: 'registration' | 'authentication' },
  now: Date,
): void {
  db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now.toISOString())).run();
  db.insert(webauthnChallenges)
    .values({
      ...challenge,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PASSKEY_CHALLENGE_MS).toISOString(),
    })
    .run();
}

/** The challenge a browser's response answers (in its signed client data), or null when unreadable. */
export function challengeOfResponse(response: unknown): string | null {
  try {
    const clientDataJSON = (response as { response?: { clientDataJSON?: unknown } }).response?.clientDataJSON;
    if (typeof clientDataJSON !== 'string') return null;
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (data as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 200 ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * Takes the challenge out of the store: true only when this session was given it for this
 * purpose and it has not expired. Deleted whatever the answer, so it serves once.
 */
export function consumeChallenge(
  db: Writer,
  challenge: { challenge: string; sessionId: string; purpose: 'registration' | 'authentication' },
  now: Date,
): boolean {
  const row = db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challenge, challenge.challenge),
        eq(webauthnChallenges.sessionId, challenge.sessionId),
        eq(webauthnChallenges.purpose, challenge.purpose),
      ),
    )
    .returning()
    .get();
  return Boolean(row && row.expiresAt > now.toISOString());
}

/** The browser's response as sent by the form: a JSON object, or null. */
export function parseCredentialResponse(json: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export type PasskeyAssertion =
  | { ok: true; passkeyId: string; newCounter: number }
  | { ok: false; reason: 'unreadable' | 'challenge' | 'unknown_credential' | 'wrong_signature' };

/**
 * Checks a passkey's answer at the second step of sign-in, outside any transaction (the check is
 * asynchronous): the challenge this half-way session was given (used up here, right or wrong),
 * a passkey of this person (another person's is unknown here), the signature over this
 * application's origin. The signature counter is checked by the caller, in its transaction,
 * against the counter stored at that moment, so two answers at once cannot both pass.
 */
export async function checkPasskeyAssertion(
  db: Writer,
  { userId, sessionId, json, now }: { userId: string; sessionId: string; json: string; now: Date },
): Promise<PasskeyAssertion> {
  const response = parseCredentialResponse(json);
  const challenge = response && challengeOfResponse(response);
  if (!response || !challenge) return { ok: false, reason: 'unreadable' };
  if (!consumeChallenge(db, { challenge, sessionId, purpose: 'authentication' }, now))
    return { ok: false, reason: 'challenge' };
  const credentialId = typeof response.id === 'string' ? response.id : '';
  const row = db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.credentialId, credentialId), eq(passkeys.userId, userId)))
    .get();
  if (!row) return { ok: false, reason: 'unknown_credential' };
  const { rpID, origin } = relyingParty();
  try {
    const verification = await verifyAuthenticationResponse({
      response: response as unknown as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      // Counter 0 here: the library would throw on a counter going backwards, indistinguishable
      // from a bad signature; the caller refuses it by name, against the counter stored then.
      credential: credentialOf(row, 0),
      requireUserVerification: false,
    });
    if (!verification.verified) return { ok: false, reason: 'wrong_signature' };
    return { ok: true, passkeyId: row.id, newCounter: verification.authenticationInfo.newCounter };
  } catch {
    return { ok: false, reason: 'wrong_signature' };
  }
}

/** Whether a signature counter may follow the stored one: it must go up, unless the authenticator keeps none (always 0). */
export function counterMayFollow(stored: number, received: number): boolean {
  return (stored === 0 && received === 0) || received > stored;
}
