import { expect, test, type APIResponse, type PlaywrightWorkerArgs } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../lib/roles';
import { makeUser } from '../support/factories';
import { db, scalar, signInOverHttp } from './support';
import { VALID_ADULT_ANSWERS } from '../support/answers';

/**
 * Many writers at once against the production server (one SQLite connection, write transactions
 * BEGIN IMMEDIATE, WAL, synchronous = FULL, busy_timeout): no answer fails, none says the database
 * was locked, nothing is lost or doubled. Each user signs in through next-auth's credentials
 * callback in a request context of their own (no browser: 50 pages would only measure Chromium).
 */

const ONSS_DIRECTIONS = [
  'onss-wvl',
  'onss-ovl',
  'onss-ant',
  'onss-lim',
  'onss-hai',
  'onss-nam_lux',
  'onss-lie',
  'onss-vbr',
  'onss-bru',
  'onss-bwa',
];
const LOCKED = /database is locked|SQLITE_BUSY/i;

type Playwright = PlaywrightWorkerArgs['playwright'];

/** A user of their own, signed in through the credentials callback; the context keeps the session cookie. */
async function apiUser(playwright: Playwright, baseURL: string | undefined, role: Role, organisationCode: string) {
  const user = await makeUser({ role, organisation: organisationCode });
  // One connection per request: a kept-alive socket left idle while the other 49 users sign in can
  // be closed by the server (Node's 5 s keep-alive timeout) just as it is reused, and that reset
  // would be the test's, not the database's. (One ECONNRESET on the first request after sign-in
  // was seen on a loaded machine; this race is the likely cause — the server kept running.)
  const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { connection: 'close' } });
  await signInOverHttp(request, user.email, user.password);
  return { ...user, request };
}

/** The status and body of an answer, failing on a body that mentions a lock whatever the status. */
async function answerOf(
  response: APIResponse,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const text = await response.text();
  expect(text).not.toMatch(LOCKED);
  return { status: response.status(), body: JSON.parse(text) as Record<string, unknown>, text };
}

test('50 users writing at once: every draft save and creation succeeds, none is locked out, nothing is lost', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const users = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      apiUser(playwright, baseURL, 'referrer', ONSS_DIRECTIONS[i % ONSS_DIRECTIONS.length]!),
    ),
  );
  try {
    // Each user has one draft to work on.
    const drafts = await Promise.all(
      users.map(async (u) => {
        const { status, body } = await answerOf(
          await u.request.post('/api/v1/checklists', {
            data: { answers: { 'ctx.region': 'wvl' } },
            headers: { 'Idempotency-Key': randomUUID() },
          }),
        );
        expect(status).toBe(201);
        return body.id as string;
      }),
    );

    // Then all at once: per user, two saves of different items on that draft (two tabs) and a
    // new draft — 150 writes in flight.
    const patches = [{ 'ctx.reference': 'CONC-A' }, { 'vic.sex': 'f' }];
    const burst = users.flatMap((u, i) => [
      ...patches.map((answers) => ({
        kind: 'patch' as const,
        user: i,
        send: () => u.request.patch(`/api/v1/checklists/${drafts[i]}`, { data: { answers } }),
      })),
      ...[0].map(() => ({
        kind: 'create' as const,
        user: i,
        send: () =>
          u.request.post('/api/v1/checklists', {
            data: { answers: { 'ctx.region': 'wvl', 'ctx.reference': `CONC-${i}` } },
            headers: { 'Idempotency-Key': randomUUID() },
          }),
      })),
    ]);
    const started = Date.now();
    const answers = await Promise.all(burst.map(async (w) => ({ ...w, ...(await answerOf(await w.send())) })));
    const elapsed = Date.now() - started;
    test
      .info()
      .annotations.push({ type: 'burst', description: `${burst.length} concurrent writes answered in ${elapsed} ms` });

    const failed = answers
      .filter((a) => a.status !== (a.kind === 'patch' ? 200 : 201))
      .map((a) => `${a.kind} → ${a.status} ${a.text.slice(0, 200)}`);
    expect(failed).toEqual([]);

    const sqlite = db();
    try {
      for (const [i, u] of users.entries()) {
        // Two drafts each (one before the burst, one in it), the saved one with both saves merged.
        expect(
          sqlite.prepare("SELECT count(*) FROM checklists WHERE created_by = ? AND status = 'draft'").pluck().get(u.id),
        ).toBe(2);
        const draft = sqlite.prepare('SELECT revision, answers FROM checklists WHERE id = ?').get(drafts[i]) as {
          revision: number;
          answers: string;
        };
        expect(draft.revision).toBe(1 + patches.length);
        expect(JSON.parse(draft.answers)).toMatchObject({
          'ctx.region': 'wvl',
          'ctx.reference': 'CONC-A',
          'vic.sex': 'f',
        });
        // The revisions the two saves were answered with are 2 and 3: each save saw the one before it.
        const revisions = answers
          .filter((a) => a.user === i && a.kind === 'patch')
          .map((a) => a.body.revision as number);
        expect(revisions.sort((a, b) => a - b)).toEqual([2, 3]);
        expect(
          sqlite
            .prepare("SELECT count(*) FROM audit_events WHERE action = 'checklist.update' AND target_id = ?")
            .pluck()
            .get(drafts[i]),
        ).toBe(2);
      }
      expect(
        sqlite
          .prepare(
            "SELECT count(*) FROM audit_events WHERE action = 'checklist.create' AND actor_user_id IN (SELECT value FROM json_each(?))",
          )
          .pluck()
          .get(JSON.stringify(users.map((u) => u.id))),
      ).toBe(100);
    } finally {
      sqlite.close();
    }
  } finally {
    await Promise.all(users.map((u) => u.request.dispose()));
  }
});

test('20 parallel one-step completions with one Idempotency-Key: one completed check-list, one version, the same answer for all', async ({
  playwright,
  baseURL,
}) => {
  const inspector = await apiUser(playwright, baseURL, 'referrer', 'onss-wvl');
  try {
    const key = randomUUID();
    const data = { complete: true, answers: { ...VALID_ADULT_ANSWERS, 'ctx.region': 'wvl' } };
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () =>
        answerOf(await inspector.request.post('/api/v1/checklists', { data, headers: { 'Idempotency-Key': key } })),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    const first = answers.find((a) => a.status === 201)!.body;
    expect(first).toEqual({ id: expect.any(String), created: true, status: 'completed', version: 1 });
    for (const a of answers) expect(a.body).toEqual({ ...first, created: a.status === 201 });

    expect(scalar<number>('SELECT count(*) FROM checklists WHERE idempotency_key = ?', key)).toBe(1);
    expect(scalar<number>('SELECT count(*) FROM checklist_versions WHERE checklist_id = ?', first.id)).toBe(1);
    expect(
      scalar<number>(
        "SELECT count(*) FROM audit_events WHERE action = 'checklist.complete' AND target_id = ?",
        first.id,
      ),
    ).toBe(1);
  } finally {
    await inspector.request.dispose();
  }
});

test('20 parallel referrals with one Idempotency-Key: one referral, one notification to the centre, the same answer for all', async ({
  playwright,
  baseURL,
}) => {
  const inspector = await apiUser(playwright, baseURL, 'referrer', 'onss-wvl');
  try {
    const completed = await answerOf(
      await inspector.request.post('/api/v1/checklists', {
        data: { complete: true, answers: { ...VALID_ADULT_ANSWERS, 'ctx.region': 'wvl' } },
        headers: { 'Idempotency-Key': randomUUID() },
      }),
    );
    expect(completed.status).toBe(201);
    const checklistId = completed.body.id as string;

    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () =>
        answerOf(
          await inspector.request.post('/api/v1/referrals', {
            data: { checklistId },
            headers: { 'Idempotency-Key': key },
          }),
        ),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    const first = answers.find((a) => a.status === 201)!.body;
    // West Flanders → Payoke (lib/referrals/routing.ts).
    expect(first).toEqual({ id: expect.any(String), centre: 'payoke', created: true });
    for (const a of answers) expect(a.body).toEqual({ ...first, created: a.status === 201 });

    expect(scalar<number>('SELECT count(*) FROM referrals WHERE checklist_id = ?', checklistId)).toBe(1);
    expect(scalar<number>('SELECT count(*) FROM referral_events WHERE referral_id = ?', first.id)).toBe(1);
    expect(
      scalar<number>("SELECT count(*) FROM audit_events WHERE action = 'referral.create' AND target_id = ?", first.id),
    ).toBe(1);
    // Each of the centre's users told once (however many there are while other tests run).
    const notified = scalar<number>('SELECT count(*) FROM notifications WHERE referral_id = ?', first.id);
    expect(notified).toBeGreaterThan(0);
    expect(scalar<number>('SELECT count(DISTINCT user_id) FROM notifications WHERE referral_id = ?', first.id)).toBe(
      notified,
    );
  } finally {
    await inspector.request.dispose();
  }
});
