import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { getDb } from '../../../db/client';
import { passkeys } from '../../../db/schema';
import type { Actor } from './actor';
import { authorize } from './authorize';
import { auditAct } from '../audit/write-audit';
import { enqueueSecurityNotice } from '../mail/enqueue-mail';
import { DomainError } from '../errors';
import { challengeOfResponse, consumeChallenge, parseCredentialResponse, relyingParty } from './passkey-store';

/**
 * The browser's new credential, checked against the challenge this session was given (once, in
 * time) and the application's own origin, becomes one of the person's passkeys under the name
 * they chose. The person is told, as on every change of their second factor.
 */
export async function finishPasskeyRegistration({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: { name: string; response: string };
  now?: Date;
}): Promise<{ passkeyId: string }> {
  authorize(actor, 'account.second_factor');
  const refused = () => new DomainError('secondFactor.passkeys.errors.notRegistered');
  const db = getDb();
  const response = parseCredentialResponse(input.response);
  const challenge = response && challengeOfResponse(response);
  if (!response || !challenge) throw refused();
  if (!consumeChallenge(db, { challenge, sessionId: actor.sessionId, purpose: 'registration' }, now)) throw refused();
  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: response as unknown as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
  } catch {
    throw refused();
  }
  if (!verification.verified) throw refused();
  const { credential } = verification.registrationInfo;
  const passkeyId = randomUUID();
  const added = db.transaction(
    (tx) => {
      // The same authenticator twice (the browser's exclusion list is advisory).
      if (tx.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.credentialId, credential.id)).get())
        return false;
      tx.insert(passkeys)
        .values({
          id: passkeyId,
          userId: actor.userId,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey).toString('base64url'),
          counter: credential.counter,
          transports: JSON.stringify(credential.transports ?? []),
          name: input.name,
          createdAt: now.toISOString(),
        })
        .run();
      auditAct(
        tx,
        actor,
        'account.passkey_register',
        { type: 'user', id: actor.userId },
        { detail: { passkeyId, name: input.name }, at: now },
      );
      enqueueSecurityNotice(tx, { userId: actor.userId, event: 'second_factor_changed', at: now });
      return true;
    },
    { behavior: 'immediate' },
  );
  if (!added) throw new DomainError('secondFactor.passkeys.errors.alreadyRegistered');
  return { passkeyId };
}
