import { expect, test, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { makeUser } from '../support/factories';
import { scalar } from './support';

/**
 * The address of a request is its socket's (no reverse proxy is trusted here): a client that
 * writes its own `X-Forwarded-For` or `x-relais-client-ip` neither escapes the per-address
 * sign-in limit nor writes another address into the audit trail. And the sign-in page sends
 * the browser only to a page of this site, whatever `callbackUrl` says.
 */

/** One failed or successful sign-in through next-auth's credentials callback; the error code, or null. */
async function signInAttempt(
  request: APIRequestContext,
  email: string,
  password: string,
  headers: Record<string, string>,
): Promise<string | null> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { email, password, csrfToken, callbackUrl: '/', json: 'true' },
    headers,
    maxRedirects: 0,
  });
  const { url } = (await response.json()) as { url: string };
  return new URL(url).searchParams.get('error');
}

// As lib/server/auth/lockout.ts reads them (the server runs with this process's environment).
const configuredLimit = Number(process.env.RELAIS_ADDRESS_FAILURE_LIMIT);
const ADDRESS_FAILURE_LIMIT = Number.isInteger(configuredLimit) && configuredLimit > 0 ? configuredLimit : 50;
const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

/** Addresses of the documentation ranges (never this machine's), a new pair on every attempt. */
const forged = (i: number) => ({
  'X-Forwarded-For': `198.51.100.${i % 250}, 203.0.113.${i % 250}`,
  'X-Relais-Client-IP': `203.0.113.${(i + 1) % 250}`,
});
const FORGED_IN_AUDIT = `SELECT count(*) FROM audit_events WHERE ip LIKE '198.51.100.%' OR ip LIKE '203.0.113.%'`;

test('a forged X-Forwarded-For does not write another address into the audit trail', async ({ request }) => {
  const user = await makeUser({ role: 'referrer', organisation: 'onss-bru' });
  expect(await signInAttempt(request, user.email, 'not the password', forged(7))).toBe('invalid');
  const ip = scalar<string>(
    `SELECT ip FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'failed' AND target_id = ?`,
    user.id,
  );
  expect(['127.0.0.1', '::1']).toContain(ip);
  expect(scalar<string>('SELECT ip FROM sign_in_attempts WHERE email_key = ?', user.email)).toBe(ip);
  expect(scalar<number>(FORGED_IN_AUDIT)).toBe(0);
});

/**
 * The same sign-in from a loopback address of its own, so that reaching the limit does not
 * refuse the sign-ins of the other tests (they come from 127.0.0.1 or ::1). Connecting *to*
 * 127.0.0.2 is not enough (the kernel still sends from 127.0.0.1): the source address is bound,
 * which node:http can do and Playwright's request context cannot.
 */
async function signInAttemptFrom(
  localAddress: string,
  port: number,
  email: string,
  password: string,
  headers: Record<string, string>,
): Promise<string | null> {
  const send = (method: string, path: string, extra: Record<string, string | number>, body?: string) =>
    new Promise<{ headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, localAddress, method, path, agent: false, headers: { ...headers, ...extra } },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (data += d));
          res.on('end', () => resolve({ headers: res.headers, body: data }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const csrf = await send('GET', '/api/auth/csrf', {});
  const cookie = (csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ email, password, csrfToken, callbackUrl: '/', json: 'true' }).toString();
  const answer = await send(
    'POST',
    '/api/auth/callback/credentials',
    { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) },
    form,
  );
  return new URL((JSON.parse(answer.body) as { url: string }).url).searchParams.get('error');
}

test('forging X-Forwarded-For on every attempt does not escape the per-address sign-in limit', async ({ baseURL }) => {
  test.skip(process.platform !== 'linux', 'all of 127.0.0.0/8 is a loopback address only on Linux');
  test.setTimeout(120_000);
  const address = '127.0.0.2';
  const port = Number(new URL(baseURL!).port);
  const since = new Date(Date.now() - ADDRESS_WINDOW_MS).toISOString();
  const before = scalar<number>(
    'SELECT count(*) FROM sign_in_attempts WHERE ip = ? AND succeeded = 0 AND at > ?',
    address,
    since,
  );
  const remaining = Math.max(0, ADDRESS_FAILURE_LIMIT - before);
  // Unknown accounts, a new one each time: no account lock comes in the way of the address limit.
  const emails = Array.from({ length: remaining }, () => `nobody-${randomUUID().slice(0, 12)}@test.relais.be`);
  for (let start = 0; start < emails.length; start += 10) {
    const batch = emails.slice(start, start + 10);
    const answers = await Promise.all(
      batch.map((email, i) => signInAttemptFrom(address, port, email, 'any password at all', forged(start + i))),
    );
    expect(
      answers.every((a) => a === 'invalid'),
      `attempts ${start + 1}…: ${answers.join(', ')}`,
    ).toBe(true);
  }

  // The limit is reached: even the right password is refused from this address, whatever it claims.
  const user = await makeUser({ role: 'referrer', organisation: 'onss-bru' });
  expect(await signInAttemptFrom(address, port, user.email, user.password, forged(999))).toBe('address_limited');

  // Every attempt was counted and audited under the socket address, none under a forged one.
  const placeholders = emails.map(() => '?').join(', ');
  expect(
    scalar<number>(
      `SELECT count(*) FROM sign_in_attempts WHERE email_key IN (${placeholders}) AND ip = ?`,
      ...emails,
      address,
    ),
  ).toBe(emails.length);
  expect(scalar<string>(`SELECT ip FROM audit_events WHERE action = 'auth.sign_in' AND target_id = ?`, user.id)).toBe(
    address,
  );
  expect(scalar<number>(FORGED_IN_AUDIT)).toBe(0);
});

test('a callbackUrl that the browser would read as another site leads to a page of Relais after sign-in', async ({
  page,
  baseURL,
}) => {
  const user = await makeUser({ role: 'referrer', organisation: 'onss-bru' });
  // Should the browser leave anyway, it must not reach the network.
  await page.route(
    (url) => url.hostname === 'evil.example',
    (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>phished</h1>' }),
  );
  await page.goto('/signin?callbackUrl=%2F%09%2Fevil.example%2Fphish');
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe', { exact: false }).fill(user.password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/checklists`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check-lists COL 01/2015');
});

test('a callbackUrl of this site is still followed after sign-in', async ({ page, baseURL }) => {
  const user = await makeUser({ role: 'referrer', organisation: 'onss-bru' });
  await page.goto('/signin?callbackUrl=%2Faccount');
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe', { exact: false }).fill(user.password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/account`);
});
