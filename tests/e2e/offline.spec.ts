import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { scalar } from './support';

/**
 * A check-list started, filled and completed without a line (docs/decisions/0033-offline-check-lists-and-service-worker.md):
 * the service worker keeps the empty form, "Nouvelle check-list" opens it offline, the answers
 * wait encrypted in the browser, and the check-list is created on the server exactly once when
 * the line returns — also when the first send reached the server but its answer was lost.
 */
test.use({ serviceWorkers: 'allow' });

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const group = (page: Page, legend: string) =>
  page.getByRole('group', { name: new RegExp(`^${escapeRegExp(legend)}( \\(obligatoire\\))?$`) });

/** What IndexedDB holds of the waiting answers, as text (to look for what was typed in it). */
async function storedBytes(page: Page): Promise<{ stored: boolean; bytes: string }> {
  return page.evaluate(
    () =>
      new Promise<{ stored: boolean; bytes: string }>((resolve, reject) => {
        const open = indexedDB.open('relais-drafts', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readonly');
          const drafts = tx.objectStore('kv').get('drafts');
          tx.oncomplete = () => {
            open.result.close();
            const d = drafts.result as { data: ArrayBuffer } | undefined;
            resolve({ stored: d !== undefined, bytes: d ? String.fromCharCode(...new Uint8Array(d.data)) : '' });
          };
        };
      }),
  );
}

const offlineFormKept = (page: Page) => page.evaluate(async () => Boolean(await caches.match('/checklists/offline')));

test('a check-list started, filled and completed offline is created once when the line returns', async ({
  page,
  context,
  signInAs,
}) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-bru' });
  const created = () =>
    scalar<number>("SELECT count(*) AS n FROM checklists WHERE created_by = ? AND status = 'completed'", user.id);

  // Once online: the worker is installed and controls the page, and it keeps the empty form.
  await page.goto('/checklists');
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect.poll(() => offlineFormKept(page)).toBe(true);

  // No line: "Nouvelle check-list" opens the kept form, with the catalogue and its labels.
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Nouvelle check-list' }).click();
  await expect(page).toHaveURL(/\/checklists\/offline$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle check-list hors connexion');
  await expect(page.locator('[id="item-ctx.service"]')).toHaveText('ONSS');

  await page.getByLabel('Date du contrôle ou de la détection').fill('2026-03-10');
  await page.locator('[id="item-ctx.reference"]').fill('PV-HORS-LIGNE-7');
  // Nothing reaches the server before completion: the status line never says "saved".
  await expect(page.getByTestId('save-state')).toHaveText(
    'Gardée dans ce navigateur, chiffrée : rien n’est envoyé avant que vous complétiez la check-list.',
  );
  await page
    .getByLabel('Direction provinciale ONSS où les faits ont été constatés')
    .selectOption({ label: 'Bruxelles' });
  await group(page, 'Forme(s) d’exploitation suspectée(s) (art. 433quinquies du Code pénal)')
    .getByRole('checkbox', { name: 'Travail ou services dans des conditions contraires à la dignité humaine' })
    .check();
  await page.getByLabel('Secteur d’activité').selectOption({ label: 'Construction' });
  await group(page, 'Sexe').getByRole('radio', { name: 'Homme' }).check();
  await page.getByLabel('Date de naissance', { exact: true }).fill('1990-04-02');
  await page.getByLabel('Nationalité').selectOption({ label: 'Roumanie' });
  await group(page, 'J’estime qu’il existe des indications suffisamment précises de traite des êtres humains')
    .getByRole('radio', { name: 'Oui' })
    .check();
  await group(page, 'Souhait de la personne')
    .getByRole('radio', { name: 'Accepte d’être orientée vers un centre spécialisé' })
    .check();
  await page.getByRole('button', { name: 'Compléter la check-list', exact: true }).click();

  // Waiting, and said so: no reference is promised before the server gives one.
  const item = page.getByTestId('outbox-item');
  await expect(item).toHaveAttribute('data-state', 'waiting');
  await expect(item).toContainText('En attente d’envoi');
  await expect(item).not.toContainText('PV-HORS-LIGNE-7');
  await expect(item.getByRole('link')).toHaveCount(0);
  expect(created()).toBe(0);

  // What waits in IndexedDB is ciphertext: nothing typed can be read in it.
  const stored = await storedBytes(page);
  expect(stored.stored).toBe(true);
  for (const typed of ['PV-HORS-LIGNE-7', '1990-04-02', '2026-03-10', 'construction', 'accepts_referral'])
    expect(stored.bytes).not.toContain(typed);

  // The line returns, but the first send's answer is lost on the way back: the server created
  // the check-list, the browser never heard. It keeps it waiting and sends it again on the next
  // load; the key makes the second send answer the same check-list.
  const sends: { headers: Record<string, string>; body: string }[] = [];
  await context.route('**/api/v1/checklists/submissions', async (route) => {
    sends.push({ headers: route.request().headers(), body: route.request().postData() ?? '' });
    if (sends.length === 1) {
      await route.fetch();
      await route.abort('connectionreset');
    } else await route.continue();
  });
  await context.setOffline(false);
  await expect.poll(() => sends.length).toBe(1);
  await expect.poll(created).toBe(1);
  await expect(item).toHaveAttribute('data-state', 'waiting');

  await page.reload();
  await expect(item).toHaveAttribute('data-state', 'sent');
  await expect(item).toContainText('Envoyée — PV-HORS-LIGNE-7');
  expect(sends).toHaveLength(2);
  expect(sends[1]!.headers['idempotency-key']).toBe(sends[0]!.headers['idempotency-key']);
  expect(created()).toBe(1);
  const id = scalar<string>('SELECT id FROM checklists WHERE created_by = ?', user.id);
  await expect(item.getByRole('link', { name: 'Ouvrir la check-list' })).toHaveAttribute('href', `/checklists/${id}`);

  // The same request replayed as it was: the same answer, still one check-list.
  await context.unrouteAll();
  const replay = await page.request.post('/api/v1/checklists/submissions', {
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': sends[0]!.headers['idempotency-key']! },
    data: sends[0]!.body,
  });
  expect(replay.status()).toBe(201);
  expect(await replay.json()).toMatchObject({ id, label: 'PV-HORS-LIGNE-7', status: 'completed', version: 1 });
  expect(created()).toBe(1);
  await page.goto('/checklists');
  await expect(page.getByRole('main').getByText('PV-HORS-LIGNE-7', { exact: true })).toHaveCount(1);

  // Sign-out deletes the kept page.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect(await offlineFormKept(page)).toBe(false);
});

test('on a working line, "Nouvelle check-list" opens from the worker’s template with a key of its own, and the draft its first answer creates is the server’s on reload', async ({
  page,
  signInAs,
}) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-bru' });
  const templateKept = () =>
    page.evaluate(async () => Boolean(await caches.match('/checklists/new?key=00000000-0000-4000-8000-000000000000')));
  await page.goto('/checklists');
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect.poll(templateKept).toBe(true);

  // Two new check-lists from the template: each gets its own key, never the template's, and the
  // page came over no line (the server's page is ~100 kB: its navigation entry says so).
  const bytesOverTheLine = () =>
    page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).transferSize);
  const keys: string[] = [];
  for (let i = 0; i < 2; i++) {
    const answer = await page.goto('/checklists/new');
    expect(answer?.fromServiceWorker(), 'served by the worker').toBe(true);
    expect(await bytesOverTheLine(), 'bytes of the page over the line').toBe(0);
    await expect(page).toHaveURL(/\/checklists\/new\?key=[0-9a-f-]{36}$/);
    const key = new URL(page.url()).searchParams.get('key')!;
    expect(key).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(await page.content()).not.toContain('00000000-0000-4000-8000-000000000000');
    keys.push(key);
  }
  expect(keys[0]).not.toBe(keys[1]);

  // The form is live: the first answer creates the draft under the page's key.
  await page.locator('[id="item-ctx.reference"]').fill('PV-MODELE-11');
  await expect(page.getByText('Tout est enregistré.')).toBeVisible();
  await expect
    .poll(() =>
      scalar<number>(
        'SELECT count(*) AS n FROM checklists WHERE created_by = ? AND idempotency_key = ?',
        user.id,
        keys[1],
      ),
    )
    .toBe(1);

  // A reload of that address is the server's page: the draft, with its answer.
  await page.reload();
  await expect(page.locator('[id="item-ctx.reference"]')).toHaveValue('PV-MODELE-11');
  expect(await bytesOverTheLine()).toBeGreaterThan(0);
});
