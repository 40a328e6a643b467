import type { APIRequestContext, Page } from '@playwright/test';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { getCatalogue, itemsOf } from '../../lib/checklist/catalogue';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import {
  formulaString,
  hostileDate,
  hostileKey,
  hostileObject,
  hostileString,
  hostileValue,
  htmlPayload,
  ownObject,
} from '../support/hostile';
import { expect, test } from './fixtures';
import { completedChecklist } from './support';

/**
 * Hostile input against the running application: (a) random and adversarial requests to the
 * JSON API and to the pages' query strings — the answer is a 2xx or a 4xx naming the field,
 * never a 5xx; (b) markup and script stored in every free text, then every page that shows it
 * opened in the browser — the text is shown as text and no script runs.
 */

const CODES = itemsOf(getCatalogue()).map((i) => i.code);

// ---------------------------------------------------------------------------------------------
// (a) API fuzzing

interface HostileRequest {
  label: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  body?: Buffer;
  contentType?: string;
  /** Names an error may be keyed by: the request's own fields, parameters and item codes. */
  fields: Set<string>;
  /** Top-level fields the endpoint does not know: a 2xx is impossible, a 400 must name them. */
  unknown?: string[];
  /** The CSV import answers its errors by row and column. */
  importErrors?: boolean;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');
/** A path segment or parameter from any string (lone surrogates become U+FFFD, as a browser sends them). */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const segment = (s: string) => encodeURIComponent(wellFormed(s)) || '%20';

/** A query string: known parameters (repeated or not) and strange ones, with hostile values. */
function queryString(params: readonly string[], plausible: fc.Arbitrary<string>) {
  return fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...params), hostileKey),
        fc.oneof(plausible, hostileString({ huge: false }), hostileDate),
      ),
      { maxLength: 5 },
    )
    .map((entries) => new URLSearchParams(entries.map(([k, v]) => [wellFormed(k), wellFormed(v)])).toString());
}

/** Bodies no JSON endpoint should choke on. */
const rawBody = fc.oneof(
  fc.constantFrom(
    '{"answers": {"ctx.region": "bru"',
    '[1, 2]',
    'null',
    '"x"',
    '1e999',
    '{"a":1,"a":2}',
    '\uFEFF{}',
    '{"answers": {"vic.name": "\\ud800"}}',
    '',
  ),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  // Written out rather than stringified: the test's own stack is not the one under test.
  fc
    .integer({ min: 1000, max: 100_000 })
    .map((n) => `{"answers": {"vic.name": ${'{"a":'.repeat(n)}"<script>alert(1)</script>"${'}'.repeat(n)}}}`),
  fc.constant(`{"answers": {"out.notes": "${'x'.repeat(600 * 1024)}"}}`),
);
const wrongContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonp',
  'text/csv',
  '',
);

function answersPatch() {
  return fc.oneof(
    hostileObject(
      CODES,
      fc.oneof(
        htmlPayload,
        fc.constantFrom('bru', 'm', 'yes', 'RO', '2026-03-10', 'economic'),
        fc.constant(['economic']),
        fc.integer({ min: -1, max: 120 }),
      ),
      { huge: true },
    ),
    hostileValue(),
  );
}

async function send(request: APIRequestContext, r: HostileRequest) {
  const headers: Record<string, string> = {};
  if (r.contentType !== undefined) headers['Content-Type'] = r.contentType;
  if (r.method === 'POST' && r.url === '/api/v1/checklists') headers['Idempotency-Key'] = randomUUID();
  return request.fetch(r.url, { method: r.method, headers, data: r.body, failOnStatusCode: false, maxRedirects: 0 });
}

/** The keys of a JSON object text, none for anything else. */
function topLevelKeys(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  } catch {
    return [];
  }
}

/** The answer to a hostile request: never a 5xx; a 4xx in JSON whose error names fields of the request. */
async function judge(request: APIRequestContext, r: HostileRequest) {
  const response = await send(request, r);
  const status = response.status();
  const what = `${r.label}: ${r.method} ${r.url.slice(0, 120)} → ${status}`;
  expect(status, what).toBeLessThan(500);
  if (r.unknown?.length && status !== 413 && status !== 415)
    expect(status, `${what}: unknown fields ${r.unknown.join(', ')} accepted`).toBeGreaterThanOrEqual(400);
  if (!r.url.startsWith('/api/')) return status; // a page: HTML, 2xx, 3xx or 404
  if (status < 400) return status;
  expect(response.headers()['content-type'], what).toContain('application/json');
  const body = (await response.json()) as { error: { key: string; message: string }; errors: unknown };
  expect(body.error.key, what).toMatch(/^errors\.[\w.]+$/);
  expect(typeof body.error.message, what).toBe('string');
  if (r.importErrors && Array.isArray(body.errors)) {
    for (const e of body.errors as { row: number | null; column: string | null; key: string }[])
      expect(e.key, what).toMatch(/^errors\./);
    return status;
  }
  const errors = body.errors as Record<string, { key: string; message: string }[]>;
  if (body.error.key === 'errors.validation')
    expect(Object.keys(errors).length, `${what}: a validation error names no field`).toBeGreaterThan(0);
  for (const [field, list] of Object.entries(errors)) {
    expect(
      r.fields.has(field) || r.fields.has(field.replace(/\.\d+$/, '')),
      `${what}: error on "${field}", not a field of the request`,
    ).toBe(true);
    for (const e of list) expect(e.key, what).toMatch(/^errors\.[\w.]+$/);
  }
  if (status === 400 && body.error.key === 'errors.validation')
    for (const u of r.unknown ?? [])
      expect(Object.keys(errors), `${what}: unknown field "${u}" not named`).toContain(u);
  return status;
}

const fieldSet = (...lists: (readonly string[])[]) => new Set(['body', ...lists.flat()]);

/** Statuses seen in a fuzz run: it must have reached the endpoints' success paths as well as their refusals. */
function tally() {
  const seen = new Map<number, number>();
  return {
    add: (status: number) => seen.set(status, (seen.get(status) ?? 0) + 1),
    check: () => {
      test.info().annotations.push({ type: 'statuses', description: JSON.stringify(Object.fromEntries(seen)) });
      expect(
        [...seen.keys()].some((s) => s < 300),
        'no request succeeded',
      ).toBe(true);
      expect(
        [...seen.keys()].some((s) => s >= 400),
        'no request was refused',
      ).toBe(true);
    },
  };
}

test('API fuzz as a referrer: hostile JSON bodies and query strings get a 2xx or a 4xx naming the field, never a 5xx', async ({
  person,
}) => {
  test.setTimeout(90_000);
  const referrer = await person({ role: 'referrer', organisation: 'onss-bru' });
  const request = referrer.page.request;
  const created = await request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers: { 'ctx.region': 'bru' } },
  });
  const draftId = ((await created.json()) as { id: string }).id;
  const completeOne = () => completedChecklist(referrer.page, VALID_ADULT_ANSWERS);
  const completedIds = [await completeOne(), await completeOne(), await completeOne()];
  const referral = await request.post('/api/v1/referrals', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { checklistId: completedIds[0] },
  });
  const referralId = ((await referral.json()) as { id: string }).id;

  const CREATE_FIELDS = ['answers', 'investigationId', 'complete', 'idempotencyKey'];
  const REFERRAL_FIELDS = [
    'checklistId',
    'centre',
    'choiceReason',
    'caseType',
    'urgentNeeds',
    'phone',
    'shareChecklist',
    'idempotencyKey',
  ];
  const TRANSITION_FIELDS = ['to', 'note', 'reason', 'expectedVersion', 'redirectTo'];
  const ids = fc.oneof(
    fc.constant(draftId),
    fc.constantFrom(...completedIds),
    fc.uuid(),
    hostileString({ huge: false }).map(segment),
  );

  const requests: fc.Arbitrary<HostileRequest> = fc.oneof(
    fc
      .tuple(hostileObject(CREATE_FIELDS, fc.oneof(answersPatch(), fc.boolean(), fc.uuid())), answersPatch())
      .map(([body, answers]) => {
        const data = ownObject([['answers', answers], ...Object.entries(body)]);
        const inner = typeof data.answers === 'object' && data.answers !== null ? Object.keys(data.answers) : [];
        return {
          label: 'create',
          method: 'POST',
          url: '/api/v1/checklists',
          body: json(data),
          contentType: 'application/json',
          fields: fieldSet(CREATE_FIELDS, CODES, inner, Object.keys(data)),
          unknown: Object.keys(data).filter((k) => !CREATE_FIELDS.includes(k)),
        };
      }),
    fc.tuple(ids, answersPatch()).map(([id, answers]) => {
      const inner = typeof answers === 'object' && answers !== null ? Object.keys(answers) : [];
      return {
        label: 'patch',
        method: 'PATCH',
        url: `/api/v1/checklists/${id}`,
        body: json({ answers }),
        contentType: 'application/json',
        fields: fieldSet(['answers'], CODES, inner),
      };
    }),
    fc.tuple(ids, fc.oneof(hostileValue(), formulaString)).map(([id, reason]) => ({
      label: 'complete',
      method: 'POST',
      url: `/api/v1/checklists/${id}/complete`,
      body: json({ reason }),
      contentType: 'application/json',
      fields: fieldSet(['reason'], CODES),
    })),
    hostileObject(
      REFERRAL_FIELDS,
      fc.oneof(
        fc.constantFrom(...completedIds),
        fc.constantFrom('pag-asa', 'payoke', 'esperanto', 'safety', 'thb', 'other'),
        fc.boolean(),
        htmlPayload,
      ),
    ).map((body) => ({
      label: 'refer',
      method: 'POST',
      url: '/api/v1/referrals',
      body: json(
        ownObject([['idempotencyKey', randomUUID()], ['checklistId', completedIds[1]], ...Object.entries(body)]),
      ),
      contentType: 'application/json',
      fields: fieldSet(REFERRAL_FIELDS),
    })),
    fc
      .tuple(
        fc.oneof(fc.constant(referralId), fc.uuid()),
        hostileObject(
          TRANSITION_FIELDS,
          fc.oneof(fc.constantFrom('withdrawn', 'refused_by_person', 'fear', 'payoke', 1, 2), htmlPayload),
        ),
      )
      .map(([id, body]) => ({
        label: 'transition',
        method: 'POST',
        url: `/api/v1/referrals/${id}/transitions`,
        body: json(body),
        contentType: 'application/json',
        fields: fieldSet(TRANSITION_FIELDS),
      })),
    queryString(
      ['status', 'year', 'region', 'form', 'q'],
      fc.constantFrom('draft', 'completed', '2026', 'bru', 'economic', 'PV'),
    ).map((qs) => ({
      label: 'list',
      method: 'GET',
      url: `/api/v1/checklists?${qs}`,
      fields: fieldSet(['status', 'year', 'region', 'form', 'q']),
    })),
    fc
      .tuple(
        fc.constantFrom(
          '/api/v1/checklists',
          `/api/v1/checklists/${draftId}`,
          '/api/v1/referrals',
          `/api/v1/referrals/${referralId}/transitions`,
        ),
        rawBody,
        fc.oneof(fc.constant('application/json'), wrongContentType),
      )
      .map(([url, text, contentType]) => ({
        label: 'raw',
        method: url === `/api/v1/checklists/${draftId}` ? 'PATCH' : 'POST',
        url,
        body: Buffer.from(text),
        contentType,
        // A raw text's own keys are fields of the request too (an unknown one, such as "a" in
        // '{"a":1,"a":2}', is answered by name).
        fields: new Set([...fieldSet(CREATE_FIELDS, REFERRAL_FIELDS, TRANSITION_FIELDS, CODES), ...topLevelKeys(text)]),
      })),
    fc
      .tuple(
        fc.constantFrom(
          '/checklists',
          '/referrals',
          '/investigations',
          `/checklists/${draftId}`,
          `/checklists/${completedIds[0]}/history`,
          `/referrals/${referralId}`,
        ),
        queryString(
          ['q', 'status', 'year', 'region', 'form', 'completed', 'conflict', 'show'],
          fc.constantFrom('1', 'draft', '2026', '50', '1000'),
        ),
      )
      .map(([path, qs]) => ({ label: 'page', method: 'GET', url: `${path}?${qs}`, fields: new Set<string>() })),
    hostileString({ huge: false }).map((id) => ({
      label: 'page id',
      method: 'GET',
      url: `/checklists/${segment(id)}`,
      fields: new Set<string>(),
    })),
  ) as fc.Arbitrary<HostileRequest>;

  // Known shapes first (each must hold), then the random ones.
  const repeated = await request.get('/checklists?q=a&q=b&status=draft&status=completed');
  expect(repeated.status(), 'a repeated parameter on the check-list list').toBeLessThan(500);
  for (const key of ['__proto__', 'constructor', 'toString']) {
    const body = Buffer.from(`{"answers": {"${key}": "x", "ctx.region": "bru"}, "${key}": 1}`);
    expect(
      await judge(request, {
        label: key,
        method: 'POST',
        url: '/api/v1/checklists',
        body,
        contentType: 'application/json',
        fields: fieldSet(CREATE_FIELDS, [key], CODES),
        unknown: [key],
      }),
    ).toBe(400);
    const patch = Buffer.from(`{"answers": {"${key}": "x"}}`);
    expect(
      await judge(request, {
        label: key,
        method: 'PATCH',
        url: `/api/v1/checklists/${draftId}`,
        body: patch,
        contentType: 'application/json',
        fields: fieldSet(['answers', key]),
      }),
    ).toBe(422);
  }
  const statuses = tally();
  await fc.assert(
    fc.asyncProperty(requests, async (r) => {
      statuses.add(await judge(request, r));
    }),
    { numRuns: 50 },
  );
  statuses.check();
});

test('API fuzz as a coordinator and an administrator: statistics parameters, CSV imports and the audit filters never answer 5xx', async ({
  person,
}) => {
  test.setTimeout(90_000);
  const [coordinator, admin] = await Promise.all([
    person({ role: 'coordinator', organisation: 'cic' }),
    person({ role: 'admin', organisation: 'cic' }),
  ]);
  const STAT_PARAMS = ['service', 'publication', 'orientation'];
  const year = fc.oneof(
    fc.constantFrom(
      '2026',
      '2025',
      '2000',
      '1999',
      '2101',
      '0000',
      '9999',
      '02026',
      '2026.0',
      '-2026',
      '+2026',
      '２０２６',
    ),
    hostileString({ huge: false }),
  );
  const header = ['organisation', 'completed_on', ...Object.keys(VALID_ADULT_ANSWERS), 'vic.name', 'out.notes'];
  const goodRow = (): Record<string, string> => ({
    organisation: 'onss-lie',
    completed_on: '2019-05-02',
    ...Object.fromEntries(
      Object.entries(VALID_ADULT_ANSWERS).map(([k, v]) => [k, Array.isArray(v) ? v.join('|') : String(v)]),
    ),
    'ctx.control_date': '2019-04-20',
    'vic.name': randomUUID(),
    'out.notes': '',
  });
  const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
  const csv = fc
    .tuple(
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.oneof(fc.constantFrom(...header), hostileKey),
          fc.oneof(hostileString({ huge: false }), formulaString, htmlPayload, hostileDate),
        ),
        { maxLength: 4 },
      ),
      fc.constantFrom(',', ';', '\t'),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([changes, sep, n]) => {
      const head = [...header];
      // Maps, not objects: a hostile column may be named "__proto__" or "constructor".
      const rows = Array.from({ length: n }, () => new Map(Object.entries(goodRow())));
      for (const [at, column, value] of changes) {
        if (!head.includes(column) && at % 3 === 0)
          head[at % head.length] = column; // a hostile column name
        else rows[at % n]!.set(column, value);
      }
      return [head.map(quote).join(sep), ...rows.map((r) => head.map((h) => quote(r.get(h) ?? '')).join(sep))].join(
        '\r\n',
      );
    });

  const coordinatorRequests: fc.Arbitrary<HostileRequest> = fc.oneof(
    fc
      .tuple(
        year,
        queryString(STAT_PARAMS, fc.constantFrom('all', 'onss', 'police', 'true', 'false', 'accepted', 'contacted')),
      )
      .map(([y, qs]) => ({
        label: 'statistics',
        method: 'GET',
        url: `/api/v1/statistics/${segment(y)}?${qs}`,
        fields: fieldSet(['year', ...STAT_PARAMS]),
      })),
    fc
      .tuple(
        year,
        fc.oneof(
          fc.constantFrom('checklists_by_region.csv', 'nope.csv', 'checklists_by_region', '..%2F..%2Fetc.csv'),
          hostileString({ huge: false }).map(segment),
        ),
        queryString(STAT_PARAMS, fc.constantFrom('true', 'onss')),
      )
      .map(([y, table, qs]) => ({
        label: 'csv',
        method: 'GET',
        url: `/api/v1/statistics/${segment(y)}/${table}?${qs}`,
        fields: fieldSet(['year', ...STAT_PARAMS]),
      })),
    fc
      .tuple(
        fc.oneof({ weight: 3, arbitrary: csv }, { weight: 1, arbitrary: hostileString() }),
        fc.oneof({ weight: 4, arbitrary: fc.constant('text/csv') }, { weight: 1, arbitrary: wrongContentType }),
      )
      .map(([text, contentType]) => ({
        label: 'import',
        method: 'POST',
        url: '/api/v1/checklists/import',
        body: Buffer.from(text),
        contentType,
        fields: fieldSet([]),
        importErrors: true,
      })),
    fc.uint8Array({ maxLength: 400 }).map((bytes) => ({
      label: 'import bytes',
      method: 'POST',
      url: '/api/v1/checklists/import',
      body: Buffer.from(bytes),
      contentType: 'text/csv',
      fields: fieldSet([]),
      importErrors: true,
    })),
    queryString(
      ['year', 'group', ...STAT_PARAMS],
      fc.constantFrom('2026', 'onss', 'true', 'contacted', 'centres', 'all'),
    ).map((qs) => ({ label: 'page', method: 'GET', url: `/statistics?${qs}`, fields: new Set<string>() })),
  ) as fc.Arbitrary<HostileRequest>;
  const statuses = tally();
  await fc.assert(
    fc.asyncProperty(coordinatorRequests, async (r) => {
      statuses.add(await judge(coordinator.page.request, r));
    }),
    { numRuns: 30 },
  );
  statuses.check();

  const AUDIT = ['category', 'outcome', 'user', 'target', 'from', 'to', 'before'];
  await fc.assert(
    fc.asyncProperty(
      queryString(
        AUDIT,
        fc.constantFrom('auth', 'ok', '2026-01-01', '9999-12-31', '0100-01-01', '1', '1e400', '99999999999999999999'),
      ),
      async (qs) => {
        await judge(admin.page.request, {
          label: 'audit page',
          method: 'GET',
          url: `/admin/audit?${qs}`,
          fields: new Set(),
        });
      },
    ),
    { numRuns: 12 },
  );
});

// ---------------------------------------------------------------------------------------------
// (b) Stored XSS: every free text holds a payload that sets window.__xss if it ever runs.

const payload = (tag: string, shape: number) =>
  [
    `${tag}<img src=x onerror="window.__xss=1">`,
    `${tag}"><svg onload="window.__xss=1">`,
    `${tag}<script>window.__xss=1</script>`,
    `${tag}<a href="javascript:window.__xss=1">lien</a>`,
    `${tag}<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
    `${tag}</textarea><img src=x onerror="window.__xss=1">`,
    `${tag}'><img src=x onerror=window.__xss=1>`,
  ][shape % 7]!;

const P = {
  reference: payload('RF', 1),
  name: payload('NM', 0),
  contact: payload('CT', 2),
  languages: payload('LG', 3),
  employer: payload('EM', 4),
  subsector: payload('SS', 5),
  aggOther: payload('AO', 6),
  notes: `${payload('ON', 0)} =HYPERLINK("http://evil.example")`,
  actNote: payload('AN', 1),
  housingNote: payload('HN', 2),
  investigationReference: payload('IR', 3).slice(0, 60),
  investigationEmployer: payload('IE', 0),
  urgentNeeds: payload('UN', 6),
  phone: payload('PH', 1),
  transitionNote: payload('TN', 0),
  correctionReason: payload('CR', 2),
  userName: payload('US', 0),
  importColumn: payload('IC', 0),
};

/** Opens a page and checks that no payload ran and none became markup; returns the page's text. */
async function expectInert(page: Page, path: string, visible: string[]) {
  const dialogs: string[] = [];
  const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(d.message());
    void d.dismiss();
  };
  page.on('dialog', onDialog);
  try {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    await page.waitForLoadState('load');
    for (const text of visible)
      await expect(page.locator('body'), `${path} shows ${text.slice(0, 20)}… as text`).toContainText(text);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
      `${path}: a stored script ran`,
    ).toBeUndefined();
    expect(
      await page
        .locator(
          'img[src="x"], svg[onload], iframe[srcdoc], a[href^="javascript:"], script:not([src]):has-text("__xss")',
        )
        .count(),
      `${path}: a payload became markup`,
    ).toBe(0);
    expect(dialogs, path).toEqual([]);
  } finally {
    page.off('dialog', onDialog);
  }
}

test('stored XSS: markup in every free text is shown as text on every page that displays it, and never runs', async ({
  person,
}) => {
  test.setTimeout(90_000);
  const [referrer, centre, admin, coordinator] = await Promise.all([
    person({ role: 'referrer', organisation: 'police-liege', name: P.userName }),
    person({ role: 'centre_staff', organisation: 'surya' }),
    person({ role: 'admin', organisation: 'cic' }),
    person({ role: 'coordinator', organisation: 'cic' }),
  ]);
  const r = referrer.page;
  // The investigation through its form (the server action), the check-list and the referral through the API.
  await r.goto('/investigations');
  await r.getByLabel('Référence de l’enquête').fill(P.investigationReference);
  await r.getByLabel('Employeur / exploitant').fill(P.investigationEmployer);
  await r.getByRole('button', { name: 'Ouvrir l’enquête' }).click();
  await expect(r).toHaveURL(/\/investigations\/[0-9a-f-]{36}$/);
  const investigationId = r.url().split('/').pop()!;

  const answers = {
    ...VALID_ADULT_ANSWERS,
    'ctx.region': 'lie',
    'ctx.reference': P.reference,
    'ctx.employer_name': P.employer,
    'ctx.subsector': P.subsector,
    'vic.name': P.name,
    'vic.contact': P.contact,
    'vic.languages': P.languages,
    'agg.other': P.aggOther,
    'out.notes': P.notes,
    'act.recruited': 'yes',
    'act.recruited:note': P.actNote,
    'exp.housing': 'yes',
    'exp.housing:note': P.housingNote,
  };
  const created = await r.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers, investigationId, complete: true },
  });
  expect(created.status(), await created.text()).toBe(201);
  const checklistId = ((await created.json()) as { id: string }).id;
  // A draft too: its answers go back into the form's inputs.
  const draft = await r.request.post('/api/v1/checklists', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { answers: { 'ctx.reference': P.reference, 'vic.name': P.name, 'out.notes': P.notes } },
  });
  const draftId = ((await draft.json()) as { id: string }).id;

  const referred = await r.request.post('/api/v1/referrals', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { checklistId, urgentNeeds: P.urgentNeeds, phone: P.phone, shareChecklist: true },
  });
  expect(referred.status(), await referred.text()).toBe(201);
  const { id: referralId, centre: centreCode } = (await referred.json()) as { id: string; centre: string };
  expect(centreCode).toBe('surya');
  const acknowledged = await centre.page.request.post(`/api/v1/referrals/${referralId}/transitions`, {
    data: { to: 'acknowledged', expectedVersion: 1, note: P.transitionNote },
  });
  expect(acknowledged.status(), await acknowledged.text()).toBe(200);

  // A correction, completed with a reason that is a payload.
  await r.goto(`/checklists/${checklistId}`);
  await r.getByRole('button', { name: 'Corriger (nouvelle version)' }).click();
  await expect(r.getByText('Correction en cours', { exact: false }).first()).toBeVisible();
  const corrected = await r.request.post(`/api/v1/checklists/${checklistId}/complete`, {
    data: { reason: P.correctionReason },
  });
  expect(corrected.status(), await corrected.text()).toBe(200);

  const answerTexts = [
    P.reference,
    P.name,
    P.contact,
    P.languages,
    P.employer,
    P.subsector,
    P.aggOther,
    payload('ON', 0),
    P.actNote,
    P.housingNote,
  ];
  await expectInert(r, '/checklists', [P.reference]);
  await expectInert(r, `/checklists/${checklistId}`, [...answerTexts, P.investigationReference, P.userName]);
  await expectInert(r, `/checklists/${checklistId}/print`, answerTexts);
  await expectInert(r, `/checklists/${checklistId}/history`, [P.correctionReason]);
  await expectInert(r, `/checklists/${draftId}`, []);
  await expect(r.getByLabel('Nom, prénoms, alias', { exact: false })).toHaveValue(P.name);
  await expectInert(r, '/investigations', [P.investigationReference]);
  await expectInert(r, `/investigations/${investigationId}`, [
    P.investigationReference,
    P.investigationEmployer,
    P.reference,
  ]);
  await expectInert(r, '/referrals', []);
  await expectInert(r, `/referrals/${referralId}`, [P.name, P.urgentNeeds, P.phone, P.transitionNote]);
  await expectInert(r, '/notifications', []);

  await expectInert(centre.page, '/inbox', []);
  await expectInert(centre.page, `/referrals/${referralId}`, [
    P.name,
    P.contact,
    P.languages,
    P.urgentNeeds,
    P.phone,
    P.userName,
    P.transitionNote,
    P.aggOther,
  ]);
  await expectInert(centre.page, '/notifications', []);

  await expectInert(admin.page, `/admin/users`, []);
  await expectInert(admin.page, `/admin/audit?target=${checklistId}`, [P.userName]);

  // Statistics hold counts and catalogue labels, never a typed text: the payloads are nowhere in them.
  const stats = await coordinator.page.request.get('/api/v1/statistics/2026');
  expect(stats.status()).toBe(200);
  const statsText = await stats.text();
  for (const text of Object.values(P)) expect(statsText).not.toContain(text);
  await expectInert(coordinator.page, '/statistics', []);
  // The import shows a column name typed in the file as text.
  await expectInert(coordinator.page, '/import', []);
  const header = ['organisation', 'completed_on', P.importColumn].map((h) => `"${h.replace(/"/g, '""')}"`).join(',');
  await coordinator.page.getByLabel('Fichier CSV').setInputFiles({
    name: 'x.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${header}\r\nonss-lie,2019-05-02,x\r\n`),
  });
  await coordinator.page.getByRole('button', { name: 'Vérifier et importer' }).click();
  await expect(coordinator.page.locator('body')).toContainText(P.importColumn);
  expect(await coordinator.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await coordinator.page.locator('img[src="x"]').count()).toBe(0);
});
