import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { demo, scalar } from './support';

/**
 * What an outside probe of a running instance found, checked through HTTP as it was found.
 */

const HEADER =
  'organisation,completed_on,ctx.reference,ctx.control_date,ctx.region,ctx.forms,ctx.sector,vic.sex,vic.age_estimate,vic.nationality,doc.residence,doc.identity,pay.level,exp.housing,exp.long_hours,agg.vulnerable,agg.coercion,out.sufficient,out.wish,out.notes';
const NOTE = 'n'.repeat(3_800);

/** A CSV of `rows` check-lists of 2012 (about 3.8 kB each), each with its own reference. */
function csv(prefix: string, rows: number, eol = '\n'): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++)
    lines.push(
      `onss-ant,2012-03-14,${prefix}-${i},2012-03-12,ant,economic,construction,m,30,RO,eu_national_id,own,very_low,yes,yes,yes,unknown,yes,accepts_referral,${NOTE}-${i}`,
    );
  return lines.join(eol) + eol;
}

const importedWith = (prefix: string) =>
  scalar<number>('SELECT count(*) FROM checklists WHERE imported = 1 AND reference LIKE ?', `${prefix}-%`);

test.describe('the CSV import over HTTP', () => {
  test.describe.configure({ timeout: 180_000 });

  test('a file over 10 MB is imported whole, and one over the 64 MB limit is refused, saying the limit, storing nothing', async ({
    page,
    signInAs,
  }) => {
    await signInAs(demo('coordination'));
    const prefix = `BIG-${randomUUID().slice(0, 8)}`;
    const big = csv(prefix, 3_000);
    expect(Buffer.byteLength(big)).toBeGreaterThan(11 * 1024 * 1024);
    const answer = await page.request.post('/api/v1/checklists/import', {
      headers: { 'Content-Type': 'text/csv' },
      data: big,
      timeout: 170_000,
    });
    expect(answer.status(), await answer.text()).toBe(200);
    expect(await answer.json()).toEqual({ imported: 3_000, rows: 3_000 });
    expect(importedWith(prefix)).toBe(3_000);
    // The last row arrived whole: its note was not cut.
    expect(
      scalar<string>(
        'SELECT json_extract(answers, \'$."out.notes"\') FROM checklists WHERE reference = ?',
        `${prefix}-2999`,
      ),
    ).toBe(`${NOTE}-2999`);

    const hugePrefix = `HUGE-${randomUUID().slice(0, 8)}`;
    const huge = csv(hugePrefix, 17_500);
    expect(Buffer.byteLength(huge)).toBeGreaterThan(64 * 1024 * 1024);
    const refused = await page.request.post('/api/v1/checklists/import', {
      headers: { 'Content-Type': 'text/csv' },
      data: huge,
      timeout: 170_000,
    });
    expect(refused.status()).toBe(413);
    const body = (await refused.json()) as { error: { key: string; message: string } };
    expect(body.error.key).toBe('errors.import.tooLarge');
    expect(body.error.message).toContain('64');
    expect(importedWith(hugePrefix)).toBe(0);
  });

  test('the same file sent again with CRLF line endings or a trailing newline imports nothing', async ({
    page,
    signInAs,
  }) => {
    await signInAs(demo('coordination'));
    const prefix = `TWICE-${randomUUID().slice(0, 8)}`;
    const send = (text: string) =>
      page.request.post('/api/v1/checklists/import', { headers: { 'Content-Type': 'text/csv' }, data: text });
    const first = await send(csv(prefix, 3).trimEnd());
    expect(first.status(), await first.text()).toBe(200);
    expect(importedWith(prefix)).toBe(3);
    for (const again of [csv(prefix, 3, '\r\n'), csv(prefix, 3), `${csv(prefix, 3)}\n`]) {
      const answer = await send(again);
      expect(answer.status()).toBe(422);
      const refused = (await answer.json()) as { errors: { row: number | null; key: string }[] };
      expect(refused.errors.map((e) => e.key)).toEqual([
        'errors.import.alreadyImported',
        'errors.import.alreadyImported',
        'errors.import.alreadyImported',
      ]);
      expect(refused.errors.map((e) => e.row)).toEqual([2, 3, 4]);
    }
    expect(importedWith(prefix)).toBe(3);
  });
});

test.describe('server actions refused before they run', () => {
  /** The id of the language switch's action (it needs no sign-in), from the build's manifest. */
  function localeActionId(): string {
    const manifest = JSON.parse(
      fs.readFileSync(
        path.join(process.env.NEXT_DIST_DIR ?? '.next', 'server', 'server-reference-manifest.json'),
        'utf8',
      ),
    ) as {
      node: Record<string, { exportedName: string }>;
    };
    const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === 'setLocaleAction');
    if (!found) throw new Error('setLocaleAction is not in the build');
    return found[0];
  }

  test('a foreign or null Origin answers 403 and an oversized body 413, not 500; the action does not run', async ({
    request,
    baseURL,
  }) => {
    const id = localeActionId();
    const post = (headers: Record<string, string>, data: string) =>
      request.post('/signin', {
        headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
        data,
        maxRedirects: 0,
      });
    const args = JSON.stringify([{ locale: 'nl' }]);
    for (const origin of ['https://attacker.example', 'null']) {
      const answer = await post({ Origin: origin }, args);
      expect(answer.status(), origin).toBe(403);
      expect(answer.headers()['set-cookie'] ?? '', `${origin}: the action ran`).not.toContain('relais-locale');
    }
    const big = await post({ Origin: new URL(baseURL!).origin }, `["${'x'.repeat(1024 * 1024 + 10)}"]`);
    expect(big.status()).toBe(413);
  });
});
