import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The OpenID client secrets of the organisations' providers are stored encrypted (decision 0032):
 * AES-256-GCM under a key derived (HKDF-SHA-256) from the secret that signs the session cookie.
 * A copy of the database alone (a backup, a replica) does not give them away; the server, which
 * holds both, reads them. Changing the session secret makes them unreadable: the administrator
 * enters them again (the provider is left out of the sign-in page meanwhile).
 * No 'server-only' here: the end-to-end tests store a configuration with it.
 */
const VERSION = 'v1';

function keyFrom(authSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret, 'relais', 'oidc-client-secret', 32));
}

export function encryptClientSecret(secret: string, authSecret: string, organisationId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(authSecret), iv);
  // Bound to its organisation: a ciphertext copied to another organisation's row does not open.
  cipher.setAAD(Buffer.from(organisationId));
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    data.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.');
}

/** The secret, or null when it cannot be read (another session secret, a damaged value). */
export function decryptClientSecret(stored: string, authSecret: string, organisationId: string): string | null {
  const [version, iv, data, tag] = stored.split('.');
  if (version !== VERSION || !iv || !data || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(authSecret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(organisationId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
