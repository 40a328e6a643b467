import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { caseLabel } from '../../lib/referrals/case-label';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test } from './fixtures';
import { completedChecklist, referralInDb, scalar, sentReferral } from './support';

/**
 * A working day for each role, read as a person reads it (decision 0023): lists whose rows name
 * their case, what waits for the reader first, notifications that name the case, actions with
 * consequences confirmed in a dialog with the reason the server requires, a minor's referral
 * without dead ends, and a draft stored only at its first answer and discarded by its author.
 */

test.describe.configure({ timeout: 120_000 });

const ADULT = { ...VALID_ADULT_ANSWERS, 'vic.name': 'Elena Marin', 'vic.sex': 'f' };
const MINOR = {
  ...ADULT,
  'vic.birth_date': '2010-03-10',
  'vic.unaccompanied': 'yes',
  'vic.name': 'Samir Haddad',
  'vic.sex': 'm',
};
// A referral just sent opens on what was done (`?done=sent`: docs/accessibility.md).
const REFERRAL_URL = /\/referrals\/([0-9a-f-]{36})(?:\?done=sent)?$/;
const caseOf = (checklistId: string) => caseLabel({ referralId: '', reference: null, checklistId });
const listRow = (page: Page, id: string) =>
  page.getByRole('row').filter({ has: page.locator(`a[href="/referrals/${id}"]`) });
const bodyRows = (page: Page) => page.locator('tbody tr');
const statusBadge = (page: Page) => page.locator('p.lead .badge').first();
const timeline = (page: Page) => page.getByRole('region', { name: 'Historique' }).getByRole('listitem');

async function transition(page: Page, id: string, data: Record<string, unknown>) {
  return page.request.post(`/api/v1/referrals/${id}/transitions`, { data });
}

test('the referrer sends after a last look, with a call-back number; each row of the list names its case; the notification too', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-ant' });
  const worker = await person({ role: 'centre_staff', organisation: 'payoke' });
  const page = inspector.page;
  const reference = `PV-WD-${randomUUID().slice(0, 8)}`;
  const named = await completedChecklist(page, { ...ADULT, 'ctx.region': 'ant', 'ctx.reference': reference });
  const unnamed = await sentReferral(page, await completedChecklist(page, { ...ADULT, 'ctx.region': 'ant' }));

  // The form: no call-back number and no "no call-back possible" is refused, after the summary.
  await page.goto(`/checklists/${named}`);
  const section = page.getByRole('region', { name: 'Orienter vers un centre spécialisé' });
  // (Payoke is suggested for Antwerp; it stays unselected only when it has no free place.)
  await section.getByRole('radio', { name: /^Payoke/ }).check();
  await section.getByRole('button', { name: 'Vérifier avant d’envoyer' }).click();
  const summary = section.getByRole('region', { name: 'Vérifiez ce que vous envoyez' });
  await expect(summary).toContainText('Payoke');
  await expect(summary).toContainText('Payoke sera informé dès l’envoi.');
  await summary.getByRole('button', { name: 'Envoyer l’orientation' }).click();
  await expect(section.getByText('Indiquez un numéro de rappel, ou cochez « Aucun rappel possible ».')).toBeVisible();
  expect(scalar<number>('SELECT count(*) FROM referrals WHERE checklist_id = ?', named)).toBe(0);
  await section.getByLabel('Votre numéro pour être rappelé').fill('+32 3 555 12 12');
  await section.getByRole('button', { name: 'Vérifier avant d’envoyer' }).click();
  await expect(summary).toContainText('+32 3 555 12 12');
  await summary.getByRole('button', { name: 'Envoyer l’orientation' }).click();
  await expect(page).toHaveURL(REFERRAL_URL);
  const sent = REFERRAL_URL.exec(page.url())![1]!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${reference} — Payoke`);
  await expect(page).toHaveTitle(new RegExp(`^${reference} — `));

  // The referrer's list: "sent on", and each row names its case and the person by initials only.
  await page.goto('/referrals');
  await expect(page.getByRole('columnheader')).toHaveText([
    'Dossier',
    'Personne',
    'Envoyée le',
    'Statut',
    'Centre',
    'Type de dossier',
  ]);
  await expect(listRow(page, sent).getByRole('rowheader')).toHaveText(reference);
  await expect(listRow(page, unnamed).getByRole('rowheader')).toHaveText(/^R-[0-9A-F]{8}$/);
  await expect(listRow(page, sent).getByRole('cell').first()).toHaveText(/^E\. M\. · Femme · \d+ ans · majeur$/);
  await expect(bodyRows(page).filter({ hasText: 'Elena' })).toHaveCount(0);

  // The centre says it has no place: the referrer's notification names the case and links to it…
  const ack = await transition(worker.page, sent, { to: 'no_capacity', reason: 'shelter_full', expectedVersion: 1 });
  expect(ack.status()).toBe(200);
  await page.goto('/notifications');
  const notification = page.locator(`a[href="/referrals/${sent}"]`);
  await expect(notification).toHaveText(`${reference} — Payoke : pas de place`);
  // …and the list puts that row first, marked as waiting for the referrer, not greyed out.
  await page.goto('/referrals');
  const first = bodyRows(page).first();
  await expect(first.getByRole('cell').nth(2)).toHaveText('pas de place À vous d’agir');
  await expect(listRow(page, sent)).toContainText('À vous d’agir');
  await expect(listRow(page, sent)).toHaveClass(/row--action/);
});

test('a centre sees its open case first, filters open and closed, and confirms "not a victim" with the reason the server requires', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-wvl' });
  const worker = await person({ role: 'centre_staff', organisation: 'payoke' });
  const page = worker.page;
  // An older referral, closed; a newer one, open and waiting for the centre.
  const closed = await sentReferral(
    inspector.page,
    await completedChecklist(inspector.page, { ...ADULT, 'ctx.region': 'wvl' }),
  );
  for (const [data, version] of [
    [{ to: 'acknowledged' }, 1],
    [{ to: 'accepted' }, 2],
    [{ to: 'closed', reason: 'autonomy' }, 3],
  ] as const)
    expect((await transition(page, closed, { ...data, expectedVersion: version })).status()).toBe(200);
  const openChecklist = await completedChecklist(inspector.page, { ...ADULT, 'ctx.region': 'wvl' });
  const open = await sentReferral(inspector.page, openChecklist);

  await page.goto('/inbox?show=1000');
  await expect(page.getByRole('columnheader').nth(2)).toHaveText('Reçue le');
  const rows = await bodyRows(page).evaluateAll((trs) =>
    trs.map((tr) => tr.querySelector('a')?.getAttribute('href') ?? ''),
  );
  expect(rows.indexOf(`/referrals/${open}`)).toBeGreaterThanOrEqual(0);
  expect(rows.indexOf(`/referrals/${open}`)).toBeLessThan(rows.indexOf(`/referrals/${closed}`));
  await expect(listRow(page, open).getByRole('cell').nth(2)).toHaveText('envoyée À vous d’agir');
  await expect(listRow(page, closed)).not.toContainText('À vous d’agir');

  // Open / closed.
  await page.getByLabel('Afficher').selectOption({ label: 'En cours' });
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page).toHaveURL(/state=open/);
  await expect(listRow(page, closed)).toHaveCount(0);
  await page.goto('/inbox?state=closed&show=1000');
  await expect(listRow(page, closed)).toHaveCount(1);
  await expect(listRow(page, open)).toHaveCount(0);

  // "Not a victim": a dialog says what happens and who is told; without a reason the server refuses.
  await page.goto(`/referrals/${open}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${caseOf(openChecklist)} — Payoke`);
  await page.getByRole('form', { name: 'Prendre en compte' }).getByRole('button').click();
  await expect(statusBadge(page)).toHaveText('prise en compte');
  await page.getByRole('button', { name: 'Aucune victime de TEH…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Aucune victime de TEH' });
  await expect(dialog).toContainText('L’orientation sera close');
  await expect(dialog).toContainText('Seront informés : ONSS');
  await dialog.getByRole('button', { name: 'Confirmer : Aucune victime de TEH' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Choisissez un motif.');
  await expect(dialog.getByLabel('Motif')).toHaveAttribute('aria-invalid', 'true');
  expect(referralInDb(open)).toEqual({ status: 'acknowledged', version: 2 });
  // The API refuses the same transition without a reason, naming the field.
  const bare = await transition(page, open, { to: 'not_a_victim', expectedVersion: 2 });
  expect(bare.status()).toBe(422);
  const refused = (await bare.json()) as { errors: Record<string, unknown> };
  expect(Object.keys(refused.errors)).toEqual(['reason']);
  expect(JSON.stringify(refused.errors)).toContain('errors.referral.reason_required');
  const withdrawal = await transition(inspector.page, open, { to: 'withdrawn', expectedVersion: 2 });
  expect(withdrawal.status()).toBe(422);
  expect(Object.keys(((await withdrawal.json()) as { errors: Record<string, unknown> }).errors)).toEqual(['reason']);
  // With the reason, it is done.
  await dialog.getByLabel('Motif').selectOption({ label: 'Pas d’indicateurs suffisants' });
  await dialog.getByRole('button', { name: 'Confirmer : Aucune victime de TEH' }).click();
  await expect(statusBadge(page)).toHaveText('aucune victime de TEH');
  await expect(timeline(page).last()).toContainText('Pas d’indicateurs suffisants');
  expect(referralInDb(open)).toEqual({ status: 'not_a_victim', version: 3 });
});

test('a minor’s referral has no dead end: no refusal, redirect only to a minors’ centre, a withdrawal with a reason the Tutelles are told of', async ({
  person,
}) => {
  const officer = await person({ role: 'referrer', organisation: 'police-gent' });
  const esperanto = await person({ role: 'centre_staff', organisation: 'esperanto' });
  const pagAsa = await person({ role: 'centre_staff', organisation: 'pag-asa' });
  const checklistId = await completedChecklist(officer.page, { ...MINOR, 'ctx.region': 'ovl' });
  const id = await sentReferral(officer.page, checklistId);

  // Esperanto, the only centre for minors: nothing to redirect to, and "the person refuses" is not offered.
  await esperanto.page.goto(`/referrals/${id}`);
  await expect(esperanto.page.getByRole('heading', { name: 'Actions possibles' })).toBeVisible();
  await expect(esperanto.page.getByRole('button', { name: /Réorienter/ })).toHaveCount(0);
  await expect(esperanto.page.getByRole('button', { name: /La personne refuse/ })).toHaveCount(0);
  expect(
    (await transition(officer.page, id, { to: 'refused_by_person', reason: 'fear', expectedVersion: 1 })).status(),
  ).toBe(422);

  // A minor's request registered at an adults' centre may go to Esperanto — and only there.
  const request = await pagAsa.page.request.post('/api/v1/centre-requests', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { source: 'ngo', receivedOn: '2026-03-10', sex: 'f', age: 15, nationality: 'NG', forms: ['sexual'] },
  });
  expect(request.status()).toBe(201);
  const requestId = ((await request.json()) as { id: string }).id;
  // A registered request starts taken up; without a place, it waits to be redirected.
  expect(
    (
      await transition(pagAsa.page, requestId, { to: 'no_capacity', reason: 'profile_not_suited', expectedVersion: 1 })
    ).status(),
  ).toBe(200);
  await pagAsa.page.goto(`/referrals/${requestId}`);
  await pagAsa.page.getByRole('button', { name: 'Réorienter vers un autre centre…' }).click();
  const redirect = pagAsa.page.getByRole('dialog', { name: 'Réorienter vers un autre centre' });
  await expect(redirect.getByLabel('Nouveau centre').getByRole('option')).toHaveText(['— Choisir —', /^Esperanto/]);

  // The officer withdraws: the dialog says the Tutelles will be told; the reason is required.
  const page = officer.page;
  await page.goto(`/referrals/${id}`);
  await expect(page.getByRole('button', { name: /La personne refuse|Réorienter/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Retirer l’orientation…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retirer l’orientation' });
  await expect(dialog).toContainText('Seront informés : Esperanto, Service des Tutelles.');
  await dialog.getByRole('button', { name: 'Confirmer : Retirer l’orientation' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Choisissez un motif.');
  await dialog.getByLabel('Motif').selectOption({ label: 'Plus nécessaire' });
  await dialog.getByRole('button', { name: 'Confirmer : Retirer l’orientation' }).click();
  await expect(statusBadge(page)).toHaveText('retirée');
  // The timeline says the Service des Tutelles was told, at the sending and at the withdrawal.
  await expect(timeline(page).first()).toContainText('Service des Tutelles a été informé.');
  await expect(timeline(page).last()).toContainText('Plus nécessaire');
  await expect(timeline(page).last()).toContainText('Service des Tutelles a été informé.');
  expect(
    scalar<number>(
      `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id JOIN organisations o ON o.id = u.organisation_id
       WHERE n.referral_id = ? AND n.status = 'withdrawn' AND o.code = 'tutelles'`,
      id,
    ),
  ).toBeGreaterThan(0);
});

test('"New check-list" stores nothing until the first answer; its author discards the draft', async ({
  page,
  signInAs,
}) => {
  const user = await signInAs({ role: 'referrer', organisation: 'cls' });
  const drafts = () => scalar<number>('SELECT count(*) FROM checklists WHERE created_by = ?', user.id);
  await page.goto('/checklists');
  await page.getByRole('button', { name: 'Nouvelle check-list' }).click();
  await expect(page).toHaveURL(/\/checklists\/new\?key=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle check-list');
  await expect(page.getByTestId('save-state')).toHaveText('Tout est enregistré.');
  expect(drafts()).toBe(0);
  // Leaving without answering leaves nothing behind.
  await page.goto('/checklists');
  expect(drafts()).toBe(0);

  await page.getByRole('button', { name: 'Nouvelle check-list' }).click();
  await expect(page).toHaveURL(/\/checklists\/new\?key=/);
  // The form is running (what is typed earlier is replayed by components/early-input.ts, not what this test is about).
  await page.waitForFunction(
    () => (window as { __relaisEarly?: { hydrated: boolean } }).__relaisEarly?.hydrated === true,
  );
  const reference = `PV-DRAFT-${randomUUID().slice(0, 8)}`;
  await page.getByLabel('Référence du dossier').fill(reference);
  // The first save creates the draft; the address becomes the check-list's own.
  await expect(page).toHaveURL(/\/checklists\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByTestId('save-state')).toHaveText('Tout est enregistré.');
  expect(drafts()).toBe(1);
  const id = page.url().split('/').pop()!;
  await page.reload();
  await expect(page.getByLabel('Référence du dossier')).toHaveValue(reference);

  await page.goto('/checklists');
  const row = page.getByRole('row').filter({ hasText: reference });
  await row.getByRole('button', { name: `Supprimer le brouillon ${reference}` }).click();
  const dialog = page.getByRole('dialog', { name: `Supprimer le brouillon ${reference} ?` });
  await expect(dialog).toContainText('supprimés définitivement');
  await dialog.getByRole('button', { name: 'Oui, supprimer le brouillon' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Le brouillon a été supprimé.' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: reference })).toHaveCount(0);
  expect(drafts()).toBe(0);
  expect(
    scalar<number>("SELECT count(*) FROM audit_events WHERE action = 'checklist.discard' AND target_id = ?", id),
  ).toBe(1);
});

test('the check-list list sorts by reference, by control date and drafts first', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-hai' });
  const tag = `TRI-${randomUUID().slice(0, 8)}`;
  const make = async (reference: string, controlDate: string, complete: boolean) => {
    const response = await page.request.post('/api/v1/checklists', {
      headers: { 'Idempotency-Key': randomUUID() },
      data: {
        complete,
        answers: { ...VALID_ADULT_ANSWERS, 'ctx.reference': `${tag}-${reference}`, 'ctx.control_date': controlDate },
      },
    });
    expect(response.status()).toBe(201);
  };
  // Made in this order: the default list (latest change first) reads C, A, B.
  await make('B', '2026-02-01', true);
  await make('A', '2026-01-01', false);
  await make('C', '2026-03-01', true);
  const order = async (sort: string) => {
    await page.goto(`/checklists?q=${tag}${sort ? `&sort=${sort}` : ''}`);
    const cells = await page.locator('table tbody tr').allInnerTexts();
    return cells.map((c) => c.match(new RegExp(`${tag}-([ABC])`))?.[1]);
  };
  expect(await order('')).toEqual(['C', 'A', 'B']);
  expect(await order('reference')).toEqual(['A', 'B', 'C']);
  expect(await order('control_date')).toEqual(['C', 'B', 'A']);
  expect(await order('open_first')).toEqual(['A', 'C', 'B']);
  // The choice is offered in the filters and kept.
  await page.getByLabel('Trier par').selectOption('reference');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/sort=reference/);
});
