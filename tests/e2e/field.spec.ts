import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { scalar } from './support';

/**
 * In the field, on a slow line (docs/decisions/0010-drafts-that-lose-nothing.md): the check-list
 * is on screen before its scripts have loaded, and what a person types in that moment must reach
 * the server — never be wiped when the page comes alive, never be called "saved" before it is.
 * The page's scripts (not its styles) are held back until the person has typed, so the test does not depend on
 * the speed of the line or of the machine.
 */
test('text typed before the scripts load is kept, shown as not yet saved, then saved', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  const created = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers: { 'vic.sex': 'f' } },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  let release!: () => void;
  const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?.*)?$/, async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  await page.goto(`/checklists/${id}`, { waitUntil: 'commit' });

  const reference = page.locator('[id="item-ctx.reference"]');
  await reference.pressSequentially('PV-AVANT-1');
  const status = page.getByTestId('save-state');
  // Not hydrated yet: the status line must not claim that this is saved.
  const shown = await status.evaluate(
    (el) => getComputedStyle(el, '::after').content + '|' + getComputedStyle(el).fontSize,
  );
  expect(shown).toBe('"Enregistrement…"|0px');

  release();
  await expect(reference).toHaveValue('PV-AVANT-1');
  await expect
    .poll(() => scalar<string>('SELECT json_extract(answers, \'$."ctx.reference"\') FROM checklists WHERE id = ?', id))
    .toBe('PV-AVANT-1');
  await expect(status).toHaveText('Tout est enregistré.');

  await page.unrouteAll();
  await page.reload();
  await expect(reference).toHaveValue('PV-AVANT-1');
});

test('after completing, the focus is on what happened, read out as a status', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  const created = await page.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers: VALID_ADULT_ANSWERS },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/checklists/${id}`);
  await page.getByRole('button', { name: 'Compléter la check-list' }).click();
  const outcome = page.getByRole('status').filter({ hasText: 'Check-list complétée (version 1)' });
  await expect(outcome).toBeFocused();
});

test('a new check-list: text typed before the scripts load creates the draft with it', async ({ page, signInAs }) => {
  const user = await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  let release!: () => void;
  const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?.*)?$/, async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  await page.goto(`/checklists/new?key=${randomUUID()}`, { waitUntil: 'commit' });
  await page.locator('[id="item-ctx.reference"]').pressSequentially('PV-NOUVEAU-1');
  release();
  await expect(page).toHaveURL(/\/checklists\/[0-9a-f-]{36}$/);
  await expect
    .poll(() =>
      scalar<string>(
        "SELECT json_extract(answers, '$.\"ctx.reference\"') FROM checklists WHERE created_by = ? AND status = 'draft'",
        user.id,
      ),
    )
    .toBe('PV-NOUVEAU-1');
  await expect(page.getByTestId('save-state')).toHaveText('Tout est enregistré.');
  await expect(page.locator('[id="item-ctx.reference"]')).toHaveValue('PV-NOUVEAU-1');
});
