import type { APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { DEMO_API_TOKEN } from '../../db/demo-identity';
import { hashToken, newTokenSecret } from '../../lib/server/tokens/token-secret';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { makeOrganisation, makeUser } from '../support/factories';
import { expect, test } from './fixtures';
import { db, scalar } from './support';
import { bearer, makeToken, tokenUses } from './tokens';

/**
 * API tokens (decision 0026) against the running server: `Authorization: Bearer` on /api/v1,
 * the token acting for its organisation within its scopes, refused (401) when revoked, expired,
 * unknown or malformed, every call audited under it; and the users API.
 */

async function completedChecklistWith(request: APIRequestContext, token: string): Promise<string> {
  const r = await request.post('/api/v1/checklists', {
    headers: { ...bearer(token), 'Idempotency-Key': randomUUID() },
    data: { complete: true, answers: VALID_ADULT_ANSWERS },
  });
  expect(r.status()).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

test('each scope opens its calls and nothing else, for its own organisation only', async ({ request }) => {
  const onss = makeOrganisation('onss');
  const centre = makeOrganisation('centre');
  const writer = makeToken(onss, ['checklists:write']);
  const readerOnly = makeToken(onss, ['checklists:read']);
  const referralsRead = makeToken(onss, ['referrals:read']);
  const referralsWrite = makeToken(onss, ['referrals:write']);
  const users = makeToken(onss, ['users:manage']);
  const centreToken = makeToken(centre, ['centre-requests:write']);
  const centreNoScope = makeToken(centre, ['referrals:read']);
  const get = (path: string, token: string) => request.get(path, { headers: bearer(token) });

  // checklists:read / checklists:write
  const checklist = await completedChecklistWith(request, writer.token);
  expect((await get('/api/v1/checklists', readerOnly.token)).status()).toBe(200);
  expect((await get(`/api/v1/checklists/${checklist}`, readerOnly.token)).status()).toBe(200);
  expect((await get('/api/v1/checklists', referralsRead.token)).status()).toBe(404);
  const refusedWrite = await request.post('/api/v1/checklists', {
    headers: { ...bearer(readerOnly.token), 'Idempotency-Key': randomUUID() },
    data: { answers: {} },
  });
  expect(refusedWrite.status()).toBe(404);

  // referrals:write / referrals:read
  const refusedReferral = await request.post('/api/v1/referrals', {
    headers: { ...bearer(referralsRead.token), 'Idempotency-Key': randomUUID() },
    data: { checklistId: checklist },
  });
  expect(refusedReferral.status()).toBe(404);
  const referral = await request.post('/api/v1/referrals', {
    headers: { ...bearer(referralsWrite.token), 'Idempotency-Key': randomUUID() },
    data: { checklistId: checklist },
  });
  expect(referral.status()).toBe(201);
  const referralId = ((await referral.json()) as { id: string }).id;
  expect((await get(`/api/v1/referrals/${referralId}`, referralsRead.token)).status()).toBe(200);
  expect((await get('/api/v1/referrals', readerOnly.token)).status()).toBe(404);

  // users:manage
  expect((await get('/api/v1/users', users.token)).status()).toBe(200);
  expect((await get('/api/v1/users', writer.token)).status()).toBe(404);

  // centre-requests:write: a centre's capacity, its own only; a referrer's scope opens nothing for a centre.
  const capacity = (token: string, centreId = centre.id) =>
    request.put(`/api/v1/centres/${centreId}/capacity`, {
      headers: bearer(token),
      data: { placesFree: 4, ambulatoryOpen: true },
    });
  expect((await capacity(centreToken.token)).status()).toBe(200);
  expect((await capacity(centreNoScope.token)).status()).toBe(404);
  expect((await get('/api/v1/checklists', centreToken.token)).status()).toBe(404);

  // Another organisation's token does not see this one's check-list.
  const otherOnss = makeToken(makeOrganisation('onss'), ['checklists:read']);
  expect((await get(`/api/v1/checklists/${checklist}`, otherOnss.token)).status()).toBe(404);

  // What the token wrote is its service account's, and every call is in the audit log under it.
  expect(scalar<string>('SELECT created_by FROM checklists WHERE id = ?', checklist)).toBe(writer.userId);
  expect(
    scalar<number>(
      "SELECT count(*) FROM audit_events WHERE action = 'api_token.use' AND outcome = 'ok' AND target_id = ? AND actor_user_id = ?",
      readerOnly.id,
      readerOnly.userId,
    ),
    // The token was valid for its four calls (two allowed, two refused further on, by permission).
  ).toBe(4);
  expect(
    scalar<number>(
      "SELECT count(*) FROM audit_events WHERE action = 'checklist.write' AND outcome = 'refused' AND actor_user_id = ?",
      readerOnly.userId,
    ),
  ).toBe(1);
});

test('a revoked, expired, unknown or malformed token answers 401, audited, and never falls back to the session', async ({
  page,
  signInAs,
  request,
}) => {
  const code = `onss-${randomUUID().slice(0, 8)}`;
  const organisation = makeOrganisation('onss', code, code);
  await signInAs({ role: 'admin', organisation: code });
  // Issued on the administrators' page, shown once.
  await page.goto('/admin/tokens');
  await page.getByLabel('Nom de l’intégration').fill('Système de dossiers');
  await page.getByRole('checkbox', { name: /checklists:read/ }).check();
  await page.getByLabel('Validité (jours)').fill('30');
  await page.getByRole('button', { name: 'Émettre' }).click();
  const token = (await page.getByTestId('api-token').textContent())!.trim();
  expect(token).toMatch(/^relais_/);
  const id = scalar<string>('SELECT id FROM api_tokens WHERE token_hash = ?', hashToken(token));
  expect(scalar<number>('SELECT count(*) FROM api_tokens WHERE token_hash = ?', token)).toBe(0);

  expect((await request.get('/api/v1/checklists', { headers: bearer(token) })).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('token-last-use')).not.toHaveText('—');

  await page.getByRole('button', { name: 'Révoquer le jeton Système de dossiers' }).click();
  await expect(page.getByText(/Révoqué le/)).toBeVisible();
  const revoked = await request.get('/api/v1/checklists', { headers: bearer(token) });
  expect(revoked.status()).toBe(401);
  expect(revoked.headers()['www-authenticate']).toContain('invalid_token');

  const expired = makeToken(organisation, ['checklists:read'], {
    expiresAt: new Date(Date.now() - 1000).toISOString(),
  });
  expect((await request.get('/api/v1/checklists', { headers: bearer(expired.token) })).status()).toBe(401);
  expect((await request.get('/api/v1/checklists', { headers: bearer(newTokenSecret().token) })).status()).toBe(401);
  for (const header of ['Bearer', 'Bearer abc', `Basic ${token}`, `Bearer ${token}extra`])
    expect((await request.get('/api/v1/checklists', { headers: { Authorization: header } })).status()).toBe(401);
  // A wrong token beside a valid session cookie is still refused.
  expect((await page.request.get('/api/v1/users', { headers: bearer(newTokenSecret().token) })).status()).toBe(401);

  const reasons = (tokenId: string) =>
    db()
      .prepare("SELECT outcome, detail FROM audit_events WHERE action = 'api_token.use' AND target_id = ? ORDER BY id")
      .all(tokenId)
      .map((r) => {
        const row = r as { outcome: string; detail: string };
        return [row.outcome, (JSON.parse(row.detail) as { reason?: string }).reason ?? null];
      });
  expect(reasons(id)).toEqual([
    ['ok', null],
    ['refused', 'revoked'],
  ]);
  expect(reasons(expired.id)).toEqual([['refused', 'expired']]);
  expect(
    scalar<number>("SELECT count(*) FROM audit_events WHERE action = 'api_token.use' AND detail LIKE '%malformed%'"),
  ).toBeGreaterThanOrEqual(4);
  expect(
    scalar<number>("SELECT count(*) FROM audit_events WHERE action = 'api_token.revoke' AND target_id = ?", id),
  ).toBe(1);
});

test('the users API lists, creates, disables and changes the role of its organisation’s users, no other', async ({
  request,
}) => {
  const organisation = makeOrganisation('onss');
  const { token } = makeToken(organisation, ['users:manage']);
  const member = await makeUser({ role: 'referrer', organisation });
  const stranger = await makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
  const headers = bearer(token);

  const list = async () =>
    ((await (await request.get('/api/v1/users', { headers })).json()) as { users: { id: string; email: string }[] })
      .users;
  const ids = (await list()).map((u) => u.id);
  expect(ids).toContain(member.id);
  expect(ids).not.toContain(stranger.id);
  // The token's own service account is not a person.
  expect((await list()).some((u) => u.email.endsWith('@api.relais.invalid'))).toBe(false);

  const email = `api-${randomUUID().slice(0, 8)}@test.relais.be`;
  const created = await request.post('/api/v1/users', {
    headers,
    data: { email, name: 'Créée par API', role: 'referrer' },
  });
  expect(created.status()).toBe(201);
  const body = (await created.json()) as { user: { id: string; role: string }; oneTimePassword: string };
  expect(body.oneTimePassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
  expect(scalar<string>('SELECT organisation_id FROM users WHERE email = ?', email)).toBe(organisation.id);
  // Another organisation cannot be named; unknown fields are refused by name.
  const other = await request.post('/api/v1/users', {
    headers,
    data: { email: `x-${email}`, name: 'X', role: 'referrer', organisationId: stranger.id },
  });
  expect(other.status()).toBe(400);

  const disabled = await request.patch(`/api/v1/users/${member.id}`, { headers, data: { active: false } });
  expect(disabled.status()).toBe(200);
  expect(scalar<number>('SELECT active FROM users WHERE id = ?', member.id)).toBe(0);
  const promoted = await request.patch(`/api/v1/users/${body.user.id}`, { headers, data: { role: 'admin' } });
  expect(promoted.status()).toBe(200);
  expect(((await promoted.json()) as { user: { role: string } }).user.role).toBe('admin');
  expect(scalar<string>('SELECT role FROM users WHERE id = ?', body.user.id)).toBe('admin');

  const outside = await request.patch(`/api/v1/users/${stranger.id}`, { headers, data: { active: false } });
  expect(outside.status()).toBe(404);
  expect(scalar<number>('SELECT active FROM users WHERE id = ?', stranger.id)).toBe(1);
  const notAllowedRole = await request.patch(`/api/v1/users/${member.id}`, { headers, data: { role: 'centre_staff' } });
  expect(notAllowedRole.status()).toBe(422);
});

test('a token over its rate limit answers 429 with Retry-After, audited', async ({ request }) => {
  const { id, token } = makeToken(makeOrganisation('onss'), ['checklists:read']);
  let last = 0;
  let retryAfter: string | undefined;
  let calls = 0;
  // Counted per server process (two here): at most twice the limit before one of them refuses.
  for (; calls < 260 && last !== 429; calls++) {
    const r = await request.get('/api/v1/users', { headers: bearer(token) });
    last = r.status();
    retryAfter = r.headers()['retry-after'];
  }
  expect(last).toBe(429);
  // Seconds until the minute's window ends.
  expect(Number(retryAfter)).toBeGreaterThan(0);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  const uses = tokenUses(id);
  expect(uses).toHaveLength(calls);
  expect(uses.at(-1)).toEqual({ outcome: 'refused', reason: 'rate_limited', method: 'GET', path: '/api/v1/users' });
});

test('each scope: one call allowed, one refused (404), both audited under the token and never with it', async ({
  request,
}) => {
  const year = new Date().getFullYear();
  const police = makeOrganisation('police');
  const centre = makeOrganisation('centre');
  const coordination = makeOrganisation('coordination');
  const writer = makeToken(police, ['checklists:write']);
  const checklist = await completedChecklistWith(request, writer.token);
  const cases = [
    {
      org: police,
      scope: 'checklists:read',
      allowed: ['GET', '/api/v1/checklists'],
      refused: ['GET', '/api/v1/referrals'],
    },
    {
      org: police,
      scope: 'checklists:write',
      allowed: ['GET', `/api/v1/checklists/${checklist}`],
      refused: ['GET', '/api/v1/users'],
    },
    {
      org: police,
      scope: 'referrals:read',
      allowed: ['GET', '/api/v1/referrals'],
      refused: ['POST', '/api/v1/referrals'],
    },
    {
      org: police,
      scope: 'referrals:write',
      allowed: ['POST', '/api/v1/referrals'],
      refused: ['GET', `/api/v1/checklists/${checklist}`],
    },
    { org: police, scope: 'users:manage', allowed: ['GET', '/api/v1/users'], refused: ['GET', '/api/v1/checklists'] },
    {
      org: centre,
      scope: 'centre-requests:write',
      allowed: ['PUT', `/api/v1/centres/${centre.id}/capacity`],
      refused: ['GET', '/api/v1/referrals'],
    },
    {
      org: coordination,
      scope: 'statistics:read',
      allowed: ['GET', `/api/v1/statistics/${year}`],
      refused: ['POST', '/api/v1/centre-requests'],
    },
  ] as const;
  const bodies: Record<string, unknown> = {
    'POST /api/v1/referrals': { checklistId: checklist },
    'PUT /api/v1/centres/[id]/capacity': { placesFree: 2, ambulatoryOpen: false },
    'POST /api/v1/centre-requests': {
      source: 'ngo',
      receivedOn: `${year}-01-02`,
      sex: 'f',
      nationality: 'RO',
      forms: ['economic'],
    },
  };
  const call = (token: string, [method, path]: readonly [string, string]) =>
    request.fetch(path, {
      method,
      headers: { ...bearer(token), 'Idempotency-Key': randomUUID() },
      data: method === 'GET' ? undefined : bodies[`${method} ${path.replace(/centres\/[^/]+/, 'centres/[id]')}`],
    });
  for (const c of cases) {
    const t = makeToken(c.org, [c.scope]);
    const allowed = await call(t.token, c.allowed);
    expect(allowed.status(), `${c.scope}: ${c.allowed.join(' ')}`).toBeLessThan(300);
    const refused = await call(t.token, c.refused);
    expect(refused.status(), `${c.scope}: ${c.refused.join(' ')}`).toBe(404);
    // Both calls are the token's (a valid token, answered), with its id and never its secret.
    expect(tokenUses(t.id), c.scope).toEqual([
      { outcome: 'ok', reason: null, method: c.allowed[0], path: c.allowed[1] },
      { outcome: 'ok', reason: null, method: c.refused[0], path: c.refused[1] },
    ]);
    // The refusal is audited by the refused action too, under the token's service account.
    expect(
      scalar<number>("SELECT count(*) FROM audit_events WHERE outcome = 'refused' AND actor_user_id = ?", t.userId),
      c.scope,
    ).toBe(1);
    expect(scalar<number>('SELECT count(*) FROM audit_events WHERE instr(detail, ?) > 0', t.token)).toBe(0);
  }
});

test('the demo token of ONSS Bruxelles reads and writes check-lists (demo mode)', async ({ request }) => {
  expect((await request.get('/api/v1/checklists', { headers: bearer(DEMO_API_TOKEN) })).status()).toBe(200);
  expect((await request.get('/api/v1/users', { headers: bearer(DEMO_API_TOKEN) })).status()).toBe(404);
});
