import type Database from 'better-sqlite3';
import { ageBand, ROW_PART_SEPARATOR } from './tables';

/**
 * The check-list side of the yearly statistics as counters (decision 0015): the keys a counted
 * check-list adds 1 to, and their recomputation from the records. Without `server-only`, so
 * that `npm run db:migrate` and `npm run stats:verify` can rebuild and check them; the
 * transactional upkeep is in lib/server/statistics/counts.ts.
 */
export const DIMENSIONS = [
  'total',
  'region_sector',
  'nationality_sex',
  'eu',
  'age_sex',
  'residence',
  'identity',
  'indicator',
  'oriented_accepted',
  'oriented_contacted',
  'oriented_nationality_accepted',
  'oriented_nationality_contacted',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface CountedFacts {
  year: number | null;
  service: string | null;
  version: number;
  sufficient: boolean | null;
  region: string | null;
  sector: string | null;
  nationality: string | null;
  sex: string | null;
  euNational: boolean | null;
  age: number | null;
  minor: boolean | null;
  residence: string | null;
  identityDocuments: string | null;
  wish: string | null;
}

export interface CountKey {
  year: number;
  service: string;
  dimension: Dimension;
  a: string;
  b: string;
}

/** The counters a check-list adds 1 to: none unless it counts (completed, sufficient, with a year). */
export function countKeys(
  c: CountedFacts,
  indicators: readonly string[],
  oriented: { accepted: boolean; contacted: boolean },
): CountKey[] {
  if (c.version < 1 || c.sufficient !== true || c.year === null) return [];
  const base = { year: c.year, service: c.service ?? 'other' };
  const sex = c.sex ?? 'x';
  const inCare = c.wish === 'already_in_care';
  const keys: CountKey[] = [
    { ...base, dimension: 'total', a: '', b: '' },
    // A missing region is kept apart under '' and so falls outside the table's rows.
    { ...base, dimension: 'region_sector', a: c.region ?? '', b: c.sector ?? 'unknown' },
    { ...base, dimension: 'nationality_sex', a: c.nationality ?? 'unknown', b: sex },
    {
      ...base,
      dimension: 'eu',
      a: c.euNational === true ? 'eu' : c.euNational === false ? 'non_eu' : 'unknown',
      b: '',
    },
    { ...base, dimension: 'age_sex', a: ageBand(c.age, c.minor), b: sex },
    { ...base, dimension: 'residence', a: c.residence ?? 'unanswered', b: '' },
    { ...base, dimension: 'identity', a: c.identityDocuments ?? 'unanswered', b: '' },
    ...[...new Set(indicators)].map((code) => ({ ...base, dimension: 'indicator' as const, a: code, b: '' })),
  ];
  // The nationality detail of the persons oriented (the report's T8 and T15): direction, then
  // nationality and sex under one code, so that the table stays a read of counters.
  const detail = `${c.nationality ?? 'unknown'}${ROW_PART_SEPARATOR}${sex}`;
  if (oriented.accepted || inCare) {
    keys.push({ ...base, dimension: 'oriented_accepted', a: c.region ?? '', b: sex });
    keys.push({ ...base, dimension: 'oriented_nationality_accepted', a: c.region ?? '', b: detail });
  }
  if (oriented.contacted || inCare) {
    keys.push({ ...base, dimension: 'oriented_contacted', a: c.region ?? '', b: sex });
    keys.push({ ...base, dimension: 'oriented_nationality_contacted', a: c.region ?? '', b: detail });
  }
  return keys;
}

export const keyString = (k: CountKey) => `${k.year}\u0000${k.service}\u0000${k.dimension}\u0000${k.a}\u0000${k.b}`;

/**
 * Recomputes every counter from the records (in one pass over the counted check-lists), into
 * `statistics_counts` — or, with `write: false`, only returns them (npm run stats:verify).
 */
export function computeAllCounts(sqlite: Database.Database): Map<string, { key: CountKey; n: number }> {
  const accepted = new Set(
    sqlite
      .prepare('select distinct checklist_id from referrals where checklist_id is not null and accepted_at is not null')
      .pluck()
      .all() as string[],
  );
  const contacted = new Set(
    sqlite
      .prepare(
        "select distinct checklist_id from referrals where checklist_id is not null and first_action_at is not null and status <> 'withdrawn'",
      )
      .pluck()
      .all() as string[],
  );
  const indicatorsOf = new Map<string, string[]>();
  for (const row of sqlite
    .prepare('select checklist_id as id, code from checklist_indicators where sufficient = 1')
    .iterate() as IterableIterator<{ id: string; code: string }>) {
    const list = indicatorsOf.get(row.id);
    if (list) list.push(row.code);
    else indicatorsOf.set(row.id, [row.code]);
  }
  const counts = new Map<string, { key: CountKey; n: number }>();
  const rows = sqlite
    .prepare(
      `select id, year, service, version, sufficient, region, sector, nationality, sex, eu_national as euNational, age, minor, residence,
              identity_documents as identityDocuments, wish from checklists where version > 0 and sufficient = 1 and year is not null`,
    )
    .iterate() as IterableIterator<
    Omit<CountedFacts, 'sufficient' | 'euNational' | 'minor'> & {
      id: string;
      sufficient: number;
      euNational: number | null;
      minor: number | null;
    }
  >;
  for (const r of rows) {
    const facts: CountedFacts = {
      ...r,
      sufficient: r.sufficient === 1,
      euNational: r.euNational === null ? null : r.euNational === 1,
      minor: r.minor === null ? null : r.minor === 1,
    };
    for (const key of countKeys(facts, indicatorsOf.get(r.id) ?? [], {
      accepted: accepted.has(r.id),
      contacted: contacted.has(r.id),
    })) {
      const s = keyString(key);
      const m = counts.get(s);
      if (m) m.n++;
      else counts.set(s, { key, n: 1 });
    }
  }
  return counts;
}

export function rebuildStatisticsCounts(sqlite: Database.Database): number {
  const counts = computeAllCounts(sqlite);
  const insert = sqlite.prepare(
    'insert into statistics_counts (year, service, dimension, a, b, n) values (?, ?, ?, ?, ?, ?)',
  );
  sqlite
    .transaction(() => {
      sqlite.prepare('delete from statistics_counts').run();
      for (const { key, n } of counts.values()) insert.run(key.year, key.service, key.dimension, key.a, key.b, n);
    })
    .immediate();
  return counts.size;
}

/** Differences between the stored counters and a recomputation from the records (empty when they agree). */
export function verifyStatisticsCounts(sqlite: Database.Database): string[] {
  const expected = computeAllCounts(sqlite);
  const stored = new Map(
    (
      sqlite
        .prepare('select year, service, dimension, a, b, n from statistics_counts where n <> 0')
        .all() as (CountKey & { n: number })[]
    ).map((r) => [keyString(r), r.n]),
  );
  const problems: string[] = [];
  for (const [s, { key, n }] of expected)
    if (stored.get(s) !== n)
      problems.push(
        `${key.year} ${key.service} ${key.dimension} ${key.a}/${key.b}: stored ${stored.get(s) ?? 0}, records ${n}`,
      );
  for (const [s, n] of stored)
    if (!expected.has(s)) problems.push(`${s.split('\u0000').join(' ')}: stored ${n}, records 0`);
  return problems;
}

/** Table 15's durations for referrals written in bulk (the application writes them at each transition), as migration 0007 does. */
export const DURATIONS_BACKFILL_SQL = `
  UPDATE referrals SET first_action_seconds = CAST(ROUND((julianday(first_action_at) - julianday(received_at)) * 86400) AS INTEGER) WHERE first_action_at IS NOT NULL AND first_action_seconds IS NULL;
  UPDATE referrals SET accepted_seconds = CAST(ROUND((julianday(accepted_at) - julianday(received_at)) * 86400) AS INTEGER) WHERE accepted_at IS NOT NULL AND accepted_seconds IS NULL;`;
