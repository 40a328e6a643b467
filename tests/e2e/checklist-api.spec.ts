import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test } from './fixtures';
import { expectError, scalar } from './support';

/**
 * The check-list JSON API (/api/v1/checklists), driven with the web session of a signed-in user
 * (page.request shares the page's cookies). Errors have the shape
 * { error: { key, message }, errors: { <item code or field>: [{ key, message }] } }.
 */

const VALID_ANSWERS = VALID_ADULT_ANSWERS;

interface ChecklistJson {
  id: string;
  status: string;
  version: number;
  revision: number;
  answers: Record<string, unknown>;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** YYYY-MM-DD, `days` from today (UTC; callers stay far enough from today for the time zone not to matter). */
function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function createChecklist(page: Page, data: unknown, key: string = randomUUID()) {
  return page.request.post('/api/v1/checklists', { data, headers: { 'Idempotency-Key': key } });
}

async function createDraft(page: Page, answers: Record<string, unknown> = {}): Promise<string> {
  const response = await createChecklist(page, { answers });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function getChecklist(page: Page, id: string): Promise<ChecklistJson> {
  const response = await page.request.get(`/api/v1/checklists/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as ChecklistJson;
}

const countByKey = (key: string) => scalar<number>('SELECT count(*) FROM checklists WHERE idempotency_key = ?', key);

test('POST creates a draft (201); the same Idempotency-Key returns the same check-list (200)', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  const key = randomUUID();
  const first = await createChecklist(page, { answers: { 'ctx.reference': 'PV-API-1', 'ctx.region': 'ant' } }, key);
  expect(first.status()).toBe(201);
  const created = (await first.json()) as { id: string; status: string; version: number; created: boolean };
  expect(created).toMatchObject({ status: 'draft', version: 0, created: true });
  expect(created.id).toMatch(UUID_RE);

  const again = await createChecklist(page, { answers: { 'ctx.reference': 'PV-API-2' } }, key);
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ id: created.id, status: 'draft', version: 0, created: false });
  expect(countByKey(key)).toBe(1);

  const stored = await getChecklist(page, created.id);
  expect(stored.status).toBe('draft');
  expect(stored.version).toBe(0);
  // The retry did not overwrite the first request's answers; the service comes from the organisation.
  expect(stored.answers).toEqual({ 'ctx.reference': 'PV-API-1', 'ctx.region': 'ant', 'ctx.service': 'onss' });
});

test('20 parallel POSTs with one new Idempotency-Key create exactly one check-list', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-lim' });
  const key = randomUUID();
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => createChecklist(page, { answers: { 'ctx.region': 'lim' } }, key)),
  );
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 200)).toHaveLength(19);
  const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id));
  expect(new Set(ids).size).toBe(1);
  expect(ids[0]).toMatch(UUID_RE);
  // Every caller gets the same answer; only `created` tells the one that created it.
  const bodies = await Promise.all(responses.map((r) => r.json()));
  for (const [i, body] of bodies.entries())
    expect(body).toEqual({ id: ids[0], status: 'draft', version: 0, created: statuses[i] === 201 });
  expect(countByKey(key)).toBe(1);
});

test('malformed JSON is refused with 400 and errors.body; a wrong content type with 415', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ovl' });
  const key = randomUUID();
  const malformed = await page.request.post('/api/v1/checklists', {
    // A Buffer is sent as is (Playwright would JSON-encode a string that does not parse).
    data: Buffer.from('{"answers": {"ctx.region": "ovl"'),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
  });
  const body = await expectError(malformed, 400, 'errors.malformedJson');
  expect(body.errors.body?.map((e) => e.key)).toEqual(['errors.malformedJson']);

  const notAnObject = await page.request.post('/api/v1/checklists', {
    data: Buffer.from('[1, 2]'),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
  });
  expect((await expectError(notAnObject, 400, 'errors.validation')).errors.body?.map((e) => e.key)).toEqual([
    'errors.jsonObjectExpected',
  ]);

  const textPlain = await page.request.post('/api/v1/checklists', {
    data: JSON.stringify({ answers: { 'ctx.region': 'ovl' } }),
    headers: { 'Content-Type': 'text/plain', 'Idempotency-Key': key },
  });
  await expectError(textPlain, 415, 'errors.contentType');
  const htmlForm = await page.request.post('/api/v1/checklists', {
    form: { answers: '{}' },
    headers: { 'Idempotency-Key': key },
  });
  await expectError(htmlForm, 415, 'errors.contentType');
  expect(countByKey(key)).toBe(0);

  // The same on PATCH, and the draft is unchanged.
  const id = await createDraft(page, { 'ctx.region': 'ovl' });
  const before = await getChecklist(page, id);
  await expectError(
    await page.request.patch(`/api/v1/checklists/${id}`, {
      data: Buffer.from('{"answers":'),
      headers: { 'Content-Type': 'application/json' },
    }),
    400,
    'errors.malformedJson',
  );
  await expectError(
    await page.request.patch(`/api/v1/checklists/${id}`, {
      data: JSON.stringify({ answers: { 'ctx.region': 'bru' } }),
      headers: { 'Content-Type': 'text/plain' },
    }),
    415,
    'errors.contentType',
  );
  const after = await getChecklist(page, id);
  expect(after.revision).toBe(before.revision);
  expect(after.answers).toEqual(before.answers);
});

test('an unknown item code is refused with 422, keyed by that code, and nothing is written', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-vbr' });
  const key = randomUUID();
  const response = await page.request.post('/api/v1/checklists', {
    data: { answers: { 'foo.bar': 'x', 'ctx.region': 'vbr' } },
    headers: { 'Idempotency-Key': key, 'Accept-Language': 'fr-BE' },
  });
  const body = await expectError(response, 422, 'errors.validation');
  expect(Object.keys(body.errors)).toEqual(['foo.bar']);
  expect(body.errors['foo.bar']).toEqual([
    { key: 'errors.unknownItem', message: 'Question inconnue dans ce catalogue.' },
  ]);
  expect(countByKey(key)).toBe(0);

  const id = await createDraft(page);
  const before = await getChecklist(page, id);
  const patch = await page.request.patch(`/api/v1/checklists/${id}`, {
    data: { answers: { 'foo.bar': 'x', 'ctx.region': 'vbr' } },
  });
  expect((await expectError(patch, 422, 'errors.validation')).errors['foo.bar']?.map((e) => e.key)).toEqual([
    'errors.unknownItem',
  ]);
  const after = await getChecklist(page, id);
  expect(after.revision).toBe(before.revision);
  expect(after.answers['ctx.region']).toBeUndefined();
});

test('values of the wrong type are refused with 422, keyed by their codes', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-bwa' });
  const id = await createDraft(page, { 'ctx.region': 'bwa' });
  const before = await getChecklist(page, id);
  const patch = await page.request.patch(`/api/v1/checklists/${id}`, {
    data: {
      answers: {
        'vic.sex': 3,
        'vic.age_estimate': 'ten',
        'ctx.forms': 'economic',
        'ctx.control_date': '2026-02-30',
        'vic.name': 'Valide',
      },
    },
  });
  const body = await expectError(patch, 422, 'errors.validation');
  expect(Object.keys(body.errors).sort()).toEqual(['ctx.control_date', 'ctx.forms', 'vic.age_estimate', 'vic.sex']);
  expect(body.errors['vic.sex']?.map((e) => e.key)).toEqual(['errors.invalidOption']);
  expect(body.errors['vic.age_estimate']?.map((e) => e.key)).toEqual(['errors.wholeNumber']);
  expect(body.errors['ctx.forms']?.map((e) => e.key)).toEqual(['errors.invalidOption']);
  expect(body.errors['ctx.control_date']?.map((e) => e.key)).toEqual(['errors.invalidDate']);
  // All or nothing: the valid item of the same patch was not saved either.
  const after = await getChecklist(page, id);
  expect(after.revision).toBe(before.revision);
  expect(after.answers).toEqual(before.answers);

  const key = randomUUID();
  const create = await createChecklist(page, { answers: { 'vic.sex': 3, 'vic.age_estimate': 'ten' } }, key);
  expect(Object.keys((await expectError(create, 422, 'errors.validation')).errors).sort()).toEqual([
    'vic.age_estimate',
    'vic.sex',
  ]);
  expect(countByKey(key)).toBe(0);
});

test('the fixed item ctx.service cannot be set (422)', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-hai' });
  const key = randomUUID();
  const create = await createChecklist(page, { answers: { 'ctx.service': 'police_federal' } }, key);
  expect((await expectError(create, 422, 'errors.validation')).errors['ctx.service']?.map((e) => e.key)).toEqual([
    'errors.fixedItem',
  ]);
  expect(countByKey(key)).toBe(0);

  const id = await createDraft(page);
  for (const value of ['police_federal', null]) {
    const patch = await page.request.patch(`/api/v1/checklists/${id}`, { data: { answers: { 'ctx.service': value } } });
    expect((await expectError(patch, 422, 'errors.validation')).errors['ctx.service']?.map((e) => e.key)).toEqual([
      'errors.fixedItem',
    ]);
  }
  expect((await getChecklist(page, id)).answers['ctx.service']).toBe('onss');
});

test('completion refuses a control date in the future and a birth date after the control date', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-wvl' });
  const future = isoDaysFromToday(400);

  // Future control date: saved in a draft (type-valid), refused on completion.
  const id = await createDraft(page, { ...VALID_ANSWERS, 'ctx.control_date': future });
  const before = await getChecklist(page, id);
  const refused = await page.request.post(`/api/v1/checklists/${id}/complete`, { data: {} });
  const body = await expectError(refused, 422, 'errors.validation');
  expect(Object.keys(body.errors)).toEqual(['ctx.control_date']);
  expect(body.errors['ctx.control_date']?.map((e) => e.key)).toEqual(['errors.dateInFuture']);
  const after = await getChecklist(page, id);
  expect(after).toMatchObject({ status: 'draft', version: 0, revision: before.revision });

  // Birth date after the control date.
  const patch = await page.request.patch(`/api/v1/checklists/${id}`, {
    data: { answers: { 'ctx.control_date': '2026-03-10', 'vic.birth_date': '2026-03-11' } },
  });
  expect(patch.status()).toBe(200);
  // A person born after the control date has no age at that date (and is not made a minor by it).
  const impossible = (await (await page.request.get(`/api/v1/checklists/${id}`)).json()) as {
    derived: { age: number | null; minor: boolean };
  };
  expect(impossible.derived).toMatchObject({ age: null, minor: false });
  const birth = await expectError(
    await page.request.post(`/api/v1/checklists/${id}/complete`, { data: {} }),
    422,
    'errors.validation',
  );
  expect(Object.keys(birth.errors)).toEqual(['vic.birth_date']);
  expect(birth.errors['vic.birth_date']?.map((e) => e.key)).toEqual(['errors.birthAfterControl']);
  expect(await getChecklist(page, id)).toMatchObject({ status: 'draft', version: 0 });
  expect(scalar<number>('SELECT count(*) FROM checklist_versions WHERE checklist_id = ?', id)).toBe(0);

  // Created completed in one call: the same rules, and nothing is created.
  const key = randomUUID();
  const direct = await createChecklist(
    page,
    { answers: { ...VALID_ANSWERS, 'ctx.control_date': future }, complete: true },
    key,
  );
  expect((await expectError(direct, 422, 'errors.validation')).errors['ctx.control_date']?.map((e) => e.key)).toEqual([
    'errors.dateInFuture',
  ]);
  expect(countByKey(key)).toBe(0);
});

test('a valid check-list completes as version 1, is then read-only (409), and is listed as completed', async ({
  page,
  signInAs,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-nam_lux' });
  const reference = `PV-DONE-${randomUUID().slice(0, 8)}`;
  const id = await createDraft(page, { ...VALID_ANSWERS, 'ctx.reference': reference });

  const complete = await page.request.post(`/api/v1/checklists/${id}/complete`, { data: {} });
  expect(complete.status()).toBe(200);
  expect(await complete.json()).toEqual({ version: 1 });
  const completed = await getChecklist(page, id);
  expect(completed).toMatchObject({ status: 'completed', version: 1 });

  const patch = await page.request.patch(`/api/v1/checklists/${id}`, { data: { answers: { 'vic.sex': 'f' } } });
  await expectError(patch, 409, 'errors.checklistReadOnly');
  await expectError(
    await page.request.post(`/api/v1/checklists/${id}/complete`, { data: {} }),
    409,
    'errors.checklistAlreadyCompleted',
  );
  const after = await getChecklist(page, id);
  expect(after.revision).toBe(completed.revision);
  expect(after.answers['vic.sex']).toBe('m');

  const draftId = await createDraft(page, { 'ctx.reference': `${reference}-draft` });
  const list = await page.request.get('/api/v1/checklists?status=completed');
  expect(list.status()).toBe(200);
  const completedIds = (
    (await list.json()) as { checklists: { id: string; status: string; reference: string | null; version: number }[] }
  ).checklists;
  expect(completedIds).toContainEqual(expect.objectContaining({ id, status: 'completed', reference, version: 1 }));
  expect(completedIds.map((c) => c.id)).not.toContain(draftId);
  expect(completedIds.every((c) => c.status === 'completed')).toBe(true);

  const drafts = (
    (await (await page.request.get('/api/v1/checklists?status=draft')).json()) as { checklists: { id: string }[] }
  ).checklists.map((c) => c.id);
  expect(drafts).toContain(draftId);
  expect(drafts).not.toContain(id);
});

test('list filters are validated: ?year=abc is refused with 400', async ({ page, signInAs }) => {
  await signInAs({ role: 'referrer', organisation: 'onss-lie' });
  const body = await expectError(await page.request.get('/api/v1/checklists?year=abc'), 400, 'errors.validation');
  expect(body.errors.year?.map((e) => e.key)).toEqual(['errors.invalidYear']);
  const status = await expectError(
    await page.request.get('/api/v1/checklists?status=deleted'),
    400,
    'errors.validation',
  );
  expect(status.errors.status?.map((e) => e.key)).toEqual(['errors.invalidOption']);
  expect((await page.request.get('/api/v1/checklists?year=2026')).status()).toBe(200);
});

test('a request without a session is refused with 401', async ({ request, page, signInAs }) => {
  // A check-list exists, so a 401 is not a disguised 404.
  await signInAs({ role: 'referrer', organisation: 'onss-ant' });
  const id = await createDraft(page, { 'ctx.region': 'ant' });
  const before = await getChecklist(page, id);

  await expectError(await request.get('/api/v1/checklists'), 401, 'errors.unauthenticated');
  await expectError(await request.get(`/api/v1/checklists/${id}`), 401, 'errors.unauthenticated');
  await expectError(
    await request.patch(`/api/v1/checklists/${id}`, { data: { answers: { 'ctx.region': 'bru' } } }),
    401,
    'errors.unauthenticated',
  );
  await expectError(
    await request.post(`/api/v1/checklists/${id}/complete`, { data: {} }),
    401,
    'errors.unauthenticated',
  );
  const key = randomUUID();
  await expectError(
    await request.post('/api/v1/checklists', { data: { answers: {} }, headers: { 'Idempotency-Key': key } }),
    401,
    'errors.unauthenticated',
  );
  expect(countByKey(key)).toBe(0);
  expect((await getChecklist(page, id)).revision).toBe(before.revision);
});

test("another organisation's check-list id is answered 404, like an id that does not exist", async ({
  page,
  signInAs,
  person,
}) => {
  await signInAs({ role: 'referrer', organisation: 'onss-ovl' });
  const id = await createDraft(page, { 'ctx.region': 'ovl', 'ctx.reference': 'PV-OTHER-ORG' });
  const before = await getChecklist(page, id);

  const { page: outsider } = await person({ role: 'referrer', organisation: 'cls' });
  const missing = randomUUID();
  for (const target of [id, missing]) {
    await expectError(await outsider.request.get(`/api/v1/checklists/${target}`), 404, 'errors.notFound');
    await expectError(
      await outsider.request.patch(`/api/v1/checklists/${target}`, {
        data: { answers: { 'ctx.reference': 'hijacked' } },
      }),
      404,
      'errors.notFound',
    );
    await expectError(
      await outsider.request.post(`/api/v1/checklists/${target}/complete`, { data: {} }),
      404,
      'errors.notFound',
    );
  }
  const other = await outsider.request.get(`/api/v1/checklists/${id}`);
  const none = await outsider.request.get(`/api/v1/checklists/${missing}`);
  expect(await other.json()).toEqual(await none.json());

  const after = await getChecklist(page, id);
  expect(after.revision).toBe(before.revision);
  expect(after.answers).toEqual(before.answers);
});
