import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { db, demo, signInOverHttp } from './support';

/**
 * Accessibility and small screens as tested properties (docs/accessibility.md): every page of the
 * application, as every demo role that may open it, in French and in Dutch, at a desktop width
 * and at a phone's, must have no axe-core violation of any impact (WCAG 2.2 A/AA rules and axe's
 * best practices) and no horizontal scroll. The pages are found by walking app/, like the access
 * matrix does, so a new page fails here until it has a line in PAGES.
 */

/** Demo accounts (their e-mail's start) and where each page is opened from. */
const PAGES: Record<string, { as: string[]; path?: (ids: Ids) => string | string[] }> = {
  '/': { as: ['onss', 'surya', 'coordination', 'admin'] },
  '/signin': { as: ['anonymous'] },
  '/account': { as: ['onss'] },
  '/account/second-factor': { as: ['onss'] },
  '/admin/mail': { as: ['admin'] },
  '/admin/replication': { as: ['admin'] },
  '/admin/second-factor': { as: ['admin'] },
  '/admin/single-sign-on': { as: ['admin'] },
  '/admin/tokens': { as: ['admin'] },
  '/checklists/new': { as: ['onss'] },
  '/checklists/offline': { as: ['onss'] },
  '/dashboard': { as: ['coordination'] },
  '/signin/second-factor': { as: ['anonymous'] },
  '/admin/audit': { as: ['admin'] },
  '/admin/users': { as: ['admin'] },
  '/admin/users/new': { as: ['admin'] },
  '/admin/settings': { as: ['admin'] },
  '/checklists': { as: ['onss', 'police'] },
  '/checklists/[id]': {
    as: ['onss'],
    path: (ids) => [`/checklists/${ids.completed}`, `/checklists/${ids.draft}`],
  },
  '/checklists/[id]/history': { as: ['onss'], path: (ids) => `/checklists/${ids.completed}/history` },
  '/checklists/[id]/print': { as: ['onss'], path: (ids) => `/checklists/${ids.completed}/print` },
  '/import': { as: ['coordination', 'surya'] },
  '/inbox': { as: ['surya', 'esperanto'] },
  '/inbox/new-request': { as: ['surya'] },
  '/investigations': { as: ['onss'] },
  '/investigations/[id]': { as: ['onss'], path: (ids) => `/investigations/${ids.investigation}` },
  '/notifications': { as: ['onss', 'surya'] },
  '/referrals': { as: ['onss', 'tutelles'] },
  '/referrals/[id]': { as: ['onss', 'centre'], path: (ids) => `/referrals/${ids.referral}` },
  '/statistics': { as: ['coordination'] },
};

interface Ids {
  completed: string;
  /** A draft: the check-list's form. */
  draft: string;
  investigation: string;
  referral: string;
  /** The demo account of the centre the referral went to. */
  centre: string;
}

/** Pages found in the code (app/**\/page.tsx), as URL patterns. */
function pagesInCode(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join('app', dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name === 'page.tsx') {
        const url =
          '/' +
          dir
            .split(path.sep)
            .filter((s) => s && !/^\(.*\)$/.test(s))
            .join('/');
        found.push(url);
      }
    }
  };
  walk('');
  return found.sort();
}

/** Records of the demo seed to open the pages with an id, and an investigation made for the test. */
function fixtureIds(): Ids {
  const sqlite = db();
  try {
    const onss = sqlite
      .prepare("SELECT id, organisation_id AS org FROM users WHERE email = 'onss@demo.relais.be'")
      .get() as {
      id: string;
      org: string;
    };
    const draft = sqlite
      .prepare("SELECT id FROM checklists WHERE created_by = ? AND status = 'draft' ORDER BY created_at LIMIT 1")
      .pluck()
      .get(onss.id) as string | undefined;
    const completed = sqlite
      .prepare("SELECT id FROM checklists WHERE created_by = ? AND status = 'completed' ORDER BY created_at LIMIT 1")
      .pluck()
      .get(onss.id) as string;
    const referral = sqlite
      .prepare(
        `SELECT r.id AS id, (SELECT u.email FROM users u WHERE u.organisation_id = r.centre_id AND u.email LIKE '%@demo.relais.be' LIMIT 1) AS centre
           FROM referrals r WHERE r.created_by = ? ORDER BY r.received_at LIMIT 1`,
      )
      .get(onss.id) as { id: string; centre: string };
    const now = new Date().toISOString();
    const investigation = randomUUID();
    sqlite
      .prepare(
        'INSERT INTO investigations (id, organisation_id, reference, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(investigation, onss.org, `A11Y-${investigation.slice(0, 8)}`, onss.id, now, now);
    expect(completed, 'the demo seed has a completed check-list of onss@demo.relais.be').toBeTruthy();
    expect(referral?.id, 'the demo seed has a referral sent by onss@demo.relais.be').toBeTruthy();
    expect(draft, 'the demo seed has a draft of onss@demo.relais.be').toBeTruthy();
    return { completed, draft: draft!, investigation, referral: referral.id, centre: referral.centre.split('@')[0]! };
  } finally {
    sqlite.close();
  }
}

const WIDTHS = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 360, height: 740 },
] as const;

const AXE_WIDTH = { fr: 'desktop', nl: 'phone' } as const;

async function violationsOf(page: Page): Promise<string[]> {
  // Every rule, best practices included; target-size (WCAG 2.2, 2.5.8: 24 × 24 px) is off by default in axe.
  const result = await new AxeBuilder({ page }).options({ rules: { 'target-size': { enabled: true } } }).analyze();
  return result.violations.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('every page of the application has a line here', () => {
  expect(pagesInCode()).toEqual(Object.keys(PAGES).sort());
});

const accounts = [...new Set(Object.values(PAGES).flatMap((p) => p.as))];

for (const locale of ['fr', 'nl'] as const) {
  for (const account of accounts) {
    test(`${account} (${locale}): no axe violation and no sideways scroll at 1366 and 360 px`, async ({ browser }) => {
      test.setTimeout(180_000);
      const ids = fixtureIds();
      const who = account === 'centre' ? ids.centre : account;
      const pages = Object.entries(PAGES).filter(([, p]) => p.as.includes(account));
      const context = await browser.newContext({ locale: locale === 'fr' ? 'fr-BE' : 'nl-BE' });
      await context.addCookies([{ name: 'relais-locale', value: locale, url: test.info().project.use.baseURL! }]);
      if (who !== 'anonymous') await signInOverHttp(context.request, demo(who).email, demo(who).password);
      const page = await context.newPage();
      const problems: string[] = [];
      for (const url of pages.flatMap(([pattern, p]) => (p.path ? [p.path(ids)].flat() : [pattern]))) {
        // axe at one width per language (French at the desktop's, Dutch at the phone's: every page
        // gets both widths and both languages, at half the cost); no sideways scroll at the phone's.
        for (const size of WIDTHS) {
          await page.setViewportSize({ width: size.width, height: size.height });
          const response = await page.goto(url);
          expect(response?.status(), `${url} opens for ${who}`).toBeLessThan(400);
          if (size.name === AXE_WIDTH[locale])
            for (const v of await violationsOf(page)) problems.push(`${url} @${size.name}: ${v}`);
          if (size.name === 'phone') {
            const overflow = await horizontalOverflow(page);
            if (overflow > 0) problems.push(`${url} @${size.name}: scrolls sideways by ${overflow} px`);
          }
        }
      }
      await context.close();
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
}
