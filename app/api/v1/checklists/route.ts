import type { NextRequest } from 'next/server';
import { REGIONS, FORMS } from '@/lib/checklist/catalogue';
import { apiActor, apiError, errorResponse, json, readJsonObject, UUID } from '@/lib/http/api-responses';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { findChecklists, type ChecklistFilters } from '@/lib/server/checklists/find-checklists';

/** GET /api/v1/checklists — the organisation's check-lists (filters: status, year, region, form, q). */
export async function GET(request: NextRequest) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const p = request.nextUrl.searchParams;
  const errors: Record<string, string[]> = {};
  const filters: ChecklistFilters = {};
  const status = p.get('status');
  if (status) {
    if (status === 'draft' || status === 'completed') filters.status = status;
    else errors.status = ['errors.invalidOption'];
  }
  const year = p.get('year');
  if (year) {
    if (/^\d{4}$/.test(year)) filters.year = Number(year);
    else errors.year = ['errors.invalidYear'];
  }
  const region = p.get('region');
  if (region) {
    if ((REGIONS as readonly string[]).includes(region)) filters.region = region;
    else errors.region = ['errors.invalidOption'];
  }
  const form = p.get('form');
  if (form) {
    if ((FORMS as readonly string[]).includes(form)) filters.form = form;
    else errors.form = ['errors.invalidOption'];
  }
  const q = p.get('q');
  if (q) {
    if (q.length <= 60) filters.q = q;
    else errors.q = ['errors.tooLong'];
  }
  if (Object.keys(errors).length > 0) return errorResponse(400, 'errors.validation', errors);
  try {
    return json({ checklists: findChecklists({ actor, filters }) });
  } catch (e) {
    return apiError(e);
  }
}

/**
 * POST /api/v1/checklists — creates a draft, or a completed check-list with `"complete": true`.
 * Body: { "answers": { itemCode: value }, "investigationId"?, "complete"? }.
 * Header `Idempotency-Key` (or body `idempotencyKey`): a retry returns the same check-list (200 instead of 201).
 */
export async function POST(request: NextRequest) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  // Without a prototype: an unknown field named "__proto__" is then reported like any other.
  const errors: Record<string, string[]> = Object.create(null);
  const key = request.headers.get('idempotency-key') ?? body.idempotencyKey;
  if (typeof key !== 'string' || !/^[\w-]{8,100}$/.test(key)) errors.idempotencyKey = ['errors.idempotencyKey'];
  const answers = body.answers ?? {};
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) errors.answers = ['errors.jsonObjectExpected'];
  const investigationId = body.investigationId ?? null;
  if (investigationId !== null && (typeof investigationId !== 'string' || !UUID.test(investigationId))) errors.investigationId = ['errors.invalidId'];
  if (body.complete !== undefined && typeof body.complete !== 'boolean') errors.complete = ['errors.wrongType'];
  for (const k of Object.keys(body)) if (!['answers', 'investigationId', 'complete', 'idempotencyKey'].includes(k)) errors[k] = ['errors.unknownField'];
  if (Object.keys(errors).length > 0) return errorResponse(400, 'errors.validation', errors);
  try {
    const result = createChecklist({
      actor,
      idempotencyKey: key as string,
      answers: answers as Record<string, unknown>,
      investigationId: investigationId as string | null,
      complete: body.complete === true,
    });
    return json(result, result.created ? 201 : 200);
  } catch (e) {
    return apiError(e);
  }
}
