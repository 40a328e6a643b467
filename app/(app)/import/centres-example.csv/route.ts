import { exampleFileRoute } from '@/lib/http/csv-import';

/** GET /import/centres-example.csv — the documented example of centre requests (docs/import-centres-example.csv), for those who may import them. */
export const GET = exampleFileRoute(
  'centre_request.import',
  'import-centres-example.csv',
  'relais-import-centres-example.csv',
);
