import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { E2E_DB_PATH } from './db-path';

process.env.RELAIS_DB_PATH = E2E_DB_PATH;

export const DEMO_PASSWORD = 'Relais-demo-2026';

/** Direct access to the e2e database, to build fixtures and to check what was (not) written. */
export function db(): Database.Database {
  const sqlite = new Database(E2E_DB_PATH);
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function scalar<T>(sql: string, ...params: unknown[]): T {
  const sqlite = db();
  try {
    return sqlite.prepare(sql).pluck().get(...params) as T;
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

/** The form's own message (Next.js also keeps an empty role="alert" route announcer on every page). */
export const formAlert = (page: Page) => page.locator('.notice[role="alert"]');

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: false }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

export async function signInAndLand(page: Page, email: string, password: string, path: RegExp) {
  await signIn(page, email, password);
  await expect(page).toHaveURL(path);
}
