import { csvImportRoute } from '@/lib/http/csv-import';
import { importChecklistsWithProgress } from '@/lib/server/checklists/import-checklists';

/**
 * POST /api/v1/checklists/import — imports earlier years' check-lists from a CSV file sent as
 * the request body (`Content-Type: text/csv`; format in docs/import.md). Coordinators, and
 * administrators for their own organisation; referrers and centre staff get "not found"
 * (audited) before anything is received. Answers: lib/http/csv-import.ts.
 */
export const POST = csvImportRoute('checklist.import', importChecklistsWithProgress);
