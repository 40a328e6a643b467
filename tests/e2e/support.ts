import { expect, type APIRequestContext, type APIResponse, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { E2E_DB_PATH } from './db-path';

/**
 * The helpers the end-to-end tests share: reading the server's database, signing in over HTTP,
 * making records through the API, and reading the API's errors. The Playwright fixtures that
 * give a signed-in page are in ./fixtures.ts; records made directly in the database (users) come
 * from tests/support/factories.ts, which writes here because of the line below.
 */
process.env.RELAIS_DB_PATH = E2E_DB_PATH;

export const DEMO_PASSWORD = 'Relais-demo-2026';

/** A demo account of the seed by the start of its e-mail (`admin`, `police`, `surya`, `coordination`…). */
export function demo(name: string): { email: string; password: string } {
  return { email: `${name}@demo.relais.be`, password: DEMO_PASSWORD };
}

// ---------------------------------------------------------------------------------------------
// The database

/** Direct access to the e2e database, to build fixtures and to check what was (not) written. */
export function db(): Database.Database {
  const sqlite = new Database(E2E_DB_PATH);
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function scalar<T>(sql: string, ...params: unknown[]): T {
  const sqlite = db();
  try {
    return sqlite
      .prepare(sql)
      .pluck()
      .get(...params) as T;
  } finally {
    sqlite.close();
  }
}

/** A referral's status and version as stored (undefined if there is none with this id). */
export function referralInDb(id: string): { status: string; version: number } | undefined {
  const sqlite = db();
  try {
    return sqlite.prepare('SELECT status, version FROM referrals WHERE id = ?').get(id) as
      { status: string; version: number } | undefined;
  } finally {
    sqlite.close();
  }
}

/**
 * A snapshot of the users of some organisations (tests run in parallel, so each test watches
 * the organisations that only it uses), to assert that a refused request changed nothing.
 */
export function usersSnapshot(...organisationCodes: string[]): string {
  const sqlite = db();
  try {
    const rows = sqlite
      .prepare(
        `SELECT u.* FROM users u JOIN organisations o ON o.id = u.organisation_id
         WHERE o.code IN (${organisationCodes.map(() => '?').join(', ')}) ORDER BY u.id`,
      )
      .all(...organisationCodes);
    return JSON.stringify(rows);
  } finally {
    sqlite.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Signing in

/**
 * Signs in through next-auth's credentials endpoint, as the sign-in form does, without the form:
 * the session cookie lands in `request`'s cookie jar (a browser context's `request` shares the
 * context's cookies, so its pages are signed in too).
 */
export async function signInOverHttp(request: APIRequestContext, email: string, password: string): Promise<void> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { email, password, csrfToken, callbackUrl: '/', json: 'true' },
    maxRedirects: 0,
  });
  expect(response.status(), `sign-in of ${email}`).toBeLessThan(400);
  const cookies = (await request.storageState()).cookies.map((c) => c.name);
  expect(cookies, `sign-in of ${email}`).toContain('next-auth.session-token');
}

/** Signs in through the sign-in form: only for tests of the form itself (the rest use ./fixtures.ts). */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: false }).fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
}

/** Signs in through the sign-in form and waits for the screen the form leads to. */
export async function signInAndLand(page: Page, email: string, password: string, path: RegExp) {
  await signIn(page, email, password);
  await expect(page).toHaveURL(path);
}

// ---------------------------------------------------------------------------------------------
// Pages

/** The form's own message (Next.js also keeps an empty role="alert" route announcer on every page). */
export const formAlert = (page: Page) => page.locator('.notice[role="alert"]');

// ---------------------------------------------------------------------------------------------
// The JSON API

/** An error answer of the API: { error: { key, message }, errors: { <field or item code>: [{ key, message }] } }. */
export interface ApiError {
  error: { key: string; message: string };
  errors: Record<string, { key: string; message: string }[]>;
  /** A version conflict's current state of the record. */
  current?: { status: string; version: number };
}

/** Checks an error answer's status and key (and that it is JSON with a message); returns its body. */
export async function expectError(response: APIResponse, status: number, key: string): Promise<ApiError> {
  expect(response.status()).toBe(status);
  expect(response.headers()['content-type']).toContain('application/json');
  const body = (await response.json()) as ApiError;
  expect(body.error.key).toBe(key);
  expect(typeof body.error.message).toBe('string');
  return body;
}

/** A check-list created completed (version 1) through the API by the signed-in referrer of `page`; returns its id. */
export async function completedChecklist(page: Page, answers: Record<string, unknown>): Promise<string> {
  const response = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { complete: true, answers },
  });
  expect(response.status()).toBe(201);
  const body = (await response.json()) as { id: string; version: number };
  expect(body.version).toBe(1);
  return body.id;
}

/** A referral sent through the API by the signed-in referrer of `page` (when the form itself is not what the test is about); returns its id. */
export async function sentReferral(page: Page, checklistId: string): Promise<string> {
  const response = await page.request.post('/api/v1/referrals', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { checklistId },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}
