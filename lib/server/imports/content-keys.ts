import 'server-only';
import { createHash } from 'node:crypto';

/**
 * What the imports of earlier years (check-lists, centre requests) share to recognise rows
 * already imported (docs/import.md, docs/import-centres.md). Each row's key is its content —
 * the values `contentOf` gives, line breaks normalised — with its rank among identical rows of
 * the file (two persons may have the same row). The same file sent again, with other line
 * endings, a trailing newline, rows in another order or as part of a larger file, finds its
 * rows already there.
 */
export function contentKeys<R extends { row: number }>(rows: R[], contentOf: (r: R) => unknown): Map<number, string> {
  const seen = new Map<string, number>();
  const keys = new Map<number, string>();
  for (const r of rows) {
    const canonical = JSON.stringify(contentOf(r), (_k, v: unknown) =>
      typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v,
    );
    const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 40);
    const rank = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, rank);
    keys.set(r.row, `import-${hash}-${rank}`);
  }
  return keys;
}

/** An object with its keys in order, so that the same answers give the same content whatever their order. */
export function sortedObject<V>(o: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The digest of a file's content keys: the audit entry's target, the same for the same rows in any order. */
export function importDigest(keys: Map<number, string>): string {
  return createHash('sha256')
    .update([...keys.values()].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/**
 * The rows of the file already imported: grouped by the owner their key is unique within
 * (`ownerOf`), asked in batches of 500 keys (SQLite's limit on bound values) with `existing`,
 * which answers the keys of that owner already stored. Returned as row numbers, in order.
 */
export function rowsAlreadyImported<R extends { row: number }>(
  rows: R[],
  key: (row: number) => string,
  ownerOf: (r: R) => string,
  existing: (owner: string, keys: string[]) => string[],
): number[] {
  const found: number[] = [];
  const byOwner = new Map<string, R[]>();
  for (const r of rows) {
    const owner = ownerOf(r);
    const list = byOwner.get(owner);
    if (list) list.push(r);
    else byOwner.set(owner, [r]);
  }
  for (const [owner, ofOwner] of byOwner) {
    for (let i = 0; i < ofOwner.length; i += 500) {
      const batch = ofOwner.slice(i, i + 500);
      const stored = new Set(
        existing(
          owner,
          batch.map((r) => key(r.row)),
        ),
      );
      for (const r of batch) if (stored.has(key(r.row))) found.push(r.row);
    }
  }
  return found.sort((a, b) => a - b);
}
