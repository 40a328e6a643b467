import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { brusselsDateTimeLocal } from '../../lib/time';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { expect, test } from './fixtures';
import { completedChecklist, db, expectError, referralInDb, scalar } from './support';

/**
 * Effective dates (decision 0019): an event registered after the fact records when it happened
 * — the statistics count it then — and the timeline shows both moments. Through the API and
 * through the referral's screen.
 */

const LAST_YEAR = new Date().getFullYear() - 1;
/** Detected in Liège (Sürya suggested) early last year. */
const LAST_YEAR_ANSWERS = {
  ...VALID_ADULT_ANSWERS,
  'ctx.region': 'lie',
  'ctx.control_date': `${LAST_YEAR}-02-01`,
  'vic.name': 'Ion P.',
};
const ADULT_ANSWERS = { ...VALID_ADULT_ANSWERS, 'ctx.region': 'lie', 'vic.name': 'Ion P.' };
const DAY = 86_400_000;

interface TimelineEvent {
  at: string;
  occurredAt: string;
  lateReason: string | null;
  to: string;
}

function postReferral(page: Page, data: Record<string, unknown>, key: string = randomUUID()) {
  return page.request.post('/api/v1/referrals', { data, headers: { 'Idempotency-Key': key } });
}

function transition(page: Page, id: string, data: Record<string, unknown>) {
  return page.request.post(`/api/v1/referrals/${id}/transitions`, { data });
}

async function timelineOf(page: Page, id: string): Promise<TimelineEvent[]> {
  const response = await page.request.get(`/api/v1/referrals/${id}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { timeline: TimelineEvent[] }).timeline;
}

function statisticsColumns(id: string): { year: number; accepted_year: number | null; accepted_at: string | null } {
  const sqlite = db();
  try {
    return sqlite.prepare('SELECT year, accepted_year, accepted_at FROM referrals WHERE id = ?').get(id) as {
      year: number;
      accepted_year: number | null;
      accepted_at: string | null;
    };
  } finally {
    sqlite.close();
  }
}

const eventCount = (id: string) => scalar<number>('SELECT count(*) FROM referral_events WHERE referral_id = ?', id);
const countByKey = (key: string) => scalar<number>('SELECT count(*) FROM referrals WHERE idempotency_key = ?', key);

test('through the API, a referral sent and accepted last year is registered now with a reason, and counts last year', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-lie' });
  const worker = await person({ role: 'centre_staff', organisation: 'surya' });
  const checklistId = await completedChecklist(inspector.page, LAST_YEAR_ANSWERS);

  // More than 7 days back without a reason: refused on lateReason, nothing written.
  const refusedKey = randomUUID();
  const noReason = await expectError(
    await postReferral(inspector.page, { checklistId, sentAt: `${LAST_YEAR}-03-01` }, refusedKey),
    422,
    'errors.referral.lateReasonRequired',
  );
  expect(Object.keys(noReason.errors)).toEqual(['lateReason']);
  expect(countByKey(refusedKey)).toBe(0);

  const sent = await postReferral(inspector.page, {
    checklistId,
    sentAt: `${LAST_YEAR}-03-01`,
    lateReason: 'Envoyée par courriel, saisie à la reprise du dossier',
  });
  expect(sent.status()).toBe(201);
  const { id } = (await sent.json()) as { id: string };
  expect(statisticsColumns(id).year).toBe(LAST_YEAR);

  const ack = await transition(worker.page, id, {
    to: 'acknowledged',
    expectedVersion: 1,
    occurredAt: `${LAST_YEAR}-03-02T10:00`,
    lateReason: 'Dossier papier',
  });
  expect(ack.status()).toBe(200);
  expect(await ack.json()).toEqual({ status: 'acknowledged', version: 2, newReferralId: null });

  // Each refusal names occurredAt (or lateReason) and leaves the referral as it was.
  const tomorrow = new Date(Date.now() + DAY).toISOString();
  const future = await expectError(
    await transition(worker.page, id, { to: 'accepted', expectedVersion: 2, occurredAt: tomorrow }),
    422,
    'errors.referral.occurredInFuture',
  );
  expect(Object.keys(future.errors)).toEqual(['occurredAt']);
  const beforePrevious = await expectError(
    await transition(worker.page, id, {
      to: 'accepted',
      expectedVersion: 2,
      occurredAt: `${LAST_YEAR}-03-01`,
      lateReason: 'Dossier papier',
    }),
    422,
    'errors.referral.occurredBeforePrevious',
  );
  expect(Object.keys(beforePrevious.errors)).toEqual(['occurredAt']);
  const notADate = await expectError(
    await transition(worker.page, id, { to: 'accepted', expectedVersion: 2, occurredAt: 'mardi dernier' }),
    400,
    'errors.validation',
  );
  expect(notADate.errors.occurredAt?.map((e) => e.key)).toEqual(['errors.referral.occurredAtInvalid']);
  const late = await expectError(
    await transition(worker.page, id, { to: 'accepted', expectedVersion: 2, occurredAt: `${LAST_YEAR}-03-03` }),
    422,
    'errors.referral.lateReasonRequired',
  );
  expect(Object.keys(late.errors)).toEqual(['lateReason']);
  expect(referralInDb(id)).toEqual({ status: 'acknowledged', version: 2 });
  expect(eventCount(id)).toBe(2);

  // Accepted on 3 March last year, registered today, with its reason.
  const accepted = await transition(worker.page, id, {
    to: 'accepted',
    expectedVersion: 2,
    occurredAt: `${LAST_YEAR}-03-03`,
    lateReason: 'Dossier papier retrouvé',
  });
  expect(accepted.status()).toBe(200);
  expect(referralInDb(id)).toEqual({ status: 'accepted', version: 3 });
  // The accompaniment counts in the year it started, not the year it was registered.
  const columns = statisticsColumns(id);
  expect(columns.accepted_year).toBe(LAST_YEAR);
  expect(new Date(columns.accepted_at!).getFullYear()).toBe(LAST_YEAR);

  // Both sides see both moments.
  for (const page of [inspector.page, worker.page]) {
    const events = await timelineOf(page, id);
    expect(events.map((e) => e.to)).toEqual(['sent', 'acknowledged', 'accepted']);
    const last = events[2]!;
    expect(last.lateReason).toBe('Dossier papier retrouvé');
    expect(new Date(last.occurredAt).getFullYear()).toBe(LAST_YEAR);
    expect(Date.now() - Date.parse(last.at)).toBeLessThan(DAY);
  }
});

test('on the screen, a centre records that the accompaniment started yesterday; the timeline shows both moments', async ({
  person,
}) => {
  const inspector = await person({ role: 'referrer', organisation: 'onss-lie' });
  const centre = await person({ role: 'centre_staff', organisation: 'surya' });
  const checklistId = await completedChecklist(inspector.page, ADULT_ANSWERS);
  // Sent three days ago and acknowledged two days ago (within 7 days: no reason needed).
  const sent = await postReferral(inspector.page, {
    checklistId,
    sentAt: new Date(Date.now() - 3 * DAY).toISOString(),
  });
  expect(sent.status()).toBe(201);
  const { id } = (await sent.json()) as { id: string };
  const ack = await transition(centre.page, id, {
    to: 'acknowledged',
    expectedVersion: 1,
    occurredAt: new Date(Date.now() - 2 * DAY).toISOString(),
  });
  expect(ack.status()).toBe(200);

  const page = centre.page;
  await page.goto(`/referrals/${id}`);
  const form = page.getByRole('form', { name: 'Mettre en route l’accompagnement' });
  // Folded away: most events are registered as they happen.
  await expect(form.getByLabel('Quand est-ce arrivé ?')).toBeHidden();
  await form.getByText('C’est arrivé plus tôt ?').click();
  const yesterday = brusselsDateTimeLocal(new Date(Date.now() - DAY));
  await form.getByLabel('Quand est-ce arrivé ?').fill(yesterday);
  await form.getByRole('button', { name: 'Mettre en route l’accompagnement' }).click();

  await expect(page.locator('p.lead .badge').first()).toHaveText('accompagnement mis en route');
  const timeline = page.getByRole('region', { name: 'Historique' }).getByRole('listitem');
  await expect(timeline).toHaveCount(3);
  await expect(timeline.nth(2)).toContainText(`accompagnement mis en route — ${centre.user.name} (Sürya)`);
  await expect(timeline.nth(2)).toContainText('enregistré le');
  expect(referralInDb(id)).toEqual({ status: 'accepted', version: 3 });

  // Stored as the Brussels minute typed, registered now.
  const [last] = (await timelineOf(page, id)).slice(-1);
  expect(brusselsDateTimeLocal(new Date(last!.occurredAt))).toBe(yesterday);
  expect(Date.now() - Date.parse(last!.at)).toBeLessThan(DAY / 24);
  expect(last!.lateReason).toBeNull();
});
