import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test } from './fixtures';
import { formAlert, scalar } from './support';

/**
 * The check-list form in the browser (docs/domain/checklist.md): drafts that save themselves over
 * several sittings and through a lost connection, derived values, completion with every error
 * named, corrections as new versions, and organisation scope.
 */

const CHECKLIST_URL = /\/checklists\/[0-9a-f-]{36}$/;

/** A minimal valid complete answer set: an adult, economic exploitation. */
const VALID_ANSWERS = VALID_ADULT_ANSWERS;

interface ChecklistJson {
  id: string;
  status: string;
  version: number;
  revision: number;
  answers: Record<string, unknown>;
  derived: { age: number | null; minor: boolean; euNational: boolean | null };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A fieldset (radio or checkbox group) by its legend; required items add " (obligatoire)". */
const group = (page: Page, legend: string) =>
  page.getByRole('group', { name: new RegExp(`^${escapeRegExp(legend)}( \\(obligatoire\\))?$`) });
const saveState = (page: Page) => page.getByTestId('save-state');
/** An answer of the read-only view: the <dd> next to the <dt> holding the item's label. */
const shownAnswer = (page: Page, label: string) =>
  page
    .locator('.checklist-view .answer')
    .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
    .getByRole('definition');

/**
 * Opens the list and starts a new check-list with its button: an empty form that stores nothing
 * until the first answer (decision 0023). Gives it its first answer (the control date), which
 * creates the draft and gives the page the check-list's address; returns the new check-list's id.
 */
async function startChecklist(page: Page): Promise<string> {
  await page.goto('/checklists');
  await page.getByRole('button', { name: 'Nouvelle check-list' }).click();
  await expect(page).toHaveURL(/\/checklists\/new\?key=[\w-]+$/);
  await expect(saveState(page)).toHaveText('Tout est enregistré.');
  await page.getByLabel('Date du contrôle ou de la détection').fill('2026-03-10');
  await expect(page).toHaveURL(CHECKLIST_URL, { timeout: 20_000 });
  await expect(saveState(page)).toHaveText('Tout est enregistré.');
  return page.url().split('/').pop()!;
}

async function apiChecklist(page: Page, id: string): Promise<ChecklistJson> {
  const response = await page.request.get(`/api/v1/checklists/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as ChecklistJson;
}

/**
 * What this browser keeps of changes waiting to be sent (components/checklist/encrypted-draft-storage.ts):
 * whether IndexedDB holds any, their bytes as text (to look for the person's data in them), whether
 * the key can be read out, and whether anything is left in localStorage.
 */
async function waitingInBrowser(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ stored: boolean; bytes: string; extractable: boolean | null; localStorage: string | null }>(
        (resolve, reject) => {
          const open = indexedDB.open('relais-drafts', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('kv');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('kv', 'readonly');
            const drafts = tx.objectStore('kv').get('drafts');
            const key = tx.objectStore('kv').get('key');
            tx.oncomplete = () => {
              open.result.close();
              const d = drafts.result as { data: ArrayBuffer } | undefined;
              resolve({
                stored: d !== undefined,
                bytes: d ? String.fromCharCode(...new Uint8Array(d.data)) : '',
                extractable: (key.result as { key: CryptoKey } | undefined)?.key.extractable ?? null,
                localStorage: window.localStorage.getItem('relais:drafts'),
              });
            };
          };
        },
      ),
  );
}

/** Waits until every change is on the server (nothing pending in this browser any more). */
async function expectAllSaved(page: Page) {
  await expect(saveState(page)).toHaveText('Tout est enregistré.');
  await expect.poll(async () => (await waitingInBrowser(page)).stored).toBe(false);
}

test('an ONSS inspector fills a check-list over two sittings and completes it; it becomes read-only', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-bru' });
  const id = await startChecklist(page);

  // First sitting: the context.
  await page.getByLabel('Date du contrôle ou de la détection').fill('2026-03-10');
  await page
    .getByLabel('Direction provinciale ONSS où les faits ont été constatés')
    .selectOption({ label: 'Bruxelles' });
  await group(page, 'Forme(s) d’exploitation suspectée(s) (art. 433quinquies du Code pénal)')
    .getByRole('checkbox', { name: 'Travail ou services dans des conditions contraires à la dignité humaine' })
    .check();
  await page.getByLabel('Secteur d’activité').selectOption({ label: 'Construction' });
  await expectAllSaved(page);
  const saved = await apiChecklist(page, id);
  expect(saved.answers).toMatchObject({
    'ctx.control_date': '2026-03-10',
    'ctx.region': 'bru',
    'ctx.forms': ['economic'],
    'ctx.sector': 'construction',
    'ctx.service': 'onss',
  });
  expect(saved.status).toBe('draft');

  // Second sitting: the answers come back from the server.
  await page.reload();
  await expect(page.getByLabel('Date du contrôle ou de la détection')).toHaveValue('2026-03-10');
  await expect(page.getByLabel('Direction provinciale ONSS où les faits ont été constatés')).toHaveValue('bru');
  await expect(
    page.getByRole('checkbox', { name: 'Travail ou services dans des conditions contraires à la dignité humaine' }),
  ).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Exploitation sexuelle' })).not.toBeChecked();
  await expect(page.getByLabel('Secteur d’activité')).toHaveValue('construction');
  await expect(page.locator('[id="item-ctx.service"]')).toHaveText('ONSS');

  await group(page, 'Sexe').getByRole('radio', { name: 'Homme' }).check();
  await page.getByLabel('Date de naissance', { exact: true }).fill('1990-04-02');
  await page.getByLabel('Nationalité').selectOption({ label: 'Roumanie' });
  await group(page, 'La victime travaille dans des conditions dangereuses / insalubres')
    .getByRole('radio', { name: 'Oui' })
    .check();
  await group(page, 'La victime loge dans des conditions déplorables').getByRole('radio', { name: 'Oui' }).check();
  await group(page, 'La victime est privée de soins médicaux').getByRole('radio', { name: 'Non' }).check();
  await group(page, 'J’estime qu’il existe des indications suffisamment précises de traite des êtres humains')
    .getByRole('radio', { name: 'Oui' })
    .check();
  await group(page, 'Souhait de la personne')
    .getByRole('radio', { name: 'Accepte d’être orientée vers un centre spécialisé' })
    .check();

  // Derived values, before completing.
  await expect(page.getByTestId('derived-age')).toHaveText('35 ans');
  await expect(page.getByTestId('derived-minor')).toHaveText('non');
  await expect(page.getByTestId('derived-eu')).toHaveText('oui');
  await expect(page.locator('.minor-banner')).toHaveCount(0);
  await expect(group(page, 'Mineur étranger non accompagné (MENA)')).toHaveCount(0);

  // The inspector waits for "Tout est enregistré." (a click while an autosave is in flight is
  // dropped by the form: see the report on ChecklistForm.complete).
  await expectAllSaved(page);
  await page.getByRole('button', { name: 'Compléter la check-list' }).click();
  await expect(page).toHaveURL(/\?completed=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'Check-list complétée' })).toHaveText(
    'Check-list complétée (version 1). Elle est maintenant en lecture seule.',
  );

  // Read-only: no form control, no complete button, the answers as text.
  await expect(page.getByRole('button', { name: 'Compléter la check-list' })).toHaveCount(0);
  await expect(page.locator('[id^="item-"]')).toHaveCount(0);
  // (Other controls may live on this page, e.g. a referral form: none is a check-list item.)
  await expect(page.getByRole('radio', { name: 'Homme' })).toHaveCount(0);
  await expect(
    page.getByRole('checkbox', { name: 'Travail ou services dans des conditions contraires à la dignité humaine' }),
  ).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: /Nationalité/ })).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Corriger (nouvelle version)' })).toBeVisible();
  await expect(shownAnswer(page, 'Direction provinciale ONSS où les faits ont été constatés')).toHaveText('Bruxelles');
  await expect(shownAnswer(page, 'Forme(s) d’exploitation suspectée(s) (art. 433quinquies du Code pénal)')).toHaveText(
    'Travail ou services dans des conditions contraires à la dignité humaine',
  );
  await expect(shownAnswer(page, 'Secteur d’activité')).toHaveText('Construction');
  await expect(shownAnswer(page, 'Sexe')).toHaveText('Homme');
  await expect(shownAnswer(page, 'Nationalité')).toHaveText('Roumanie');
  await expect(shownAnswer(page, 'La victime loge dans des conditions déplorables')).toHaveText('Oui');
  await expect(shownAnswer(page, 'La victime est privée de soins médicaux')).toHaveText('Non');
  await expect(shownAnswer(page, 'Souhait de la personne')).toHaveText(
    'Accepte d’être orientée vers un centre spécialisé',
  );

  const completed = await apiChecklist(page, id);
  expect(completed).toMatchObject({ status: 'completed', version: 1 });
  expect(completed.derived).toMatchObject({ age: 35, minor: false, euNational: true });
  expect(completed.answers).toMatchObject({
    ...VALID_ANSWERS,
    'exp.dangerous': 'yes',
    'exp.housing': 'yes',
    'exp.no_medical': 'no',
    'agg.victim_minor': 'no',
  });
  // The server refuses any further change to the completed version.
  const patch = await page.request.patch(`/api/v1/checklists/${id}`, { data: { answers: { 'vic.sex': 'f' } } });
  expect(patch.status()).toBe(409);
});

test('typing while offline is kept in the browser and saved when the connection returns', async ({
  page,
  context,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-bru' });
  const id = await startChecklist(page);
  const reference = `PV-OFF-${randomUUID().slice(0, 8)}`;

  await context.setOffline(true);
  await page.getByLabel('Référence du dossier').fill(reference);
  await expect(saveState(page)).toContainText('Hors connexion');
  // Kept in this browser, encrypted under a key that cannot be read out, nothing in clear…
  await expect.poll(async () => (await waitingInBrowser(page)).stored).toBe(true);
  const kept = await waitingInBrowser(page);
  expect(kept.bytes).not.toContain(reference);
  expect(kept.bytes).not.toContain('ctx.reference');
  expect(kept.extractable).toBe(false);
  expect(kept.localStorage).toBeNull();
  // …and not on the server yet (the API request context does not go through the offline browser).
  expect((await apiChecklist(page, id)).answers['ctx.reference']).toBeUndefined();

  await context.setOffline(false);
  await expect(saveState(page)).toHaveText('Tout est enregistré.', { timeout: 20_000 });
  await expect.poll(async () => (await apiChecklist(page, id)).answers['ctx.reference']).toBe(reference);
  await expect.poll(async () => (await waitingInBrowser(page)).stored).toBe(false);

  await page.reload();
  await expect(page.getByLabel('Référence du dossier')).toHaveValue(reference);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Check-list — ${reference}`);
});

test('a police officer filling one for a 16-year-old sees at once that the person is a minor, and the MENA question', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'police-gent' });
  const id = await startChecklist(page);
  await expect(page.locator('[id="item-ctx.service"]')).toHaveText('Police locale');

  await page.getByLabel('Date du contrôle ou de la détection').fill('2026-03-10');
  await expect(page.locator('.minor-banner')).toHaveCount(0);
  await expect(page.getByTestId('derived-minor')).toHaveText('non');
  await expect(group(page, 'Mineur étranger non accompagné (MENA)')).toHaveCount(0);

  // Born exactly 16 years before the control date.
  await page.getByLabel('Date de naissance', { exact: true }).fill('2010-03-10');
  const banner = page.getByRole('status').filter({ hasText: 'Personne mineure.' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Âge calculé à la date du contrôle : 16 ans.');
  await expect(page.getByTestId('derived-age')).toHaveText('16 ans');
  await expect(page.getByTestId('derived-minor')).toHaveText('oui');
  const mena = group(page, 'Mineur étranger non accompagné (MENA)');
  await expect(mena).toBeVisible();
  await expect(mena.getByRole('radio')).toHaveCount(2);
  await expect(group(page, 'La victime est mineure')).toContainText('Proposé d’après l’âge calculé : Oui.');

  await mena.getByRole('radio', { name: 'Oui' }).check();
  await expectAllSaved(page);
  const saved = await apiChecklist(page, id);
  expect(saved.answers).toMatchObject({
    'ctx.service': 'police_local',
    'ctx.control_date': '2026-03-10',
    'vic.birth_date': '2010-03-10',
    'vic.unaccompanied': 'yes',
  });
  expect(saved.derived).toMatchObject({ age: 16, minor: true });

  // One day older than 18 at the control date: no longer a minor, the MENA question goes away.
  await page.getByLabel('Date de naissance', { exact: true }).fill('2008-03-09');
  await expect(page.getByTestId('derived-minor')).toHaveText('non');
  await expect(page.locator('.minor-banner')).toHaveCount(0);
  await expect(group(page, 'Mineur étranger non accompagné (MENA)')).toHaveCount(0);

  // Born after the control date: no age at all, and certainly not a minor.
  await page.getByLabel('Date de naissance', { exact: true }).fill('2026-03-11');
  await expect(page.getByTestId('derived-age')).toHaveText('—');
  await expect(page.getByTestId('derived-minor')).toHaveText('non');
  await expect(page.locator('.minor-banner')).toHaveCount(0);
  await expectAllSaved(page);
});

test('completing with missing items lists every error, each link focuses its item, and nothing is completed', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-bru' });
  const id = await startChecklist(page);
  await page.getByLabel('Date du contrôle ou de la détection').fill('2026-03-10');
  await page
    .getByLabel('Direction provinciale ONSS où les faits ont été constatés')
    .selectOption({ label: 'Bruxelles' });

  await page.getByRole('button', { name: 'Compléter la check-list' }).click();
  const summary = formAlert(page);
  await expect(summary).toBeVisible();
  await expect(summary.locator('p')).toHaveText('6 questions empêchent de compléter la check-list :');
  const links = summary.getByRole('link');
  await expect(links).toHaveText([
    'Forme(s) d’exploitation suspectée(s) (art. 433quinquies du Code pénal) : Ce champ est obligatoire.',
    'Sexe : Ce champ est obligatoire.',
    'Nationalité : Ce champ est obligatoire.',
    'J’estime qu’il existe des indications suffisamment précises de traite des êtres humains : Ce champ est obligatoire.',
    'Souhait de la personne : Ce champ est obligatoire.',
    'Date de naissance : Indiquez la date de naissance ou l’âge estimé.',
  ]);
  // Answered items are not listed.
  await expect(summary).not.toContainText('Date du contrôle');
  await expect(summary).not.toContainText('Direction provinciale');
  // Each item says so itself, too.
  await expect(group(page, 'Sexe')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[id="item-vic.sex-errors"]')).toHaveText('Ce champ est obligatoire.');

  await summary.getByRole('link', { name: /^Sexe :/ }).click();
  await expect(group(page, 'Sexe')).toBeFocused();
  await summary.getByRole('link', { name: /^Nationalité :/ }).click();
  await expect(page.getByLabel('Nationalité')).toBeFocused();
  await summary.getByRole('link', { name: /^Souhait de la personne :/ }).click();
  await expect(group(page, 'Souhait de la personne')).toBeFocused();

  await expectAllSaved(page);
  const checklist = await apiChecklist(page, id);
  expect(checklist.status).toBe('draft');
  expect(checklist.version).toBe(0);
  expect(scalar<number>('SELECT count(*) FROM checklist_versions WHERE checklist_id = ?', id)).toBe(0);
});

test('a correction needs a reason and creates version 2, with the change in the history', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-bru' });
  const reference = `PV-CORR-${randomUUID().slice(0, 8)}`;
  const created = await page.request.post('/api/v1/checklists', {
    data: { answers: { ...VALID_ANSWERS, 'ctx.reference': reference }, complete: true },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status()).toBe(201);
  const { id, version } = (await created.json()) as { id: string; version: number };
  expect(version).toBe(1);

  await page.goto(`/checklists/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Check-list — ${reference}`);
  await expect(shownAnswer(page, 'Secteur d’activité')).toHaveText('Construction');
  await page.getByRole('button', { name: 'Corriger (nouvelle version)' }).click();
  await expect(page.getByText('Correction en cours : la version 1 reste celle qui compte')).toBeVisible();
  const completeCorrection = page.getByRole('button', { name: 'Compléter la correction (nouvelle version)' });
  await expect(completeCorrection).toBeVisible();
  await expect(page.getByLabel('Secteur d’activité')).toHaveValue('construction');

  await page.getByLabel('Secteur d’activité').selectOption({ label: 'Horeca' });
  await expectAllSaved(page);

  // Without a reason: refused, named, and nothing new is completed.
  await completeCorrection.click();
  await expect(formAlert(page)).toContainText('Motif de la correction : Indiquez le motif de la correction.');
  await expect(page.locator('#item-reason-errors')).toHaveText('Indiquez le motif de la correction.');
  await expect(page.getByLabel('Motif de la correction')).toHaveAttribute('aria-invalid', 'true');
  expect(await apiChecklist(page, id)).toMatchObject({ status: 'correcting', version: 1 });

  const reason = `Secteur mal encodé ${randomUUID().slice(0, 4)}`;
  await page.getByLabel('Motif de la correction').fill(reason);
  await completeCorrection.click();
  await expect(page).toHaveURL(/\?completed=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'Check-list complétée' })).toHaveText(
    'Check-list complétée (version 2). Elle est maintenant en lecture seule.',
  );
  await expect(shownAnswer(page, 'Secteur d’activité')).toHaveText('Horeca');
  expect(await apiChecklist(page, id)).toMatchObject({ status: 'completed', version: 2 });

  await page.getByRole('link', { name: 'Historique des versions' }).click();
  await expect(page).toHaveURL(new RegExp(`/checklists/${id}/history$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Historique des versions');
  const versions = page.getByRole('heading', { level: 2, name: /^version \d+ — / });
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText('version 2 — ');
  await expect(versions.nth(1)).toContainText('version 1 — ');
  await expect(page.getByText(`Motif de la correction : ${reason}`)).toBeVisible();
  await expect(page.getByText('Première version complétée.')).toBeVisible();
  const changes = page.getByRole('table', { name: '1 réponse modifiée' });
  await expect(changes).toBeVisible();
  await expect(changes.getByRole('row')).toHaveCount(2); // header + one change
  await expect(changes.getByRole('row', { name: /Secteur d’activité/ }).getByRole('cell')).toHaveText([
    'Construction',
    'Horeca',
  ]);
});

test('another organisation gets "not found" for the check-list page and API, and nothing changes', async ({
  page,
  signInAs,
  person,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-bru' });
  const created = await page.request.post('/api/v1/checklists', {
    data: { answers: { 'ctx.reference': `PV-SCOPE-${randomUUID().slice(0, 8)}`, 'ctx.region': 'bru' } },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const before = await apiChecklist(page, id);

  const { page: outsider } = await person({ role: 'referrer', organisation: 'police-liege' });
  for (const path of [`/checklists/${id}`, `/checklists/${id}/history`, `/checklists/${id}/print`]) {
    const response = await outsider.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(outsider.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await expect(outsider.getByText(before.answers['ctx.reference'] as string)).toHaveCount(0);
  }

  const get = await outsider.request.get(`/api/v1/checklists/${id}`);
  expect(get.status()).toBe(404);
  expect(((await get.json()) as { error: { key: string } }).error.key).toBe('errors.notFound');
  const patch = await outsider.request.patch(`/api/v1/checklists/${id}`, {
    data: { answers: { 'ctx.reference': 'hijacked' } },
  });
  expect(patch.status()).toBe(404);
  expect(((await patch.json()) as { error: { key: string } }).error.key).toBe('errors.notFound');
  const complete = await outsider.request.post(`/api/v1/checklists/${id}/complete`, { data: {} });
  expect(complete.status()).toBe(404);
  const list = (await (await outsider.request.get('/api/v1/checklists')).json()) as { checklists: { id: string }[] };
  expect(list.checklists.map((c) => c.id)).not.toContain(id);

  const after = await apiChecklist(page, id);
  expect(after.revision).toBe(before.revision);
  expect(after.status).toBe('draft');
  expect(after.answers).toEqual(before.answers);
});
