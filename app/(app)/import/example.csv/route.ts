import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apiRoute } from '@/lib/http/route-handler';

/** GET /import/example.csv — the documented example file (docs/import-example.csv), for those who may import. */
export const GET = apiRoute({
  permission: 'checklist.import',
  run: async () =>
    new Response(await readFile(path.join(process.cwd(), 'docs', 'import-example.csv')), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="relais-import-example.csv"',
        'Cache-Control': 'no-store',
      },
    }),
});
