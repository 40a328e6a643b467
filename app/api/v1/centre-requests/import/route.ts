import { csvImportRoute } from '@/lib/http/csv-import';
import { importCentreRequestsWithProgress } from '@/lib/server/referrals/import-centre-requests';

/**
 * POST /api/v1/centre-requests/import — imports centres' earlier requests and accompaniments
 * from a CSV file sent as the request body (`Content-Type: text/csv`; format in
 * docs/import-centres.md). Coordinators for any centre, a centre's staff for their own;
 * referrers and administrators get "not found" (audited) before anything is received. Answers
 * as the check-list import (lib/http/csv-import.ts).
 */
export const POST = csvImportRoute('centre_request.import', importCentreRequestsWithProgress);
