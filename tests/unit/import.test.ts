import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, checklistIndicators, checklists, organisations } from '@/db/schema';
import { importChecklists, importChecklistsWithProgress } from '@/lib/server/checklists/import-checklists';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import { makeOrganisation, makeUser } from '../support/factories';

const db = () => getDb();
const count = () =>
  db()
    .select({ n: sql<number>`count(*)` })
    .from(checklists)
    .get()!.n;

const HEADER = [
  'organisation',
  'completed_on',
  'ctx.control_date',
  'ctx.region',
  'ctx.forms',
  'ctx.sector',
  'vic.sex',
  'vic.birth_date',
  'vic.nationality',
  'exp.housing',
  'out.sufficient',
  'out.wish',
];
function row(org: string, i: number, overrides: Partial<Record<string, string>> = {}): string {
  const values: Record<string, string> = {
    organisation: org,
    completed_on: '2018-05-02',
    'ctx.control_date': '2018-04-20',
    'ctx.region': ['ant', 'bru', 'lie'][i % 3]!,
    'ctx.forms': i % 5 === 0 ? 'economic|sexual' : 'economic',
    'ctx.sector': 'construction',
    'vic.sex': i % 2 ? 'm' : 'f',
    'vic.birth_date': '1990-04-02',
    'vic.nationality': 'RO',
    'exp.housing': 'yes',
    'out.sufficient': 'yes',
    'out.wish': 'accepts_referral',
    ...overrides,
  };
  return HEADER.map((h) => values[h] ?? '').join(',');
}
const csv = (rows: string[], header = HEADER.join(',')) => [header, ...rows].join('\n') + '\n';

describe('import of earlier years', async () => {
  const orgCode = `onss-import-${Date.now()}`;
  const onss = makeOrganisation('onss', 'ONSS import', orgCode);
  const otherCode = `police-import-${Date.now()}`;
  makeOrganisation('police', 'Police import', otherCode);
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const onssAdmin = await makeUser({ role: 'admin', organisation: onss });
  const referrer = await makeUser({ role: 'referrer', organisation: onss });
  const now = new Date('2026-11-27T10:00:00Z');

  it('imports nothing when one cell among 1,000 good rows is bad, and names the cell', () => {
    const before = count();
    const rows = Array.from({ length: 1000 }, (_, i) => row(orgCode, i));
    rows[617] = row(orgCode, 617, { 'vic.sex': 'homme' });
    const result = importChecklists({ actor: coordinator.actor, body: Buffer.from(csv(rows)), now });
    expect(result).toMatchObject({
      ok: false,
      errorCount: 1,
      // A value outside the list names the allowed codes.
      errors: [{ row: 619, column: 'vic.sex', key: 'errors.import.invalidOption', values: { allowed: 'm, f, x' } }],
    });
    expect(count()).toBe(before);
  });

  it('imports a good file: completed, marked imported, in the organisation of the file, counted in the year it was completed', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(i < 20 ? orgCode : otherCode, i));
    const result = importChecklists({ actor: coordinator.actor, body: csv(rows), now });
    expect(result).toEqual({ ok: true, imported: 30, rows: 30 });
    const mine = db().select().from(checklists).where(eq(checklists.organisationId, onss.id)).all();
    expect(mine).toHaveLength(20);
    expect(
      mine.every(
        (c) => c.imported && c.status === 'completed' && c.version === 1 && c.year === 2018 && c.service === 'onss',
      ),
    ).toBe(true);
    expect(mine.filter((c) => c.formSexual)).toHaveLength(4);
    const indicators = db()
      .select({ n: sql<number>`count(*)` })
      .from(checklistIndicators)
      .where(eq(checklistIndicators.year, 2018))
      .get()!.n;
    expect(indicators).toBeGreaterThanOrEqual(30);
    const stats = computeYearStatistics({ actor: coordinator.actor, year: 2018, service: 'onss', audit: false });
    const byRegion = stats.find((t) => t.id === 'checklists_by_region')!;
    expect(byRegion.cells.flat().reduce((a, b) => a + b, 0)).toBe(20);
    expect(stats.find((t) => t.id === 'checklists_over_years')!.rows).toContain('2018');
    const audit = db().select().from(auditEvents).where(eq(auditEvents.action, 'checklist.import')).all().at(-1)!;
    expect(audit.outcome).toBe('ok');
    expect(JSON.parse(audit.detail!)).toEqual({ rows: 30, organisations: 2 });
  });

  it('refuses the same file twice', () => {
    const body = csv([row(orgCode, 1, { completed_on: '2017-03-01', 'ctx.control_date': '2017-02-01' })]);
    expect(importChecklists({ actor: coordinator.actor, body, now })).toMatchObject({ ok: true, imported: 1 });
    const before = count();
    expect(importChecklists({ actor: coordinator.actor, body, now })).toMatchObject({
      ok: false,
      errors: [{ key: 'errors.import.alreadyImported' }],
    });
    expect(count()).toBe(before);
  });

  it('reports every error with its row and column, including the rules across items', () => {
    const rows = [
      row(orgCode, 0, { 'ctx.region': 'paris' }),
      row('no-such-org', 1),
      row(orgCode, 2, { completed_on: '2030-01-01' }),
      row(orgCode, 3, { 'vic.birth_date': '', 'ctx.forms': 'economic|teleportation' }),
      row(orgCode, 4, { 'out.wish': 'refuses' }),
      row(orgCode, 5, { completed_on: '2018-01-01' }),
      'too,few,fields',
    ];
    const result = importChecklists({ actor: coordinator.actor, body: csv(rows), now });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.errors.map((e) => `${e.row}:${e.column}:${e.key}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '2:ctx.region:errors.import.invalidOption',
        '3:organisation:errors.import.unknownOrganisation',
        '4:completed_on:errors.dateInFuture',
        '5:ctx.forms:errors.import.invalidOption',
        '5:vic.birth_date:errors.birthOrEstimate',
        '6:out.refusal_reason:errors.required',
        '7:completed_on:errors.import.completedBeforeControl',
        '8:null:errors.import.columnCount',
      ]),
    );
  });

  it('refuses a header that is missing a column, has an unknown or a doubled one', () => {
    const before = count();
    const missing = importChecklists({
      actor: coordinator.actor,
      body: csv(
        [row(orgCode, 1)].map((r) => r.split(',').slice(1).join(',')),
        HEADER.slice(1).join(','),
      ),
      now,
    });
    expect(missing).toMatchObject({
      ok: false,
      errors: [{ row: 1, column: 'organisation', key: 'errors.import.missingColumn' }],
    });
    const extra = importChecklists({
      actor: coordinator.actor,
      body: csv([row(orgCode, 1) + ',x'], HEADER.join(',') + ',vic.shoe_size'),
      now,
    });
    expect(extra).toMatchObject({
      ok: false,
      errors: [{ row: 1, column: 'vic.shoe_size', key: 'errors.import.unknownColumn' }],
    });
    const doubled = importChecklists({
      actor: coordinator.actor,
      body: csv([row(orgCode, 1) + ',f'], HEADER.join(',') + ',vic.sex'),
      now,
    });
    expect(doubled).toMatchObject({
      ok: false,
      errors: [{ row: 1, column: 'vic.sex', key: 'errors.import.duplicateColumn' }],
    });
    expect(count()).toBe(before);
  });

  it('refuses empty files, header-only files, other encodings and garbage without writing anything', () => {
    const before = count();
    const keyOf = (body: Uint8Array | string) => {
      const r = importChecklists({ actor: coordinator.actor, body, now });
      return r.ok ? 'imported' : r.errors[0]!.key;
    };
    expect(keyOf(Buffer.alloc(0))).toBe('errors.import.empty');
    expect(keyOf('\n\n')).toBe('errors.import.empty');
    // A row of empty cells (as spreadsheets append) is not a check-list.
    expect(keyOf(HEADER.join(',') + '\n,,,\n\n')).toBe('errors.import.noRows');
    expect(keyOf(HEADER.join(',') + '\n')).toBe('errors.import.noRows');
    // Windows-1252 "é" (0xE9) is not UTF-8.
    expect(keyOf(Buffer.concat([Buffer.from(csv([row(orgCode, 1)])), Buffer.from([0xe9])]))).toBe(
      'errors.import.notUtf8',
    );
    expect(keyOf(Buffer.from('\uFEFF' + csv([row(orgCode, 1)]), 'utf16le'))).toBe('errors.import.utf16');
    const garbage = randomBytes(10 * 1024 * 1024);
    expect(['errors.import.notUtf8', 'errors.import.binary']).toContain(keyOf(garbage));
    const printable = Buffer.from(
      randomBytes(10 * 1024 * 1024)
        .toString('base64')
        .slice(0, 10 * 1024 * 1024),
    );
    expect(['errors.import.malformed', 'errors.import.unknownColumn', 'errors.import.missingColumn']).toContain(
      keyOf(printable),
    );
    expect(count()).toBe(before);
  });

  it('reads semicolon-separated files, Belgian dates and a byte-order mark', () => {
    const body =
      '\uFEFF' +
      csv([row(orgCode, 1, { completed_on: '03/06/2016', 'ctx.control_date': '01/06/2016' })]).replace(/,/g, ';');
    expect(importChecklists({ actor: coordinator.actor, body: Buffer.from(body), now })).toMatchObject({
      ok: true,
      imported: 1,
    });
    const c = db().select().from(checklists).where(eq(checklists.year, 2016)).get()!;
    expect(c.controlDate).toBe('2016-06-01');
  });

  it('lets an organisation administrator import for their own organisation only; referrers may not import', () => {
    const own = importChecklists({
      actor: onssAdmin.actor,
      body: csv([row(orgCode, 1, { completed_on: '2015-05-05', 'ctx.control_date': '2015-05-01' })]),
      now,
    });
    expect(own).toMatchObject({ ok: true, imported: 1 });
    const other = importChecklists({
      actor: onssAdmin.actor,
      body: csv([row(otherCode, 1, { completed_on: '2015-05-06', 'ctx.control_date': '2015-05-01' })]),
      now,
    });
    expect(other).toMatchObject({
      ok: false,
      errors: [{ row: 2, column: 'organisation', key: 'errors.import.unknownOrganisation' }],
    });
    expect(() => importChecklists({ actor: referrer.actor, body: csv([row(orgCode, 1)]), now })).toThrow();
  });

  it('reports progress while checking, then writing', async () => {
    const rows = Array.from({ length: 4500 }, (_, i) =>
      row(orgCode, i, { completed_on: '2014-05-02', 'ctx.control_date': '2014-04-20' }),
    );
    const seen: string[] = [];
    const result = await importChecklistsWithProgress({
      actor: coordinator.actor,
      body: csv(rows),
      now,
      onProgress: (p) => seen.push(`${p.phase}:${p.done}/${p.total}`),
    });
    expect(result).toMatchObject({ ok: true, imported: 4500 });
    expect(seen).toEqual(['checking:2000/4500', 'checking:4000/4500', 'checking:4500/4500', 'writing:0/4500']);
  });
});

describe('the documented example file', async () => {
  it('imports as it is (docs/import-example.csv)', async () => {
    for (const [code, kind] of [
      ['onss-ant', 'onss'],
      ['onss-bru', 'onss'],
      ['police-antwerpen', 'police'],
      ['cls', 'cls'],
    ] as const) {
      if (!db().select().from(organisations).where(eq(organisations.code, code)).get())
        makeOrganisation(kind, code, code);
    }
    const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
    const result = importChecklists({
      actor: coordinator.actor,
      body: readFileSync('docs/import-example.csv'),
      now: new Date('2026-11-27T10:00:00Z'),
    });
    expect(result).toEqual({ ok: true, imported: 4, rows: 4 });
  });
});
