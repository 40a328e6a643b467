import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test } from './fixtures';
import { completedChecklist, db, expectError, referralInDb, scalar, sentReferral } from './support';

/**
 * The referral JSON API (/api/v1/referrals, /api/v1/centre-requests, /api/v1/centres/{id}/capacity),
 * driven with the web sessions of signed-in users. Errors have the shape
 * { error: { key, message }, errors: { <field>: [{ key, message }] } }.
 */

const ADULT_ANSWERS = { ...VALID_ADULT_ANSWERS, 'ctx.region': 'lie', 'vic.name': 'Ion P.' };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ReferralJson {
  id: string;
  status: string;
  version: number;
  centreCode: string;
  centreName: string;
  side: 'referrer' | 'centre' | null;
  actions: { to: string; reasons: string[] | null }[];
  timeline: {
    at: string;
    from: string | null;
    to: string;
    actorName: string;
    organisationName: string;
    note: string | null;
    reason: string | null;
  }[];
}

interface ListItem {
  id: string;
  status: string;
  version: number;
  centreCode: string;
  source: string;
  minor: boolean;
  side: string | null;
}

function postReferral(page: Page, data: Record<string, unknown>, key: string = randomUUID()) {
  return page.request.post('/api/v1/referrals', { data, headers: { 'Idempotency-Key': key } });
}

function transition(page: Page, id: string, data: Record<string, unknown>) {
  return page.request.post(`/api/v1/referrals/${id}/transitions`, { data });
}

function capacityInDb(code: string): { places_free: number; ambulatory_open: number } | undefined {
  const sqlite = db();
  try {
    return sqlite
      .prepare(
        'SELECT c.places_free, c.ambulatory_open FROM centre_capacity c JOIN organisations o ON o.id = c.centre_id WHERE o.code = ?',
      )
      .get(code) as { places_free: number; ambulatory_open: number } | undefined;
  } finally {
    sqlite.close();
  }
}

const centreId = (code: string) => scalar<string>('SELECT id FROM organisations WHERE code = ?', code);
const countByKey = (key: string) => scalar<number>('SELECT count(*) FROM referrals WHERE idempotency_key = ?', key);

async function listIds(page: Page): Promise<ListItem[]> {
  const response = await page.request.get('/api/v1/referrals');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { referrals: ListItem[] }).referrals;
}

test('POST creates a referral (201); the same Idempotency-Key returns the same one (200)', async ({ person }) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-lie' });
  const checklistId = await completedChecklist(inspector.page, ADULT_ANSWERS);
  const key = randomUUID();
  const first = await postReferral(inspector.page, { checklistId, urgentNeeds: 'Logement' }, key);
  expect(first.status()).toBe(201);
  const created = (await first.json()) as { id: string; centre: string; created: boolean };
  expect(created).toEqual({ id: expect.stringMatching(UUID_RE), centre: 'surya', created: true });

  const again = await postReferral(inspector.page, { checklistId, urgentNeeds: 'Autre chose' }, key);
  expect(again.status()).toBe(200);
  expect(await again.json()).toEqual({ id: created.id, centre: 'surya', created: false });
  expect(countByKey(key)).toBe(1);
  expect(scalar<number>('SELECT count(*) FROM referrals WHERE checklist_id = ?', checklistId)).toBe(1);
  expect(referralInDb(created.id)).toEqual({ status: 'sent', version: 1 });

  // A new key while one is open: refused, nothing more is created.
  const second = await postReferral(inspector.page, { checklistId });
  await expectError(second, 422, 'errors.referral.open_referral_exists');
  expect(scalar<number>('SELECT count(*) FROM referrals WHERE checklist_id = ?', checklistId)).toBe(1);
});

test('an unknown centre code is refused with 400, keyed centre; a person who refuses with 422; nothing is written', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-ant' });
  const checklistId = await completedChecklist(inspector.page, { ...ADULT_ANSWERS, 'ctx.region': 'ant' });
  const key = randomUUID();
  const unknown = await expectError(
    await postReferral(inspector.page, { checklistId, centre: 'nowhere', choiceReason: 'safety' }, key),
    400,
    'errors.validation',
  );
  expect(Object.keys(unknown.errors)).toEqual(['centre']);
  expect(unknown.errors.centre?.map((e) => e.key)).toEqual(['errors.invalidOption']);
  expect(countByKey(key)).toBe(0);

  const refusing = await completedChecklist(inspector.page, {
    ...ADULT_ANSWERS,
    'ctx.region': 'ant',
    'out.wish': 'refuses',
    'out.refusal_reason': 'fear',
  });
  const refusedKey = randomUUID();
  const refused = await expectError(
    await postReferral(inspector.page, { checklistId: refusing }, refusedKey),
    422,
    'errors.referral.refused',
  );
  expect(Object.keys(refused.errors)).toEqual([]);
  expect(countByKey(refusedKey)).toBe(0);
  expect(scalar<number>('SELECT count(*) FROM referrals WHERE checklist_id IN (?, ?)', checklistId, refusing)).toBe(0);

  // In French when asked in French.
  const french = await inspector.page.request.post('/api/v1/referrals', {
    data: { checklistId: refusing },
    headers: { 'Idempotency-Key': randomUUID(), 'Accept-Language': 'fr-BE' },
  });
  expect((await expectError(french, 422, 'errors.referral.refused')).error.message).toBe(
    'La personne refuse l’orientation : rien n’est envoyé.',
  );
});

test('GET returns the referral with its timeline; stale versions get 409 with the current state; forbidden moves 422', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-hai' });
  const worker = await person({ role: 'centre_staff', organisation: 'surya' });
  const checklistId = await completedChecklist(inspector.page, { ...ADULT_ANSWERS, 'ctx.region': 'hai' });
  const id = await sentReferral(inspector.page, checklistId);

  const got = await inspector.page.request.get(`/api/v1/referrals/${id}`);
  expect(got.status()).toBe(200);
  const referral = (await got.json()) as ReferralJson;
  expect(referral).toMatchObject({
    id,
    status: 'sent',
    version: 1,
    centreCode: 'surya',
    centreName: 'Sürya',
    side: 'referrer',
  });
  expect(referral.timeline).toHaveLength(1);
  expect(referral.timeline[0]).toMatchObject({
    from: null,
    to: 'sent',
    actorName: inspector.user.name,
    organisationName: 'ONSS — Direction provinciale Hainaut',
  });
  expect(referral.actions.map((a) => a.to).sort()).toEqual(['redirected', 'refused_by_person', 'withdrawn']);

  // The centre may not jump from sent to accepted.
  const jump = await expectError(
    await transition(worker.page, id, { to: 'accepted', expectedVersion: 1 }),
    422,
    'errors.referral.forbidden_transition',
  );
  expect(jump.errors.to?.map((e) => e.key)).toEqual(['errors.referral.forbidden_transition']);
  // The referrer may not acknowledge for the centre.
  const notTheirs = await expectError(
    await transition(inspector.page, id, { to: 'acknowledged', expectedVersion: 1 }),
    422,
    'errors.referral.not_your_side',
  );
  expect(notTheirs.errors.to?.map((e) => e.key)).toEqual(['errors.referral.not_your_side']);
  expect(referralInDb(id)).toEqual({ status: 'sent', version: 1 });

  // The centre acknowledges (version 1 → 2).
  const ack = await transition(worker.page, id, {
    to: 'acknowledged',
    expectedVersion: 1,
    note: 'Premier entretien demain',
  });
  expect(ack.status()).toBe(200);
  expect(await ack.json()).toEqual({ status: 'acknowledged', version: 2, newReferralId: null });

  // Someone still on version 1: 409, the current state, nothing written.
  const stale = await expectError(
    await transition(worker.page, id, { to: 'no_capacity', reason: 'shelter_full', expectedVersion: 1 }),
    409,
    'errors.referral.conflict',
  );
  expect(stale.current).toEqual({ status: 'acknowledged', version: 2 });
  const staleReferrer = await expectError(
    await transition(inspector.page, id, { to: 'withdrawn', expectedVersion: 1 }),
    409,
    'errors.referral.conflict',
  );
  expect(staleReferrer.current).toEqual({ status: 'acknowledged', version: 2 });
  expect(referralInDb(id)).toEqual({ status: 'acknowledged', version: 2 });

  const timeline = ((await (await worker.page.request.get(`/api/v1/referrals/${id}`)).json()) as ReferralJson).timeline;
  expect(timeline.map((e) => [e.from, e.to])).toEqual([
    [null, 'sent'],
    ['sent', 'acknowledged'],
  ]);
  expect(timeline[1]).toMatchObject({
    actorName: worker.user.name,
    organisationName: 'Sürya',
    note: 'Premier entretien demain',
    reason: null,
  });
});

test('GET /api/v1/referrals lists a referral for the referrer and for the centre, not for another centre', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-nam_lux' });
  const worker = await person({ role: 'centre_staff', organisation: 'surya' });
  const outsider = await person({ role: 'centre_staff', organisation: 'pag-asa' });
  const checklistId = await completedChecklist(inspector.page, { ...ADULT_ANSWERS, 'ctx.region': 'nam_lux' });
  const id = await sentReferral(inspector.page, checklistId);

  expect(await listIds(inspector.page)).toContainEqual(
    expect.objectContaining({
      id,
      status: 'sent',
      version: 1,
      centreCode: 'surya',
      source: 'app',
      minor: false,
      side: 'referrer',
    }),
  );
  expect(await listIds(worker.page)).toContainEqual(
    expect.objectContaining({ id, status: 'sent', centreCode: 'surya', side: 'centre' }),
  );
  expect((await listIds(outsider.page)).map((r) => r.id)).not.toContain(id);
});

test('a centre registers a walk-in request (201): in its own list, 404 for another centre; a future date is refused (400)', async ({
  person,
}) => {
  const worker = await person({ role: 'centre_staff', organisation: 'esperanto' });
  const outsider = await person({ role: 'centre_staff', organisation: 'payoke' });
  const key = randomUUID();
  const body = { source: 'walk_in', receivedOn: '2026-05-02', sex: 'f', age: 17, nationality: 'NG', forms: ['sexual'] };
  const created = await worker.page.request.post('/api/v1/centre-requests', {
    data: body,
    headers: { 'Idempotency-Key': key },
  });
  expect(created.status()).toBe(201);
  const { id, created: isNew } = (await created.json()) as { id: string; created: boolean };
  expect(id).toMatch(UUID_RE);
  expect(isNew).toBe(true);
  // The same key again: the same request.
  const again = await worker.page.request.post('/api/v1/centre-requests', {
    data: body,
    headers: { 'Idempotency-Key': key },
  });
  expect(again.status()).toBe(200);
  expect(await again.json()).toEqual({ id, created: false });
  expect(countByKey(key)).toBe(1);

  expect(await listIds(worker.page)).toContainEqual(
    expect.objectContaining({
      id,
      status: 'acknowledged',
      source: 'walk_in',
      minor: true,
      centreCode: 'esperanto',
      side: 'centre',
    }),
  );
  const detail = (await (await worker.page.request.get(`/api/v1/referrals/${id}`)).json()) as ReferralJson;
  expect(detail).toMatchObject({ id, status: 'acknowledged', version: 1 });
  expect(detail.timeline.map((e) => e.to)).toEqual(['acknowledged']);

  await expectError(await outsider.page.request.get(`/api/v1/referrals/${id}`), 404, 'errors.notFound');
  await expectError(
    await transition(outsider.page, id, { to: 'accepted', expectedVersion: 1 }),
    404,
    'errors.notFound',
  );
  expect((await listIds(outsider.page)).map((r) => r.id)).not.toContain(id);
  expect(referralInDb(id)).toEqual({ status: 'acknowledged', version: 1 });

  const futureKey = randomUUID();
  const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const refused = await expectError(
    await worker.page.request.post('/api/v1/centre-requests', {
      data: { ...body, receivedOn: future },
      headers: { 'Idempotency-Key': futureKey },
    }),
    400,
    'errors.validation',
  );
  expect(Object.keys(refused.errors)).toEqual(['receivedOn']);
  expect(refused.errors.receivedOn?.map((e) => e.key)).toEqual(['errors.dateInFuture']);
  expect(countByKey(futureKey)).toBe(0);
});

test("a centre's staff update its capacity (200); another centre's staff get 404 and nothing changes", async ({
  person,
}) => {
  const own = await person({ role: 'centre_staff', organisation: 'pag-asa' });
  const other = await person({ role: 'centre_staff', organisation: 'payoke' });
  const pagAsa = centreId('pag-asa');
  const payoke = centreId('payoke');
  expect(pagAsa).toMatch(UUID_RE);
  const before = capacityInDb('pag-asa');

  const places = before?.places_free === 4 ? 5 : 4;
  const updated = await own.page.request.put(`/api/v1/centres/${pagAsa}/capacity`, {
    data: { placesFree: places, ambulatoryOpen: true },
  });
  expect(updated.status()).toBe(200);
  expect(await updated.json()).toEqual({ centreId: pagAsa, placesFree: places, ambulatoryOpen: true });
  expect(capacityInDb('pag-asa')).toEqual({ places_free: places, ambulatory_open: 1 });

  const payokeBefore = capacityInDb('payoke');
  await expectError(
    await own.page.request.put(`/api/v1/centres/${payoke}/capacity`, {
      data: { placesFree: 99, ambulatoryOpen: false },
    }),
    404,
    'errors.notFound',
  );
  await expectError(
    await other.page.request.put(`/api/v1/centres/${pagAsa}/capacity`, {
      data: { placesFree: 0, ambulatoryOpen: false },
    }),
    404,
    'errors.notFound',
  );
  expect(capacityInDb('pag-asa')).toEqual({ places_free: places, ambulatory_open: 1 });
  expect(capacityInDb('payoke')).toEqual(payokeBefore);
});

test('without a session every referral endpoint answers 401 and nothing is written', async ({ person, request }) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-vbr' });
  // Real targets exist, so a 401 is not a disguised 404.
  const checklistId = await completedChecklist(inspector.page, { ...ADULT_ANSWERS, 'ctx.region': 'vbr' });
  const id = await sentReferral(inspector.page, checklistId);
  const capacityBefore = capacityInDb('payoke');
  const key = randomUUID();

  await expectError(await request.get('/api/v1/referrals'), 401, 'errors.unauthenticated');
  await expectError(await request.get(`/api/v1/referrals/${id}`), 401, 'errors.unauthenticated');
  await expectError(
    await request.post('/api/v1/referrals', { data: { checklistId }, headers: { 'Idempotency-Key': key } }),
    401,
    'errors.unauthenticated',
  );
  await expectError(
    await request.post(`/api/v1/referrals/${id}/transitions`, { data: { to: 'acknowledged', expectedVersion: 1 } }),
    401,
    'errors.unauthenticated',
  );
  await expectError(
    await request.post('/api/v1/centre-requests', {
      data: { source: 'walk_in', receivedOn: '2026-05-02', sex: 'f', age: 17, nationality: 'NG', forms: ['sexual'] },
      headers: { 'Idempotency-Key': key },
    }),
    401,
    'errors.unauthenticated',
  );
  await expectError(
    await request.put(`/api/v1/centres/${centreId('payoke')}/capacity`, {
      data: { placesFree: 7, ambulatoryOpen: false },
    }),
    401,
    'errors.unauthenticated',
  );

  expect(countByKey(key)).toBe(0);
  expect(referralInDb(id)).toEqual({ status: 'sent', version: 1 });
  expect(capacityInDb('payoke')).toEqual(capacityBefore);
});
