import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fr from '../../lib/i18n/messages/fr.json';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test } from './fixtures';
import { db, demo } from './support';

/**
 * Words as people read them (docs/decisions/0005-languages.md, 0024): every role's main pages
 * in Dutch, German and English with no catalogue key and no French left; plurals and decimals
 * by language; the check-list numbered once, its proposed answer ticked, its decision support
 * quoting answers, and the police asked the judicial arrondissement rather than an ONSS direction.
 */

type Locale = 'fr' | 'nl' | 'de' | 'en';

async function readIn(page: Page, locale: Locale) {
  await page.context().addCookies([{ name: 'relais-locale', value: locale, url: test.info().project.use.baseURL! }]);
}

/** Records of the demo seed that pages are opened with. */
function demoIds(): { completed: string; referral: string } {
  const sqlite = db();
  try {
    const onss = sqlite.prepare("SELECT id FROM users WHERE email = 'onss@demo.relais.be'").pluck().get() as string;
    const completed = sqlite
      .prepare("SELECT id FROM checklists WHERE created_by = ? AND status = 'completed' ORDER BY created_at LIMIT 1")
      .pluck()
      .get(onss) as string;
    const referral = sqlite
      .prepare('SELECT id FROM referrals WHERE created_by = ? ORDER BY received_at LIMIT 1')
      .pluck()
      .get(onss) as string;
    expect(completed, 'the demo seed has a completed check-list of the ONSS').toBeTruthy();
    expect(referral, 'the demo seed has a referral of the ONSS').toBeTruthy();
    return { completed, referral };
  } finally {
    sqlite.close();
  }
}

/** Each role's main pages (the demo account that opens them): every role of the access matrix has a line. */
const ROLE_PAGES = (ids: { completed: string; referral: string }): [string, string][] => [
  ['police', '/checklists'],
  ['police', '/referrals'],
  ['police', '/notifications'],
  ['police', '/account'],
  ['onss', '/checklists'],
  ['onss', `/checklists/${ids.completed}`],
  ['onss', `/checklists/${ids.completed}/print`],
  ['onss', '/investigations'],
  ['onss', '/referrals'],
  ['onss', `/referrals/${ids.referral}`],
  ['cls', '/checklists'],
  ['tutelles', '/referrals'],
  ['pagasa', '/inbox'],
  ['surya', '/inbox'],
  ['surya', '/inbox/new-request'],
  ['surya', '/notifications'],
  ['esperanto', '/inbox'],
  ['coordination', '/'],
  ['coordination', '/statistics'],
  ['coordination', '/statistics?publication=true'],
  ['coordination', '/import'],
  ['admin', '/admin/users'],
  ['admin', '/admin/users/new'],
  ['admin', '/admin/audit'],
  ['admin', '/admin/settings'],
];

/** A message key printed instead of its text: a top-level namespace of the catalogues, a dot, a name. */
const KEY = new RegExp(`\\b(?:${Object.keys(fr).join('|')})\\.[a-zA-Z_]+(?:\\.[a-zA-Z_]+)*\\b`);
/** The French names of organisations, and French words of the interface, that must not show in another language. */
const FRENCH = [
  'Direction provinciale',
  'Contrôle des lois sociales',
  'Service des Tutelles',
  'Zone de police',
  'Cellule interdépartementale',
  'Politique criminelle',
  'Police fédérale',
  'Enregistrer',
  'Rechercher',
  'Déconnexion',
  'obligatoire',
  'Télécharger',
  'répondu',
  'Brouillon',
  'Appliquer',
  'Annuler',
  'Rapport :',
  'place(s)',
  '(CLS) (CLS)',
  ' les ',
  ' une ',
  ' pour ',
  ' avec ',
];

/** The text a reader sees, without raw codes shown on purpose in <code> (e.g. the audit log's event code, a CSV column). */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const codes = Array.from(document.querySelectorAll<HTMLElement>('code, kbd, pre'));
    for (const c of codes) c.style.display = 'none';
    const text = document.body.innerText;
    for (const c of codes) c.style.display = '';
    return text;
  });
}

for (const locale of ['nl', 'de', 'en'] as const) {
  test(`every role's main pages read in ${locale}: no catalogue key, no French`, async ({ person }) => {
    test.setTimeout(240_000);
    const ids = demoIds();
    const pages = ROLE_PAGES(ids);
    const found: string[] = [];
    for (const account of [...new Set(pages.map(([a]) => a))]) {
      const { page } = await person(demo(account));
      await readIn(page, locale);
      for (const [, path] of pages.filter(([a]) => a === account)) {
        const response = await page.goto(path);
        expect(response?.status(), `${account} ${path}`).toBeLessThan(400);
        await expect(page.locator('html')).toHaveAttribute('lang', locale === 'en' ? 'en' : `${locale}-BE`);
        const text = await readableText(page);
        const key = KEY.exec(text);
        if (key) found.push(`${account} ${path}: key ${key[0]}`);
        for (const word of FRENCH) {
          const at = text.indexOf(word);
          if (at >= 0) found.push(`${account} ${path}: French "${text.slice(Math.max(0, at - 40), at + 60)}"`);
        }
      }
    }
    expect(found).toEqual([]);
  });
}

test('the check-list: numbered once, the proposed answer ticked, decision support quoting answers, the police asked the arrondissement', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'police-gent' });
  // A 16-year-old: the minor circumstance is proposed "yes" and left unanswered in the draft.
  const created = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: {
      answers: {
        'ctx.control_date': '2026-03-10',
        'vic.birth_date': '2010-03-10',
        'pay.level': 'very_low',
        'exp.long_hours': 'yes',
        'exp.hours_per_day': 10.5,
      },
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/checklists/${id}`);

  // Sections keep the circular's numbers, and the list does not count them again.
  const nav = page.getByRole('navigation', { name: 'Sections' });
  const entries = nav.getByRole('listitem');
  await expect(entries.first()).toContainText('0. Contexte');
  expect(await entries.first().evaluate((li) => getComputedStyle(li).listStyleType)).toBe('none');

  // The police are asked the judicial arrondissement, not an ONSS direction.
  await expect(page.getByLabel('Arrondissement judiciaire où les faits ont été constatés')).toBeVisible();
  await expect(page.getByLabel('Direction provinciale ONSS où les faits ont été constatés')).toHaveCount(0);
  await page
    .getByLabel('Arrondissement judiciaire où les faits ont été constatés')
    .selectOption({ label: 'Hal-Vilvorde' });
  await expect(page.getByTestId('save-state')).toHaveText('Tout est enregistré.');

  // The proposed answer shows ticked, and says so, while the draft holds only what was chosen.
  const minor = page.getByRole('group', { name: /^La victime est mineure/ });
  await expect(minor.getByRole('radio', { name: /^Oui/ })).toBeChecked();
  await expect(minor.getByRole('radio', { name: /^Non/ })).not.toBeChecked();
  await expect(minor).toContainText('proposé');
  const draft = (await (await page.request.get(`/api/v1/checklists/${id}`)).json()) as {
    answers: Record<string, unknown>;
  };
  expect(draft.answers['agg.victim_minor']).toBeUndefined();
  expect(draft.answers['ctx.judicial_arrondissement']).toBe('halle_vilvoorde');

  // Decision support quotes the answer, not only the question's name.
  await expect(page.getByTestId('support-pay.level')).toContainText('Très faible');
  await expect(page.getByTestId('support-exp.long_hours')).toContainText('Oui');

  // Completed with the arrondissement only, it counts in the direction it lies in.
  const { 'ctx.region': _region, ...withoutRegion } = VALID_ADULT_ANSWERS;
  const completed = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { complete: true, answers: { ...withoutRegion, 'ctx.judicial_arrondissement': 'halle_vilvoorde' } },
  });
  expect(completed.status()).toBe(201);
  const completedId = ((await completed.json()) as { id: string }).id;
  const sqlite = db();
  try {
    expect(sqlite.prepare('SELECT region FROM checklists WHERE id = ?').pluck().get(completedId)).toBe('vbr');
  } finally {
    sqlite.close();
  }
  const neither = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { complete: true, answers: withoutRegion },
  });
  expect(neither.status()).toBe(422);
  expect(Object.keys(((await neither.json()) as { errors: Record<string, unknown> }).errors)).toEqual([
    'ctx.judicial_arrondissement',
  ]);

  // Decimals as each language writes them.
  await expect(page.getByLabel(/^Heures par jour/)).toHaveValue('10,5');
  for (const [locale, expected] of [
    ['de', '10,5'],
    ['nl', '10,5'],
    ['en', '10.5'],
  ] as const) {
    await readIn(page, locale);
    await page.reload();
    await expect(page.locator('[id="item-exp.hours_per_day"]')).toHaveValue(expected);
  }

  // Plurals: "1 vraag", "3 vragen" (in Dutch); no "(s)".
  await readIn(page, 'nl');
  await page.reload();
  const progress = await page.locator('.checklist-section legend .section-progress').allInnerTexts();
  expect(progress.length).toBeGreaterThan(5);
  for (const p of progress) {
    const m = /^(\d+) van (\d+) (vraag|vragen) beantwoord$/.exec(p);
    expect(m, p).not.toBeNull();
    expect(m![3], p).toBe(m![2] === '1' ? 'vraag' : 'vragen');
  }
});

test('the publication note counts 1 to k−1 in every language, and statistics print decimals by language', async ({
  person,
}) => {
  const { page } = await person(demo('coordination'));
  for (const [locale, pattern] of [
    ['fr', /de 1 à (\d+) sont affichés « < (\d+) »/],
    ['nl', /van 1 tot (\d+) worden als ‘< (\d+)’/],
    ['de', /von 1 bis (\d+) werden als „< (\d+)“/],
    ['en', /counts 1 to (\d+) are shown as “< (\d+)”/],
  ] as const) {
    await readIn(page, locale);
    await page.goto('/statistics?publication=true&group=all');
    const note = await page.locator('.notice--info').first().innerText();
    const m = pattern.exec(note);
    expect(m, note).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]) - 1);
    expect(note).not.toContain('−');
    if (locale !== 'en') {
      const cells = await page.locator('td.num').allInnerTexts();
      // A decimal point (one or two decimals) is wrong here; "3.003" is Dutch and German for 3003.
      expect(cells.filter((c) => /\d\.\d{1,2}(?!\d)/.test(c))).toEqual([]);
    }
  }
});
