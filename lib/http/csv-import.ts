import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IMPORT_MAX_BYTES } from '../checklist/import-csv';
import type { Permission } from '../permissions';
import type { Actor } from '../server/auth/actor';
import type { ImportProgress, ImportResult } from '../server/checklists/import-checklists';
import { apiError, errorResponse, json, messageDescriber, readBodyWithin } from './api-responses';
import { apiRoute } from './route-handler';

type ImportVerb = (call: {
  actor: Actor;
  body: Uint8Array;
  onProgress: (p: ImportProgress) => void;
}) => Promise<ImportResult>;

/**
 * The route of a CSV import (docs/import.md, docs/import-centres.md): a `text/csv` body read up
 * to 64 MB and no further, one import verb, and the same answers for every import — 200
 * { imported, rows }, or 422 with every error by row and column (nothing imported); with
 * `Accept: application/x-ndjson`, progress lines ({"phase":"checking","done":2000,"total":…})
 * before the result line. The permission is checked before a byte of the upload is received.
 * Such a route must stay outside the proxy (proxy.ts), which would cut its body at 10 MB.
 */
export function csvImportRoute(permission: Permission, importRows: ImportVerb) {
  return apiRoute({
    permission,
    run: async ({ actor, request }) => {
      const type = (request.headers.get('content-type') ?? '').toLowerCase();
      // A CSV type also keeps cross-site HTML forms out (they cannot send it without a CORS preflight).
      if (!type.startsWith('text/csv'))
        return errorResponse(415, 'errors.import.contentType', { body: ['errors.import.contentType'] });
      const body = await readBodyWithin(request, IMPORT_MAX_BYTES);
      if (!body) return errorResponse(413, 'errors.import.tooLarge', { body: ['errors.import.tooLarge'] });
      const describe = await messageDescriber();
      const answer = (result: ImportResult) =>
        result.ok
          ? { status: 200, body: { imported: result.imported, rows: result.rows } }
          : {
              status: 422,
              body: {
                error: describe('errors.import.refused'),
                rows: result.rows,
                errorCount: result.errorCount,
                errors: result.errors.map((e) => ({ row: e.row, column: e.column, ...describe(e.key, e.values) })),
              },
            };

      if (!(request.headers.get('accept') ?? '').includes('application/x-ndjson')) {
        const { status, body: payload } = answer(await importRows({ actor, body, onProgress: () => {} }));
        return json(payload, status);
      }

      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          const line = (value: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
          try {
            const { status, body: payload } = answer(await importRows({ actor, body, onProgress: (p) => line(p) }));
            line({ phase: 'done', status, ...payload });
          } catch (e) {
            const failed = await apiError(e);
            line({ phase: 'done', status: failed.status, ...(await failed.json()) });
          }
          controller.close();
        },
      });
      return new Response(stream, {
        status: 200,
        headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    },
  });
}

/** The route serving an import's documented example file (docs/<file>), to those who may import. */
export function exampleFileRoute(permission: Permission, file: string, downloadName: string) {
  return apiRoute({
    permission,
    run: async () =>
      new Response(await readFile(path.join(process.cwd(), 'docs', file)), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${downloadName}"`,
          'Cache-Control': 'no-store',
        },
      }),
  });
}
