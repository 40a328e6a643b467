import { exampleFileRoute } from '@/lib/http/csv-import';

/** GET /import/example.csv — the documented example of check-lists (docs/import-example.csv), for those who may import them. */
export const GET = exampleFileRoute('checklist.import', 'import-example.csv', 'relais-import-example.csv');
