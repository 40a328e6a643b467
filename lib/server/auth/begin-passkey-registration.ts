import 'server-only';
import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { getDb } from '../../../db/client';
import type { Actor } from './actor';
import { authorize } from './authorize';
import {
  keepChallenge,
  PASSKEY_CHALLENGE_MS,
  PASSKEY_RP_NAME,
  passkeysOf,
  relyingParty,
  transportsOf,
} from './passkey-store';

/**
 * What the browser needs to create a passkey for the signed-in person (decision 0025): a fresh
 * challenge kept for this session, and the passkeys they already have, so the same
 * authenticator is not registered twice.
 */
export async function beginPasskeyRegistration({
  actor,
  now = new Date(),
}: {
  actor: Actor;
  now?: Date;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  authorize(actor, 'account.second_factor');
  const db = getDb();
  const { rpID } = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: PASSKEY_RP_NAME,
    rpID,
    userID: new TextEncoder().encode(actor.userId),
    userName: actor.email,
    userDisplayName: actor.name,
    attestationType: 'none',
    timeout: PASSKEY_CHALLENGE_MS,
    excludeCredentials: passkeysOf(db, actor.userId).map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  keepChallenge(db, { challenge: options.challenge, sessionId: actor.sessionId, purpose: 'registration' }, now);
  return options;
}
