import 'server-only';
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { getDb } from '../../../db/client';
import type { PendingSignIn } from './resolve-session';
import { secondFactorOf } from './second-factor-store';
import { keepChallenge, PASSKEY_CHALLENGE_MS, passkeysOf, relyingParty, transportsOf } from './passkey-store';

/**
 * The challenge a person half-way through sign-in signs with one of their passkeys (decision
 * 0025), kept for this half-way session, and whether they also have the app (else the code
 * form is of no use to them); null when they have no passkey. Only their own passkeys are
 * offered, and completeSecondFactor accepts no other.
 */
export async function beginPasskeySignIn({
  pending,
  now = new Date(),
}: {
  pending: PendingSignIn;
  now?: Date;
}): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; withApp: boolean } | null> {
  if (pending.step !== 'verify') return null;
  const db = getDb();
  const own = passkeysOf(db, pending.userId);
  if (own.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials: own.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
    userVerification: 'preferred',
    timeout: PASSKEY_CHALLENGE_MS,
  });
  keepChallenge(db, { challenge: options.challenge, sessionId: pending.sessionId, purpose: 'authentication' }, now);
  return { options, withApp: Boolean(secondFactorOf(db, pending.userId)?.totpSecret) };
}
