import { IMPORT_MAX_BYTES } from '@/lib/checklist/import-csv';
import { apiError, errorResponse, json, messageDescriber, readBodyWithin } from '@/lib/http/api-responses';
import { apiRoute } from '@/lib/http/route-handler';
import { importChecklistsWithProgress, type ImportResult } from '@/lib/server/checklists/import-checklists';

/**
 * POST /api/v1/checklists/import — imports earlier years' check-lists from a CSV file sent as
 * the request body (`Content-Type: text/csv`; format in docs/import.md). Coordinators, and
 * administrators for their own organisation. Answers 200 { imported, rows }, or 422 with every
 * error by row and column (nothing is imported). With `Accept: application/x-ndjson` the answer
 * streams progress lines ({"phase":"checking","done":2000,"total":50000}) before the result line.
 */
export const POST = apiRoute({
  // Before anything is received or streamed: referrers and centre staff get "not found" (audited).
  permission: 'checklist.import',
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
              errors: result.errors.map((e) => ({ row: e.row, column: e.column, ...describe(e.key) })),
            },
          };

    if (!(request.headers.get('accept') ?? '').includes('application/x-ndjson')) {
      try {
        const { status, body: payload } = answer(
          await importChecklistsWithProgress({ actor, body, onProgress: () => {} }),
        );
        return json(payload, status);
      } catch (e) {
        return apiError(e);
      }
    }

    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const line = (value: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
        try {
          const result = await importChecklistsWithProgress({ actor, body, onProgress: (p) => line(p) });
          const { status, body: payload } = answer(result);
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
