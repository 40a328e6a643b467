import type { Locator, Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test } from './fixtures';
import { completedChecklist, demo, referralInDb, scalar, sentReferral } from './support';

/**
 * Keyboard and screen-reader users (docs/accessibility.md): after every action the focus is on
 * what happened, read out as a status (or an alert for a refusal), never dropped to the page's
 * body; and the check-list is filled by keyboard alone in few key presses, with the focused field
 * never under the sticky bar.
 */

test.describe.configure({ timeout: 120_000 });

/** The element that has the focus is the outcome notice (not <body>), and says `text`. */
async function expectOutcomeFocused(page: Page, text: string | RegExp, role: 'status' | 'alert' = 'status') {
  const outcome = page.locator(`.outcome-notice[role="${role}"]`).filter({ hasText: text });
  await expect(outcome).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
}

/** Activates a control by keyboard: the focus on it, then Enter. */
async function pressEnterOn(control: Locator) {
  await control.focus();
  await control.press('Enter');
}

// ---------------------------------------------------------------------------------------------
// The check-list by keyboard alone

/** What the 8 required questions of an ONSS check-list are answered with, by keyboard: keys to type once the focus is in the question. */
const REQUIRED_BY_KEYBOARD: { code: string; keys: string[]; stored: unknown }[] = [
  // A date field takes its digits segment by segment and moves on by itself (day and month alike here:
  // the order of the segments follows the browser's language, not the page's).
  { code: 'ctx.control_date', keys: [...'03032025'], stored: '2025-03-03' },
  // A closed list chooses by the first letters typed.
  { code: 'ctx.region', keys: [...'bru'], stored: 'bru' },
  // A group of check boxes: Space ticks the first (sexual exploitation, which asks no sector).
  { code: 'ctx.forms', keys: [' '], stored: ['sexual'] },
  { code: 'vic.sex', keys: [' '], stored: 'm' },
  { code: 'vic.birth_date', keys: [...'04041990'], stored: '1990-04-04' },
  { code: 'vic.nationality', keys: [...'rou'], stored: 'RO' },
  { code: 'out.sufficient', keys: [' '], stored: 'yes' },
  { code: 'out.wish', keys: [' '], stored: 'accepts_referral' },
];

for (const width of [1366, 360]) {
  test(`a check-list's 8 required questions and completion by keyboard alone, in at most 60 key presses, the focused field never under the sticky bar (${width} px)`, async ({
    page,
    signInAs,
  }) => {
    const user = await signInAs({ role: 'referrer', organisation: 'onss-ant' });
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.goto(`/checklists/new?key=${randomUUID()}`);
    await page.waitForFunction(
      () => (window as { __relaisEarly?: { hydrated: boolean } }).__relaisEarly?.hydrated === true,
    );

    let presses = 0;
    let tabs = 0;
    const press = async (key: string) => {
      presses += 1;
      if (key === 'Tab') tabs += 1;
      await page.keyboard.press(key);
    };
    // The page's own shortcut, if it offers one (a page without it is reached by Tab alone).
    const offered = page.locator('[aria-keyshortcuts]');
    const shortcut = (await offered.count()) > 0 ? await offered.first().getAttribute('aria-keyshortcuts') : null;
    /** Whether the focus is in the question `code` (its field, or one of its radio buttons or check boxes). */
    const focusIn = (code: string) =>
      page.evaluate((c) => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.id === `item-${c}` || el?.name === c;
      }, code);
    /** The shortcut once, then Tab as long as the focus is not there yet. */
    const reach = async (isThere: () => Promise<boolean>) => {
      if (shortcut) await press(shortcut);
      while (!(await isThere())) {
        await press('Tab');
        expect(tabs, 'Tab presses before giving up').toBeLessThan(400);
      }
    };
    /** The focused control's box is not under the sticky bar, and is on the screen (WCAG 2.4.11). */
    const expectNotHidden = async (what: string) => {
      const boxes = await page.evaluate(() => {
        const bar = document.querySelector('.checklist-bar')?.getBoundingClientRect();
        const focused = document.activeElement!.getBoundingClientRect();
        return { barBottom: bar?.bottom ?? null, top: focused.top, bottom: focused.bottom, height: innerHeight };
      });
      expect(boxes.barBottom, 'the sticky bar').not.toBeNull();
      expect(boxes.top, `${what}: below the sticky bar`).toBeGreaterThanOrEqual(boxes.barBottom!);
      expect(boxes.bottom, `${what}: on the screen`).toBeLessThanOrEqual(boxes.height);
    };

    // Where the shortcut is offered, it must be there (the same steps, by Tab alone, measure a page without it).
    expect.soft(shortcut).toBe('Alt+N');
    for (const { code, keys } of REQUIRED_BY_KEYBOARD) {
      await reach(() => focusIn(code));
      if (shortcut) await expectNotHidden(code);
      for (const key of keys) await press(key);
    }
    const complete = page.getByRole('button', { name: 'Compléter la check-list', exact: true });
    await reach(() => complete.evaluate((el) => el === document.activeElement));
    if (shortcut)
      await expect(
        page.getByRole('status').filter({ hasText: 'Toutes les questions obligatoires ont une réponse.' }),
      ).toBeAttached();
    await press('Enter');

    // Completed, with every answer as typed, and the focus on what happened.
    await expectOutcomeFocused(page, 'Check-list complétée (version 1)');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const answers = JSON.parse(
      scalar<string>('SELECT answers FROM checklists WHERE id = ? AND created_by = ?', id, user.id),
    ) as Record<string, unknown>;
    for (const { code, stored } of REQUIRED_BY_KEYBOARD) expect(answers[code], code).toEqual(stored);

    console.log(`check-list by keyboard at ${width} px: ${presses} key presses (${tabs} Tab)`);
    // By Tab alone (the page before the shortcut), the same took 135 key presses, 108 of them Tab (136 and 109 at 360 px).
    expect(presses).toBeLessThanOrEqual(60);
  });
}

test('at 360 px, going back up the check-list with Shift+Tab never leaves the focused control under the sticky bar', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  await page.setViewportSize({ width: 360, height: 740 });
  const created = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers: { 'ctx.reference': `PV-BACK-${randomUUID().slice(0, 6)}` } },
  });
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/checklists/${id}`);
  await page.getByRole('button', { name: 'Compléter la check-list', exact: true }).focus();
  // Backwards, each control comes into view from the top, where the bar is.
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Shift+Tab');
    const boxes = await page.evaluate(() => {
      const bar = document.querySelector('.checklist-bar')!.getBoundingClientRect();
      const el = document.activeElement!;
      const focused = el.getBoundingClientRect();
      return { barBottom: bar.bottom, top: focused.top, what: el.id || el.getAttribute('name') || el.tagName };
    });
    expect(boxes.top, `${boxes.what}: below the sticky bar`).toBeGreaterThanOrEqual(boxes.barBottom);
  }
});

test('a group of answers chooses by the first letter typed; a group of check boxes only moves to it', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  const created = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers: { 'ctx.reference': `PV-KEYS-${randomUUID().slice(0, 6)}` } },
  });
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/checklists/${id}`);
  const sex = page.getByRole('group', { name: /^Sexe/ });
  await sex.getByRole('radio', { name: 'Homme' }).focus();
  await page.keyboard.press('f');
  await expect(sex.getByRole('radio', { name: 'Femme' })).toBeChecked();
  await expect(sex.getByRole('radio', { name: 'Femme' })).toBeFocused();
  await expect
    .poll(() => scalar<string>('SELECT json_extract(answers, \'$."vic.sex"\') FROM checklists WHERE id = ?', id))
    .toBe('f');
  // Case does not matter.
  const wish = page.getByRole('group', { name: /^Souhait de la personne/ });
  await wish.getByRole('radio', { name: /^Accepte/ }).focus();
  await page.keyboard.press('R');
  await expect(wish.getByRole('radio', { name: 'Refuse' })).toBeChecked();

  // Check boxes: the focus moves, nothing is ticked; the same letter again goes on to the next answer with it.
  const forms = page.getByRole('group', { name: /^Forme\(s\) d’exploitation/ });
  const sexual = forms.getByRole('checkbox', { name: 'Exploitation sexuelle' });
  await sexual.focus();
  await page.keyboard.press('e');
  const begging = forms.getByRole('checkbox', { name: 'Exploitation de la mendicité' });
  await expect(begging).toBeFocused();
  await expect(begging).not.toBeChecked();
  await page.keyboard.press('e');
  await expect(sexual).toBeFocused();
  await page.keyboard.press(' ');
  await expect(sexual).toBeChecked();
  await expect(begging).not.toBeChecked();
});

// ---------------------------------------------------------------------------------------------
// The outcome after every action

test('the referrer: starting a correction, discarding a draft and sending a referral each leave the focus on what happened', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ant' });

  // Start a correction.
  const corrected = await completedChecklist(page, { ...VALID_ADULT_ANSWERS, 'ctx.region': 'ant' });
  await page.goto(`/checklists/${corrected}`);
  await pressEnterOn(page.getByRole('button', { name: 'Corriger (nouvelle version)' }));
  await expectOutcomeFocused(page, 'Correction en cours : la version 1 reste celle qui compte');

  // Send a referral: the last look, then the referral's page opens on what was done.
  const checklistId = await completedChecklist(page, { ...VALID_ADULT_ANSWERS, 'ctx.region': 'ant' });
  await page.goto(`/checklists/${checklistId}`);
  const section = page.getByRole('region', { name: 'Orienter vers un centre spécialisé' });
  await section.getByRole('radio', { name: /^Payoke/ }).check();
  await section.getByLabel('Votre numéro pour être rappelé').fill('+32 3 555 12 12');
  await pressEnterOn(section.getByRole('button', { name: 'Vérifier avant d’envoyer' }));
  await expect(section.getByRole('heading', { name: 'Vérifiez ce que vous envoyez' })).toBeFocused();
  await pressEnterOn(section.getByRole('button', { name: 'Envoyer l’orientation' }));
  await expectOutcomeFocused(page, 'Orientation envoyée à Payoke ; le centre en est averti.');
  const referralId = /\/referrals\/([0-9a-f-]{36})/.exec(page.url())![1]!;

  // Withdraw it, in the dialog that asks for the reason.
  await pressEnterOn(page.getByRole('button', { name: 'Retirer l’orientation…' }));
  const dialog = page.getByRole('dialog', { name: 'Retirer l’orientation' });
  // Without the reason: refused, and the focus is on the refusal, in the dialog.
  await pressEnterOn(dialog.getByRole('button', { name: 'Confirmer : Retirer l’orientation' }));
  await expectOutcomeFocused(page, 'Choisissez un motif.', 'alert');
  await dialog.getByLabel('Motif').focus();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByLabel('Motif')).not.toHaveValue('');
  await pressEnterOn(dialog.getByRole('button', { name: 'Confirmer : Retirer l’orientation' }));
  await expectOutcomeFocused(
    page,
    'C’est fait : l’orientation est passée à « retirée ». Information envoyée à : Payoke.',
  );
  expect(referralInDb(referralId)?.status).toBe('withdrawn');

  // Discard a draft from the list.
  const reference = `PV-DISCARD-${randomUUID().slice(0, 6)}`;
  const draft = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers: { 'ctx.reference': reference } },
  });
  expect(draft.status()).toBe(201);
  await page.goto('/checklists');
  await pressEnterOn(page.getByRole('button', { name: `Supprimer le brouillon ${reference}` }));
  const discard = page.getByRole('dialog', { name: `Supprimer le brouillon ${reference} ?` });
  await pressEnterOn(discard.getByRole('button', { name: 'Oui, supprimer le brouillon' }));
  await expectOutcomeFocused(page, 'Le brouillon a été supprimé.');
});

test('the centre: taking up, accepting, ending an accompaniment, saving its capacity and registering a request each leave the focus on what happened', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-ant' });
  const worker = await person({ role: 'centre_staff', organisation: 'payoke' });
  const page = worker.page;
  const id = await sentReferral(
    inspector.page,
    await completedChecklist(inspector.page, { ...VALID_ADULT_ANSWERS, 'ctx.region': 'ant' }),
  );
  await page.goto(`/referrals/${id}`);
  await pressEnterOn(
    page.getByRole('form', { name: 'Prendre en compte' }).getByRole('button', { name: 'Prendre en compte' }),
  );
  await expectOutcomeFocused(
    page,
    /^C’est fait : l’orientation est passée à « prise en compte »\. Information envoyée à : /,
  );
  const accept = page.getByRole('form', { name: 'Mettre en route l’accompagnement' });
  await pressEnterOn(accept.getByRole('button', { name: 'Mettre en route l’accompagnement' }));
  await expectOutcomeFocused(page, 'l’orientation est passée à « accompagnement mis en route »');
  await pressEnterOn(page.getByRole('button', { name: 'Terminer l’accompagnement…' }));
  const dialog = page.getByRole('dialog', { name: 'Terminer l’accompagnement' });
  await dialog.getByLabel('Motif').focus();
  await page.keyboard.press('ArrowDown');
  await pressEnterOn(dialog.getByRole('button', { name: 'Confirmer : Terminer l’accompagnement' }));
  await expectOutcomeFocused(page, 'l’orientation est passée à « accompagnement terminé »');
  expect(referralInDb(id)?.status).toBe('closed');

  // The capacity, saved twice: each answer takes the focus.
  await page.goto('/inbox');
  const places = page.getByLabel('Places libres en maison d’accueil');
  const save = page.getByRole('button', { name: 'Mettre à jour la capacité' });
  for (let i = 0; i < 2; i += 1) {
    await pressEnterOn(save);
    await expectOutcomeFocused(page, 'Capacité mise à jour.');
  }
  // A refusal takes it too, as an alert.
  const before = await places.inputValue();
  await places.fill('abc');
  await pressEnterOn(save);
  await expectOutcomeFocused(page, /champ est à corriger/, 'alert');
  await places.fill(before);
  await pressEnterOn(save);
  await expectOutcomeFocused(page, 'Capacité mise à jour.');

  // A request that came another way: the new referral's page opens on it.
  await page.goto('/inbox/new-request');
  await page.getByLabel('Canal').selectOption({ index: 1 });
  await page.getByLabel('Date de la demande').fill(`${new Date().getFullYear()}-01-02`);
  await page.getByLabel('Sexe').selectOption({ index: 1 });
  await page.getByLabel('Nationalité').selectOption({ value: 'BG' });
  await page.getByRole('checkbox', { name: /^Travail ou services/ }).check();
  await pressEnterOn(page.getByRole('button', { name: 'Enregistrer la demande' }));
  await expectOutcomeFocused(page, 'Demande enregistrée.');
});

test('administration: a setting saved and an API token issued leave the focus on what happened', async ({
  page,
  signInAs,
  person,
}) => {
  await signInAs({ role: 'admin', organisation: 'myria' });
  await page.goto('/admin/settings');
  // The same value (other tests rely on k = 5): saved, said and focused.
  await page.getByLabel(/Seuil k/).fill('5');
  await pressEnterOn(page.getByRole('button', { name: 'Enregistrer le seuil' }));
  await expectOutcomeFocused(page, 'Seuil enregistré : k = 5.');

  const admin = (await person(demo('admin'))).page;
  await admin.goto('/admin/tokens');
  await admin.getByLabel('Nom de l’intégration').fill(`keys-${randomUUID().slice(0, 6)}`);
  await admin.getByRole('checkbox').first().check();
  await pressEnterOn(admin.getByRole('button', { name: 'Émettre' }));
  await expectOutcomeFocused(admin, 'Copiez ce jeton maintenant');
});
