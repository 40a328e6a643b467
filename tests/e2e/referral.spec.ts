import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test, type NewPerson } from './fixtures';
import { caseLabel } from '../../lib/referrals/case-label';
import { completedChecklist, db, formAlert, referralInDb, scalar, sentReferral } from './support';

/**
 * Referral to a specialised centre in the browser (docs/domain/referrals.md): the referrer's form with
 * the suggested centre and the capacities, the centre's inbox and actions, the referrer kept up
 * to date without reloading, minors to Esperanto with the guardianship service following,
 * redirects and their chain, two people acting at once, and the scope of each organisation.
 */

// Several people at several desks, and pages that refresh themselves every 10 seconds.
test.describe.configure({ timeout: 120_000 });

// A referral just sent opens on what was done (`?done=sent`: docs/accessibility.md).
const REFERRAL_URL = /\/referrals\/([0-9a-f-]{36})(?:\?done=sent)?$/;

/** A valid complete answer set: an adult, economic exploitation, detected in Liège (Sürya suggested). */
const ADULT_ANSWERS = { ...VALID_ADULT_ANSWERS, 'ctx.region': 'lie', 'vic.name': 'Ion P.' };

/** A 16-year-old at the control date, unaccompanied. */
const MINOR_ANSWERS = {
  ...ADULT_ANSWERS,
  'vic.birth_date': '2010-03-10',
  'vic.unaccompanied': 'yes',
  'vic.name': 'Amira K.',
  'vic.sex': 'f',
  'vic.nationality': 'NG',
  'ctx.forms': ['sexual'],
  'ctx.sector': undefined,
};

const referSection = (page: Page) => page.getByRole('region', { name: 'Orienter vers un centre spécialisé' });
/** The status badge at the top of a referral page. */
const statusBadge = (page: Page) => page.locator('p.lead .badge').first();
const timeline = (page: Page) => page.getByRole('region', { name: 'Historique' }).getByRole('listitem');
const actionForm = (page: Page, name: string) => page.getByRole('form', { name });
/** An action that ends or moves a referral: its button opens a dialog that says what will happen (decision 0023). */
async function openAction(page: Page, name: string) {
  await page.getByRole('button', { name: `${name}…` }).click();
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  return dialog;
}
/** The case label of a referral from a check-list without a reference. */
const caseOf = (checklistId: string) => caseLabel({ referralId: '', reference: null, checklistId });
/** "Check what you send", then send. */
async function reviewAndSend(section: ReturnType<typeof referSection>) {
  await section.getByRole('button', { name: 'Vérifier avant d’envoyer' }).click();
  await expect(section.getByRole('heading', { name: 'Vérifiez ce que vous envoyez' })).toBeVisible();
  await section.getByRole('button', { name: 'Envoyer l’orientation' }).click();
}
/** A list row's cells after the case: person, date, status, then the columns of the reader's view. */
const DATE = /^\d{1,2}\/\d{1,2}\/\d{2,4},? \d{1,2}:\d{2}$/;
/** The inbox or list row of one referral (the list never names the person, so find it by its link). */
const listRow = (page: Page, id: string) =>
  page.getByRole('row').filter({ has: page.locator(`a[href="/referrals/${id}"]`) });

/** The statuses of the notifications a user got for a referral, oldest first (all, or only the unread ones). */
function notifiedStatuses(userId: string, referralId: string, unreadOnly = false): string[] {
  const sqlite = db();
  try {
    return sqlite
      .prepare(
        `SELECT status FROM notifications WHERE user_id = ? AND referral_id = ? ${unreadOnly ? 'AND read_at IS NULL' : ''} ORDER BY at`,
      )
      .pluck()
      .all(userId, referralId) as string[];
  } finally {
    sqlite.close();
  }
}
const unreadNotifications = (userId: string, referralId: string) => notifiedStatuses(userId, referralId, true);

function capacityLine(code: string): string {
  const sqlite = db();
  try {
    const row = sqlite
      .prepare(
        'SELECT c.places_free AS places, c.ambulatory_open AS open FROM centre_capacity c JOIN organisations o ON o.id = c.centre_id WHERE o.code = ?',
      )
      .get(code) as { places: number; open: number } | undefined;
    if (!row) return 'capacité non communiquée';
    const places =
      row.places === 0 ? 'aucune place libre' : row.places === 1 ? '1 place libre' : `${row.places} places libres`;
    return `${places} en maison d’accueil ; accompagnement ambulatoire ${row.open ? 'ouvert' : 'fermé'}`;
  } finally {
    sqlite.close();
  }
}

test('an ONSS inspector refers an adult to Sürya; the centre acknowledges and accepts; the inspector sees it without reloading', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-lie' });
  const colleague = await person({ role: 'referrer', organisation: 'onss-lie' });
  const worker = await person({ role: 'centre_staff', organisation: 'surya' });
  const page = inspector.page;
  const checklistId = await completedChecklist(page, ADULT_ANSWERS);
  await page.goto(`/checklists/${checklistId}`);

  // The form: the three adult centres, Sürya suggested for Liège and pre-selected, each with its capacity.
  const section = referSection(page);
  await expect(section).toBeVisible();
  const radios = section.getByRole('radio');
  await expect(radios).toHaveCount(3);
  const surya = section.getByRole('radio', { name: /^Sürya/ });
  await expect(surya).toBeEnabled();
  // Pre-selected when it has a place; when it has none, the form says so and the referrer chooses.
  if (capacityLine('surya').startsWith('aucune place')) {
    await expect(surya).not.toBeChecked();
    await expect(
      section.getByText('Le centre suggéré, Sürya, n’a plus de place libre : choisissez un centre.'),
    ).toBeVisible();
    await surya.check();
  }
  await expect(surya).toBeChecked();
  await expect(surya).toHaveAccessibleName(
    `Sürya — suggéré pour cette direction provinciale · ${capacityLine('surya')}`,
  );
  const payoke = section.getByRole('radio', { name: /^Payoke/ });
  await expect(payoke).toHaveAccessibleName(`Payoke · ${capacityLine('payoke')}`);
  // (PAG-ASA's capacity may be changed meanwhile by another test: its form only.)
  const pagAsa = section.getByRole('radio', { name: /^PAG-ASA/ });
  await expect(pagAsa).toHaveAccessibleName(
    /^PAG-ASA · ((aucune place libre|1 place libre|\d+ places libres) en maison d’accueil ; accompagnement ambulatoire (ouvert|fermé)|capacité non communiquée)$/,
  );
  for (const other of [payoke, pagAsa]) {
    await expect(other).not.toBeChecked();
    await expect(other).toBeEnabled();
  }
  // The suggested centre needs no reason.
  await expect(section.getByLabel('Motif du choix d’un autre centre')).toHaveCount(0);
  await expect(section.getByText('Personne mineure')).toHaveCount(0);

  const needs = `Hébergement ce soir ${randomUUID().slice(0, 6)}`;
  await section.getByLabel('Besoins urgents (hébergement, soins, sécurité…)').fill(needs);
  await section.getByLabel('Votre numéro pour être rappelé').fill('+32 4 123 45 67');
  await reviewAndSend(section);
  await expect(page).toHaveURL(REFERRAL_URL);
  const id = REFERRAL_URL.exec(page.url())![1]!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${caseOf(checklistId)} — Sürya`);
  await expect(statusBadge(page)).toHaveText('envoyée');
  await expect(timeline(page)).toHaveCount(1);
  expect(referralInDb(id)).toEqual({ status: 'sent', version: 1 });
  expect(
    scalar<string>('SELECT o.code FROM referrals r JOIN organisations o ON o.id = r.centre_id WHERE r.id = ?', id),
  ).toBe('surya');
  // The referrer cannot act for the centre.
  await expect(page.getByRole('button', { name: 'Prendre en compte' })).toHaveCount(0);
  await expect(page.getByTestId('unread-count')).toHaveCount(0);
  // The colleague opens the organisation's referrals and leaves the list open.
  await colleague.page.goto('/referrals');
  await expect(listRow(colleague.page, id).getByRole('rowheader')).toHaveText(caseOf(checklistId));
  await expect(listRow(colleague.page, id).getByRole('cell')).toHaveText([
    /^I\. P\. · Homme · \d+ ans · majeur$/,
    DATE,
    'envoyée',
    'Sürya',
    'Traite des êtres humains',
  ]);
  await expect(colleague.page.getByTestId('unread-count')).toHaveCount(0);
  // A marker that survives only as long as the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { __keptOpen: string }).__keptOpen = 'yes'));

  // The centre, at another desk: the inbox lists it (adult, from the ONSS Liège), then the referral.
  const centre = worker.page;
  await centre.goto('/inbox');
  await expect(centre.getByRole('heading', { level: 1 })).toHaveText('Boîte de réception');
  const row = listRow(centre, id);
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell')).toHaveText([
    /^I\. P\. · Homme · \d+ ans · majeur$/,
    DATE,
    'envoyée À vous d’agir',
    /Liège/,
    'Traite des êtres humains',
  ]);
  await expect(row).not.toContainText('Ion P.');
  await row.getByRole('link').click();
  await expect(centre).toHaveURL(new RegExp(`/referrals/${id}$`));
  await expect(centre.getByRole('heading', { level: 1 })).toHaveText(`${caseOf(checklistId)} — Sürya`);
  const packet = centre.getByRole('region', { name: 'Paquet transmis au centre' });
  await expect(packet).toContainText('Ion P.');
  await expect(packet).toContainText(needs);
  await expect(packet).toContainText('+32 4 123 45 67');
  // The centre does not get the check-list itself.
  await expect(centre.getByRole('link', { name: 'Ouvrir la check-list' })).toHaveCount(0);

  await actionForm(centre, 'Prendre en compte').getByRole('button', { name: 'Prendre en compte' }).click();
  await expect(statusBadge(centre)).toHaveText('prise en compte');
  await actionForm(centre, 'Mettre en route l’accompagnement')
    .getByRole('button', { name: 'Mettre en route l’accompagnement' })
    .click();
  await expect(statusBadge(centre)).toHaveText('accompagnement mis en route');
  await expect(timeline(centre)).toHaveCount(3);
  expect(referralInDb(id)).toEqual({ status: 'accepted', version: 3 });

  // The inspector did nothing: the page brings the new status by itself.
  await expect(statusBadge(page)).toHaveText('accompagnement mis en route', { timeout: 25_000 });
  await expect(timeline(page)).toHaveCount(3);
  await expect(timeline(page).nth(1)).toContainText(`prise en compte — ${worker.user.name} (Sürya)`);
  await expect(timeline(page).nth(2)).toContainText(`accompagnement mis en route — ${worker.user.name} (Sürya)`);
  expect(await page.evaluate(() => (window as unknown as { __keptOpen?: string }).__keptOpen)).toBe('yes');
  await expect(page).toHaveURL(new RegExp(`/referrals/${id}(?:\\?done=sent)?$`));
  // Both changes were notified to the referring organisation (the inspector included).
  expect(unreadNotifications(colleague.user.id, id)).toEqual(['acknowledged', 'accepted']);
  expect(notifiedStatuses(inspector.user.id, id)).toEqual(['acknowledged', 'accepted']);

  // A colleague who kept the organisation's list open sees the unread count and the new status appear.
  await expect(colleague.page.getByTestId('unread-count')).toBeVisible({ timeout: 25_000 });
  await expect(colleague.page.getByTestId('unread-count')).toHaveText(/^\s*[1-9]\d*\s+non lues$/);
  await expect(listRow(colleague.page, id).getByRole('cell').nth(2)).toHaveText('accompagnement mis en route', {
    timeout: 25_000,
  });
});

test('the referrer who keeps the referral page open sees an unread count appear when the centre acts', async ({
  person,
}) => {
  // Notifications are marked read when the page is opened, not by its automatic refreshes.
  const inspector = await person({ role: 'referrer', organisation: 'onss-ovl' });
  const worker = await person({ role: 'centre_staff', organisation: 'payoke' });
  const page = inspector.page;
  const id = await sentReferral(page, await completedChecklist(page, { ...ADULT_ANSWERS, 'ctx.region': 'ovl' }));
  await page.goto(`/referrals/${id}`);
  await expect(statusBadge(page)).toHaveText('envoyée');
  await expect(page.getByTestId('unread-count')).toHaveCount(0);

  const ack = await worker.page.request.post(`/api/v1/referrals/${id}/transitions`, {
    data: { to: 'acknowledged', expectedVersion: 1 },
  });
  expect(ack.status()).toBe(200);
  expect(notifiedStatuses(inspector.user.id, id)).toEqual(['acknowledged']);

  // The automatic refresh brings the new status…
  await expect(statusBadge(page)).toHaveText('prise en compte', { timeout: 25_000 });
  // …but the inspector has read nothing: the notification stays unread…
  expect(unreadNotifications(inspector.user.id, id)).toEqual(['acknowledged']);
  // …and, one refresh later (the inspector still did nothing), the count is shown.
  await page.waitForResponse(
    (r) =>
      r.request().method() === 'GET' &&
      r.request().headers()['rsc'] === '1' &&
      new URL(r.url()).pathname === `/referrals/${id}`,
    { timeout: 25_000 },
  );
  await expect(page.getByTestId('unread-count')).toHaveText(/^\s*1\s+non lues$/);
});

test('a minor goes to Esperanto only; the guardianship service follows it read-only and Esperanto receives it', async ({
  person,
}) => {
  const officer = await person({ role: 'referrer', organisation: 'police-gent' });
  const guardian = await person({ role: 'referrer', organisation: 'tutelles' });
  const worker = await person({ role: 'centre_staff', organisation: 'esperanto' });
  const page = officer.page;
  const checklistId = await completedChecklist(page, { ...MINOR_ANSWERS, 'ctx.region': 'ovl' });
  await page.goto(`/checklists/${checklistId}`);
  const section = referSection(page);
  await expect(section.getByText('Personne mineure : l’orientation va à Esperanto')).toHaveText(
    'Personne mineure : l’orientation va à Esperanto, et le Service des Tutelles est notifié en même temps pour qu’un tuteur soit désigné sans délai.',
  );
  const radios = section.getByRole('radio');
  await expect(radios).toHaveCount(1);
  await expect(section.getByRole('radio', { name: /^Esperanto/ })).toBeChecked();
  await expect(section.getByRole('radio', { name: /^(Payoke|Sürya|PAG-ASA)/ })).toHaveCount(0);
  await expect(section.getByLabel('Motif du choix d’un autre centre')).toHaveCount(0);

  await section.getByLabel('Aucun rappel possible').check();
  await reviewAndSend(section);
  await expect(page).toHaveURL(REFERRAL_URL);
  const id = REFERRAL_URL.exec(page.url())![1]!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${caseOf(checklistId)} — Esperanto`);
  await expect(page.locator('p.lead')).toContainText('mineur');
  await expect(statusBadge(page)).toHaveText('envoyée');
  expect(
    scalar<string>('SELECT o.code FROM referrals r JOIN organisations o ON o.id = r.centre_id WHERE r.id = ?', id),
  ).toBe('esperanto');
  expect(
    scalar<string>(
      'SELECT o.code FROM referrals r JOIN organisations o ON o.id = r.guardianship_organisation_id WHERE r.id = ?',
      id,
    ),
  ).toBe('tutelles');
  expect(scalar<number>('SELECT minor FROM referrals WHERE id = ?', id)).toBe(1);

  // The guardianship service: told at once, sees it in its list and can open it, without any action.
  const tutelles = guardian.page;
  await tutelles.goto('/notifications');
  await expect(tutelles.locator(`a[href="/referrals/${id}"]`)).toHaveText(
    `${caseOf(checklistId)} — Orientation d’un mineur vers Esperanto : désignation d’un tuteur`,
  );
  await tutelles.goto('/referrals');
  const row = listRow(tutelles, id);
  await expect(row).toHaveCount(1);
  // Who sent it, not the guardianship service itself.
  await expect(row.getByRole('cell')).toHaveText([
    /^A\. K\. · Femme · 16 ans · mineur$/,
    DATE,
    'envoyée',
    'Esperanto',
    /Gent|Gand/,
    'Traite des êtres humains',
  ]);
  await row.getByRole('link').click();
  await expect(tutelles).toHaveURL(new RegExp(`/referrals/${id}$`));
  await expect(tutelles.getByRole('heading', { level: 1 })).toHaveText(`${caseOf(checklistId)} — Esperanto`);
  await expect(
    tutelles.getByText('Vous suivez cette orientation ; seuls le service référent et le centre agissent.'),
  ).toBeVisible();
  await expect(tutelles.getByRole('heading', { name: 'Actions possibles' })).toHaveCount(0);
  await expect(tutelles.getByRole('main').getByRole('form')).toHaveCount(0);
  await expect(
    tutelles.getByRole('button', { name: /Prendre en compte|Retirer l’orientation|Réorienter/ }),
  ).toHaveCount(0);
  await expect(tutelles.getByRole('link', { name: 'Ouvrir la check-list' })).toHaveCount(0);
  await expect(tutelles.getByRole('region', { name: 'Paquet transmis au centre' })).toContainText('Amira K.');
  // And the API refuses any action from them.
  const act = await tutelles.request.post(`/api/v1/referrals/${id}/transitions`, {
    data: { to: 'withdrawn', reason: 'sent_by_mistake', expectedVersion: 1 },
  });
  expect(act.status()).toBe(404);
  expect(referralInDb(id)).toEqual({ status: 'sent', version: 1 });

  // Esperanto receives it in its inbox, marked as a minor.
  const centre = worker.page;
  await centre.goto('/inbox');
  const inboxRow = listRow(centre, id);
  await expect(inboxRow).toHaveCount(1);
  await expect(inboxRow.getByRole('cell')).toHaveText([
    /^A\. K\. · Femme · 16 ans · mineur$/,
    DATE,
    'envoyée À vous d’agir',
    /Gent|Gand/,
    'Traite des êtres humains',
  ]);
  await inboxRow.getByRole('link').click();
  await expect(centre.getByRole('button', { name: 'Prendre en compte' })).toBeVisible();
});

test('no place at Sürya, the inspector redirects to Payoke, Payoke accepts; the chain is shown and Sürya sees only its own', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-hai' });
  const suryaWorker = await person({ role: 'centre_staff', organisation: 'surya' });
  const payokeWorker = await person({ role: 'centre_staff', organisation: 'payoke' });
  const page = inspector.page;
  const checklistId = await completedChecklist(page, { ...ADULT_ANSWERS, 'ctx.region': 'hai' });
  await page.goto(`/checklists/${checklistId}`);
  // (Sürya, suggested for Hainaut, is pre-selected only while it has a place.)
  await referSection(page)
    .getByRole('radio', { name: /^Sürya/ })
    .check();
  await referSection(page).getByLabel('Votre numéro pour être rappelé').fill('+32 65 00 00 00');
  await reviewAndSend(referSection(page));
  await expect(page).toHaveURL(REFERRAL_URL);
  const first = REFERRAL_URL.exec(page.url())![1]!;

  // Sürya: no place, with a reason.
  const surya = suryaWorker.page;
  await surya.goto(`/referrals/${first}`);
  const noPlace = await openAction(surya, 'Pas de place');
  await expect(noPlace).toContainText('Seront informés : ONSS');
  await noPlace.getByLabel('Motif').selectOption({ label: 'Maison d’accueil complète' });
  await noPlace.getByRole('button', { name: 'Confirmer : Pas de place' }).click();
  await expect(statusBadge(surya)).toHaveText('pas de place');
  await expect(timeline(surya).last()).toContainText('pas de place');
  await expect(timeline(surya).last()).toContainText('Maison d’accueil complète');
  expect(referralInDb(first)).toEqual({ status: 'no_capacity', version: 2 });

  // The inspector redirects to Payoke (Sürya itself is not offered).
  await page.reload();
  await expect(statusBadge(page)).toHaveText('pas de place');
  const redirect = await openAction(page, 'Réorienter vers un autre centre');
  const target = redirect.getByLabel('Nouveau centre');
  await expect(target.getByRole('option')).toHaveText(['— Choisir —', /^PAG-ASA/, /^Payoke/]);
  await target.selectOption('payoke');
  await redirect.getByLabel('Motif').selectOption({ label: 'Pas de place libre' });
  await redirect.getByRole('button', { name: 'Confirmer : Réorienter vers un autre centre' }).click();
  await expect(statusBadge(page)).toHaveText('réorientée');
  const nextNotice = page.getByText('Réorientée vers :');
  await expect(nextNotice).toBeVisible();
  await expect(nextNotice).toContainText('Payoke (envoyée)');
  const second = scalar<string>('SELECT id FROM referrals WHERE previous_referral_id = ?', first);
  expect(second).toBeTruthy();
  expect(referralInDb(first)).toEqual({ status: 'redirected', version: 3 });
  expect(referralInDb(second)).toEqual({ status: 'sent', version: 1 });
  await expect(nextNotice.getByRole('link', { name: 'Payoke' })).toHaveAttribute('href', `/referrals/${second}`);

  // Payoke finds it in its inbox, acknowledges and accepts.
  const payoke = payokeWorker.page;
  await payoke.goto('/inbox');
  const row = listRow(payoke, second);
  await expect(row.getByRole('cell')).toHaveText([
    /^I\. P\. · Homme · \d+ ans · majeur$/,
    DATE,
    'envoyée À vous d’agir',
    /Hainaut|Henegouwen/,
    'Traite des êtres humains',
  ]);
  // A redirect keeps the case's label.
  await expect(row.getByRole('rowheader')).toHaveText(caseOf(checklistId));
  await row.getByRole('link').click();
  await expect(payoke).toHaveURL(new RegExp(`/referrals/${second}$`));
  await expect(payoke.getByRole('heading', { level: 1 })).toHaveText(`${caseOf(checklistId)} — Payoke`);
  await actionForm(payoke, 'Prendre en compte').getByRole('button', { name: 'Prendre en compte' }).click();
  await expect(statusBadge(payoke)).toHaveText('prise en compte');
  await actionForm(payoke, 'Mettre en route l’accompagnement')
    .getByRole('button', { name: 'Mettre en route l’accompagnement' })
    .click();
  await expect(statusBadge(payoke)).toHaveText('accompagnement mis en route');
  expect(referralInDb(second)).toEqual({ status: 'accepted', version: 3 });

  // The chain, both ways, for the referrer.
  await nextNotice.getByRole('link', { name: 'Payoke' }).click();
  await expect(page).toHaveURL(new RegExp(`/referrals/${second}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${caseOf(checklistId)} — Payoke`);
  await expect(statusBadge(page)).toHaveText('accompagnement mis en route');
  const previousNotice = page.getByText('Réorientation de :');
  await expect(previousNotice).toContainText('Sürya (réorientée)');
  await previousNotice.getByRole('link', { name: 'Sürya' }).click();
  await expect(page).toHaveURL(new RegExp(`/referrals/${first}$`));
  await expect(page.getByText('Réorientée vers :')).toContainText('Payoke (accompagnement mis en route)');

  // Sürya: the new referral is none of its business; its own (redirected) one stays visible.
  const response = await surya.goto(`/referrals/${second}`);
  expect(response?.status()).toBe(404);
  await expect(surya.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  await expect(surya.getByText('Payoke')).toHaveCount(0);
  const own = await surya.goto(`/referrals/${first}`);
  expect(own?.status()).toBe(200);
  await expect(surya.getByRole('heading', { level: 1 })).toHaveText(`${caseOf(checklistId)} — Sürya`);
  await expect(statusBadge(surya)).toHaveText('réorientée');
  await expect(surya.getByText('Réorientée vers :')).toHaveCount(0);
  await expect(surya.locator(`a[href="/referrals/${second}"]`)).toHaveCount(0);
  await expect(surya.getByRole('heading', { name: 'Actions possibles' })).toHaveCount(0);
  expect((await surya.request.get(`/api/v1/referrals/${second}`)).status()).toBe(404);
});

/**
 * Two Sürya workers on the same sent referral: the first acknowledges, the second — whose page
 * still shows version 1 — clicks "Pas de place" right after (well before the 10 s refresh).
 * Returns the second's page and the server's answer to its action.
 */
async function twoWorkersAtOnce(person: NewPerson, organisationCode: string, region: string) {
  const inspector = await person({ role: 'referrer', organisation: organisationCode });
  const first = await person({ role: 'centre_staff', organisation: 'surya' });
  const second = await person({ role: 'centre_staff', organisation: 'surya' });
  const checklistId = await completedChecklist(inspector.page, { ...ADULT_ANSWERS, 'ctx.region': region });
  const id = await sentReferral(inspector.page, checklistId);

  // The second opens it last, so that its own 10 s refresh is as far away as possible.
  await first.page.goto(`/referrals/${id}`);
  await expect(statusBadge(first.page)).toHaveText('envoyée');
  await second.page.goto(`/referrals/${id}`);
  await expect(statusBadge(second.page)).toHaveText('envoyée');
  // The second prepares "no place" while the first acknowledges.
  const noPlace = await openAction(second.page, 'Pas de place');
  await noPlace.getByLabel('Motif').selectOption({ label: 'Profil non adapté au centre' });
  await noPlace.getByLabel('Note (facultative)').fill('Plus de place cette semaine');

  await actionForm(first.page, 'Prendre en compte').getByRole('button', { name: 'Prendre en compte' }).click();
  await expect(statusBadge(first.page)).toHaveText('prise en compte');
  expect(referralInDb(id)).toEqual({ status: 'acknowledged', version: 2 });
  // The second page still shows what it loaded (version 1) and acts on it.
  await expect(statusBadge(second.page)).toHaveText('envoyée');
  // Keep a copy of the server's answer to the second's action (a streamed response the page consumes).
  let answer: string | null = null;
  await second.page.route(`**/referrals/${id}`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    const response = await route.fetch();
    answer = await response.text();
    await route.fulfill({ response, body: answer });
  });
  await noPlace.getByRole('button', { name: 'Confirmer : Pas de place' }).click();
  await expect.poll(() => answer).not.toBeNull();
  return { id, page: second.page, answer: answer as string | null };
}

test("two Sürya workers act at once: the second one's action is refused, nothing is overwritten, and the page shows the current state", async ({
  person,
}) => {
  const { id, page, answer } = await twoWorkersAtOnce(person, 'onss-nam_lux', 'nam_lux');
  // The server refused it as a conflict (the version seen was 1)…
  expect(answer).not.toBeNull();
  await expect(page).toHaveURL(/[?&]conflict=1/);
  // …wrote nothing…
  expect(referralInDb(id)).toEqual({ status: 'acknowledged', version: 2 });
  expect(
    scalar<number>("SELECT count(*) FROM referral_events WHERE referral_id = ? AND to_status = 'no_capacity'", id),
  ).toBe(0);
  // …and the page now shows the current state.
  await expect(statusBadge(page)).toHaveText('prise en compte');
  await expect(timeline(page)).toHaveCount(2);
  await expect(timeline(page).last()).toContainText('prise en compte');
  await expect(page.getByRole('button', { name: 'Prendre en compte' })).toHaveCount(0);
});

test('two Sürya workers act at once: the second one is told that someone acted meanwhile', async ({ person }) => {
  // The refused action brings the second worker back to the current state with the message on top.
  const { id, page, answer } = await twoWorkersAtOnce(person, 'onss-wvl', 'lie');
  expect(answer).not.toBeNull();
  await expect(page).toHaveURL(/[?&]conflict=1/);
  expect(referralInDb(id)).toEqual({ status: 'acknowledged', version: 2 });
  await expect(formAlert(page)).toHaveText(
    'Quelqu’un a agi sur cette orientation entre-temps ; rien n’a été écrasé. Voici son état actuel : vérifiez-le avant d’agir à nouveau.',
  );
  // The focus is on that message, not lost with the dialog that was pressed.
  await expect(formAlert(page)).toBeFocused();
});

test('Payoke staff get "not found" for a Sürya referral, by page and by API, and nothing changes', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-bwa' });
  const outsider = await person({ role: 'centre_staff', organisation: 'payoke' });
  const checklistId = await completedChecklist(inspector.page, {
    ...ADULT_ANSWERS,
    'ctx.region': 'bwa',
    'vic.name': 'Secret Name',
  });
  const id = await sentReferral(inspector.page, checklistId);
  expect(
    scalar<string>('SELECT o.code FROM referrals r JOIN organisations o ON o.id = r.centre_id WHERE r.id = ?', id),
  ).toBe('surya');
  const before = referralInDb(id);
  const events = scalar<number>('SELECT count(*) FROM referral_events WHERE referral_id = ?', id);

  const page = outsider.page;
  const response = await page.goto(`/referrals/${id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  await expect(page.getByText('Secret Name')).toHaveCount(0);

  const get = await page.request.get(`/api/v1/referrals/${id}`);
  expect(get.status()).toBe(404);
  expect(((await get.json()) as { error: { key: string } }).error.key).toBe('errors.notFound');
  for (const data of [
    { to: 'acknowledged', expectedVersion: 1 },
    { to: 'no_capacity', reason: 'shelter_full', expectedVersion: 1 },
    { to: 'redirected', reason: 'no_place', redirectTo: 'payoke', expectedVersion: 1 },
  ]) {
    const post = await page.request.post(`/api/v1/referrals/${id}/transitions`, { data });
    expect(post.status(), data.to).toBe(404);
    expect(((await post.json()) as { error: { key: string } }).error.key).toBe('errors.notFound');
  }
  const list = (await (await page.request.get('/api/v1/referrals')).json()) as { referrals: { id: string }[] };
  expect(list.referrals.map((r) => r.id)).not.toContain(id);
  await page.goto('/inbox');
  await expect(listRow(page, id)).toHaveCount(0);

  expect(referralInDb(id)).toEqual(before);
  expect(before).toEqual({ status: 'sent', version: 1 });
  expect(scalar<number>('SELECT count(*) FROM referral_events WHERE referral_id = ?', id)).toBe(events);
});

test('when the person refuses, nothing is sent: the check-list says so and offers no referral form', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-lim' });
  const page = inspector.page;
  const checklistId = await completedChecklist(page, {
    ...ADULT_ANSWERS,
    'ctx.region': 'lim',
    'out.wish': 'refuses',
    'out.refusal_reason': 'fear',
  });
  await page.goto(`/checklists/${checklistId}`);
  const section = referSection(page);
  await expect(section).toBeVisible();
  await expect(section.getByText('La personne refuse l’orientation')).toHaveText(
    'La personne refuse l’orientation : aucune orientation n’est envoyée. Le refus et son motif sont conservés dans la check-list et comptés dans les statistiques.',
  );
  await expect(section.getByRole('radio')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Envoyer l’orientation' })).toHaveCount(0);
  await expect(section.getByRole('link')).toHaveCount(0);
  expect(scalar<number>('SELECT count(*) FROM referrals WHERE checklist_id = ?', checklistId)).toBe(0);
});
