import 'server-only';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists, investigations } from '../../../db/schema';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import { draftDeletionWarning } from '../../checklist/retention';
import { parseAnswers } from './checklist-in-scope';

export interface ChecklistFilters {
  status?: 'draft' | 'completed';
  year?: number;
  region?: string;
  form?: string;
  investigationId?: string;
  q?: string;
  sort?: 'updated' | 'open_first' | 'control_date' | 'reference';
}

export interface ChecklistListItem {
  id: string;
  status: 'draft' | 'completed' | 'correcting';
  version: number;
  reference: string | null;
  controlDate: string | null;
  region: string | null;
  forms: string[];
  investigationReference: string | null;
  updatedAt: string;
  imported: boolean;
  /** For a draft idle 23 days or more: days before it is deleted. */
  deletionInDays: number | null;
  /** Whether the actor created it (its author may discard a first draft: decision 0023). */
  mine: boolean;
}

const FORM_COLUMNS: Record<string, SQL> = {
  sexual: sql`${checklists.formSexual} = 1`,
  economic: sql`${checklists.formEconomic} = 1`,
  begging: sql`${checklists.formBegging} = 1`,
  forced_crime: sql`${checklists.formForcedCrime} = 1`,
  organs: sql`${checklists.formOrgans} = 1`,
  smuggling_aggravated: sql`${checklists.formSmuggling} = 1`,
};

/** The list's order; every order ends on the latest change, then the id, so pages of the list never overlap. */
function orderOf(sort: ChecklistFilters['sort']): SQL[] {
  const latest = [desc(checklists.updatedAt), desc(checklists.id)];
  // A draft's reference and control date are still in its working answers.
  const reference = sql`coalesce(${checklists.reference}, json_extract(${checklists.answers}, '$."ctx.reference"'))`;
  const controlDate = sql`coalesce(${checklists.controlDate}, json_extract(${checklists.answers}, '$."ctx.control_date"'))`;
  switch (sort) {
    case 'open_first':
      return [sql`case when ${checklists.status} = 'completed' then 1 else 0 end`, ...latest];
    case 'control_date':
      return [sql`${controlDate} is null`, sql`${controlDate} desc`, ...latest];
    case 'reference':
      return [sql`${reference} is null`, sql`${reference} collate nocase`, ...latest];
    default:
      return latest;
  }
}

/**
 * The check-lists of the actor's organisation, newest change first unless `filters.sort` says otherwise. Drafts are filtered on
 * their working answers (they have no completed facts yet); completed ones on their columns.
 * The list shows no name or contact of a person: references, dates, places, forms.
 */
export function findChecklists({
  actor,
  filters = {},
  limit = 200,
  now = new Date(),
}: {
  actor: Actor;
  filters?: ChecklistFilters;
  limit?: number;
  now?: Date;
}): ChecklistListItem[] {
  authorize(actor, 'checklist.read');
  const conditions: (SQL | undefined)[] = [eq(checklists.organisationId, actor.organisationId)];
  if (filters.status === 'draft') conditions.push(sql`${checklists.status} in ('draft', 'correcting')`);
  if (filters.status === 'completed') conditions.push(sql`${checklists.status} = 'completed'`);
  if (filters.investigationId) conditions.push(eq(checklists.investigationId, filters.investigationId));
  const completedOnly = filters.year !== undefined || filters.region || filters.form;
  if (completedOnly) conditions.push(sql`${checklists.version} > 0`);
  if (filters.year !== undefined) conditions.push(eq(checklists.year, filters.year));
  if (filters.region) conditions.push(eq(checklists.region, filters.region));
  if (filters.form && FORM_COLUMNS[filters.form]) conditions.push(FORM_COLUMNS[filters.form]);
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(${checklists.reference} like ${pattern} escape '\\' or ${investigations.reference} like ${pattern} escape '\\' or json_extract(${checklists.answers}, '$."ctx.reference"') like ${pattern} escape '\\')`,
    );
  }
  const rows = getDb()
    .select({
      id: checklists.id,
      status: checklists.status,
      version: checklists.version,
      reference: checklists.reference,
      controlDate: checklists.controlDate,
      region: checklists.region,
      answers: checklists.answers,
      investigationReference: investigations.reference,
      updatedAt: checklists.updatedAt,
      imported: checklists.imported,
      createdBy: checklists.createdBy,
    })
    .from(checklists)
    .leftJoin(investigations, eq(investigations.id, checklists.investigationId))
    .where(and(...conditions))
    .orderBy(...orderOf(filters.sort))
    .limit(Math.min(Math.max(limit, 1), 1000))
    .all();
  // Listing is a read of the organisation's records: one audit entry per list view.
  getDb().transaction(
    (tx) => auditAct(tx, actor, 'checklist.list', { type: 'checklist', id: null }, { detail: { count: rows.length } }),
    { behavior: 'immediate' },
  );
  return rows.map(({ answers, createdBy, ...r }) => {
    const a = parseAnswers(answers);
    return {
      ...r,
      // A draft's reference, date and region come from its working answers.
      reference: r.reference ?? (typeof a['ctx.reference'] === 'string' ? a['ctx.reference'] : null),
      controlDate: r.controlDate ?? (typeof a['ctx.control_date'] === 'string' ? a['ctx.control_date'] : null),
      region: r.region ?? (typeof a['ctx.region'] === 'string' ? a['ctx.region'] : null),
      forms: Array.isArray(a['ctx.forms']) ? a['ctx.forms'] : [],
      deletionInDays: r.status === 'completed' ? null : draftDeletionWarning(r.updatedAt, now),
      mine: createdBy === actor.userId,
    };
  });
}
