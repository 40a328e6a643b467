import { test as base, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import type { Role } from '../../lib/roles';
import { makeUser, userByEmail, type TestUser } from '../support/factories';
import { signInOverHttp } from './support';

export { expect } from '@playwright/test';

/**
 * The end-to-end tests' `test`: Playwright's, plus two fixtures that sign people in without the
 * sign-in form (through next-auth's credentials endpoint on the real server, as the form does).
 * Only the tests of the form itself go through it (sign-in.spec.ts and a few others).
 *
 *   test('…', async ({ page, signInAs }) => {
 *     const user = await signInAs({ role: 'referrer', organisation: 'onss-ant' }); // a new user
 *     await page.goto('/checklists');
 *   });
 *
 *   test('…', async ({ person }) => {
 *     const inspector = await person({ role: 'referrer', organisation: 'onss-lie' });
 *     const admin = await person(demo('admin'));                   // a demo account
 *     await admin.page.goto('/admin/users');
 *   });
 */

/**
 * Whom to sign in as: a new user of their own (a role in an organisation of the seed, by code;
 * a display name if the test is about it), or an existing account: `demo('admin')` from
 * ./support, or a user a test made earlier.
 */
export type Who = { role: Role; organisation: string; name?: string } | { email: string; password: string };

/** Someone at a desk of their own: a browser context of their own, signed in, with a page open. */
export interface Person {
  user: TestUser;
  context: BrowserContext;
  page: Page;
}

/** The `person` fixture, for helpers that bring several people together. */
export type NewPerson = (who: Who, options?: BrowserContextOptions) => Promise<Person>;

interface Fixtures {
  /** Signs this test's `page` (its browser context) in as `who` and returns the user. The page is not moved: go where the test starts. */
  signInAs: (who: Who) => Promise<TestUser>;
  /** A second (third…) person, in a new browser context signed in as `who`. Closed when the test ends. */
  person: NewPerson;
}

/** The user `who` names: an existing account, looked up by e-mail, or a new one made for the test. */
async function userFor(who: Who): Promise<TestUser> {
  if ('email' in who) {
    const { id, name } = userByEmail(who.email);
    return { id, name, email: who.email, password: who.password };
  }
  const { id, email, name, password } = await makeUser({
    role: who.role,
    organisation: who.organisation,
    name: who.name,
  });
  return { id, email, name, password };
}

async function signInContext(context: BrowserContext, who: Who): Promise<TestUser> {
  const user = await userFor(who);
  await signInOverHttp(context.request, user.email, user.password);
  return user;
}

// (Playwright's `use` is named `provide` here: the React lint rules take `use` for React's hook.)
export const test = base.extend<Fixtures>({
  signInAs: async ({ context }, provide) => {
    await provide((who) => signInContext(context, who));
  },
  person: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (who, options) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      const user = await signInContext(context, who);
      return { user, context, page: await context.newPage() };
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
