import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apiActor, apiError } from '@/lib/http/api-responses';
import { authorize } from '@/lib/server/auth/authorize';

/** GET /import/example.csv — the documented example file (docs/import-example.csv), for those who may import. */
export async function GET() {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  try {
    authorize(actor, 'checklist.import');
  } catch (e) {
    return apiError(e);
  }
  const body = await readFile(path.join(process.cwd(), 'docs', 'import-example.csv'));
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="relais-import-example.csv"',
      'Cache-Control': 'no-store',
    },
  });
}
