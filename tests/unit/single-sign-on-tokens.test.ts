import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import path from 'node:path';
import { singleSignOnProvider } from '@/lib/server/auth/single-sign-on-provider';
import { providerFailureReason, ssoProviderId } from '@/lib/sso/rules';

/**
 * The ID token checks of single sign-on (decision 0032), without a browser: a provider of our own
 * answers the token request with a forged ID token, and the client next-auth builds from Relais's
 * provider settings (same function, same openid-client) must refuse it. What the refusal becomes
 * (next-auth's "OAuthCallback" error, the sign-in page's message, an audit row with the check's
 * name) is covered by the end-to-end tests and the reason mapping below.
 */

// The very function next-auth's callback uses to build its OpenID client from a provider (not in
// the package's exports, so by its file).
const { openidClient } = createRequire(import.meta.url)(
  path.resolve('node_modules/next-auth/core/lib/oauth/client.js'),
) as { openidClient: (options: unknown) => Promise<import('openid-client').BaseClient> };

const CLIENT_ID = 'relais-test';
const CALLBACK = 'http://localhost:3000/api/auth/callback/oidc-test';
const NONCE = 'nonce-of-this-sign-in';
const STATE = 'state-of-this-sign-in';
const VERIFIER = 'v'.repeat(43);

const providerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function sign(payload: Record<string, unknown>, key: KeyObject = providerKey.privateKey): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64(payload)}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(key).toString('base64url')}`;
}

let server: http.Server;
let issuer: string;
let idToken = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration')
      return res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    if (req.url === '/jwks')
      return res.end(
        JSON.stringify({
          keys: [{ ...providerKey.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }],
        }),
      );
    if (req.url === '/token') {
      req.resume();
      return req.on('end', () =>
        res.end(JSON.stringify({ access_token: 'at', token_type: 'Bearer', expires_in: 60, id_token: idToken })),
      );
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function provider() {
  return singleSignOnProvider({
    providerId: ssoProviderId('00000000-0000-4000-8000-000000000000'),
    organisationId: '00000000-0000-4000-8000-000000000000',
    organisationName: 'Test',
    label: 'Test',
    issuer,
    clientId: CLIENT_ID,
    clientSecret: 'secret',
    emailClaim: 'email',
    secondFactorAcr: '',
    secondFactorAmr: 'mfa',
  });
}

function goodClaims(): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    aud: CLIENT_ID,
    sub: 'person-1',
    nonce: NONCE,
    iat: now,
    exp: now + 300,
    email: 'a@b.be',
    email_verified: true,
  };
}

/** What next-auth does on the provider's callback with an ID token (core/lib/oauth/callback.js). */
async function callbackWith(token: string, returnedState = STATE): Promise<Record<string, unknown>> {
  idToken = token;
  const client = await openidClient({ provider: { ...provider(), callbackUrl: CALLBACK } });
  const tokens = await client.callback(
    CALLBACK,
    { code: 'the-code', state: returnedState },
    { state: STATE, nonce: NONCE, code_verifier: VERIFIER },
  );
  return tokens.claims();
}

describe('single sign-on: the ID token', () => {
  it('asks next-auth for the code flow with PKCE, state and nonce, and the ID token validated', () => {
    const p = provider();
    expect(p).toMatchObject({
      type: 'oauth',
      idToken: true,
      checks: ['pkce', 'state', 'nonce'],
      wellKnown: `${issuer}/.well-known/openid-configuration`,
      authorization: { params: { response_type: 'code' } },
    });
  });

  it('a well-formed token gives its claims', async () => {
    expect(await callbackWith(sign(goodClaims()))).toMatchObject({ sub: 'person-1', email: 'a@b.be' });
  });

  const cases: [string, () => string, string, string?][] = [
    ['another audience', () => sign({ ...goodClaims(), aud: 'someone-else' }), 'audience'],
    ['another issuer', () => sign({ ...goodClaims(), iss: 'https://evil.example' }), 'issuer'],
    ['another nonce', () => sign({ ...goodClaims(), nonce: 'replayed' }), 'nonce'],
    ['no nonce', () => sign({ ...goodClaims(), nonce: undefined }), 'nonce'],
    ['a signature by another key', () => sign(goodClaims(), otherKey.privateKey), 'signature'],
    [
      'an altered payload',
      () => sign(goodClaims()).replace(/\.[^.]+\./, `.${b64({ ...goodClaims(), sub: 'x' })}.`),
      'signature',
    ],
    ['no signature ("alg": "none")', () => `${b64({ alg: 'none' })}.${b64(goodClaims())}.`, 'signature'],
    [
      'an expired token',
      () =>
        sign({ ...goodClaims(), iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }),
      'expired',
    ],
    ['another state in the answer', () => sign(goodClaims()), 'state', 'forged-state'],
  ];
  for (const [name, token, reason, state] of cases) {
    it(`refuses ${name}`, async () => {
      const error = await callbackWith(token(), state).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error, name).not.toBeNull();
      expect(providerFailureReason(error!.message)).toBe(reason);
    });
  }
});
