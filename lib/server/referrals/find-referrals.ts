import 'server-only';
import { alias } from 'drizzle-orm/sqlite-core';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { checklists, organisations, referrals } from '../../../db/schema';
import type { ReferralListSort, ReferralListState } from '../../referrals/list-query';
import { caseLabel, glimpseFromPacket, type PersonGlimpse } from '../../referrals/case-label';
import { isOpen, isOverdue, needsActionBy, type ReferralStatus } from '../../referrals/state-machine';
import type { Actor } from '../auth/actor';
import { auditAct } from '../audit/write-audit';
import { authorize } from '../auth/authorize';
import { sideOf } from './referral-scope';

export interface ReferralListItem {
  id: string;
  status: ReferralStatus;
  version: number;
  centreName: string;
  centreCode: string;
  referringOrganisationName: string | null;
  source: string;
  caseType: string;
  minor: boolean;
  receivedAt: string;
  updatedAt: string;
  overdue: boolean;
  side: 'referrer' | 'centre' | null;
  previousReferralId: string | null;
  /** The case's label (decision 0023) and what the list may show of the person. */
  label: string;
  person: PersonGlimpse;
  open: boolean;
  /** The referral waits for the actor's side (lists put it first and mark it). */
  needsAction: boolean;
}

/**
 * The actor's referrals: a centre's inbox (addressed to it), a referring organisation's
 * referrals, the guardianship service's minors. By default those waiting for the actor first,
 * then overdue, then open, then newest; `state` keeps the open or the closed ones. Of the person,
 * only the glimpse decision 0023 allows (initials, sex, age).
 */
export function findReferrals({
  actor,
  now = new Date(),
  limit = 300,
  state = 'all',
  sort = 'action',
}: {
  actor: Actor;
  now?: Date;
  limit?: number;
  state?: ReferralListState;
  sort?: ReferralListSort;
}): ReferralListItem[] {
  authorize(actor, 'referral.read');
  const max = Math.min(Math.max(limit, 1), 1000);
  const centre = alias(organisations, 'centre');
  const referring = alias(organisations, 'referring');
  const select = (where: SQL, order: SQL) =>
    getDb()
      .select({
        id: referrals.id,
        status: referrals.status,
        version: referrals.version,
        centreId: referrals.centreId,
        centreName: centre.name,
        centreCode: centre.code,
        referringOrganisationId: referrals.referringOrganisationId,
        referringOrganisationName: referring.name,
        source: referrals.source,
        caseType: referrals.caseType,
        minor: referrals.minor,
        receivedAt: referrals.receivedAt,
        updatedAt: referrals.updatedAt,
        previousReferralId: referrals.previousReferralId,
        checklistId: referrals.checklistId,
        reference: checklists.reference,
        packet: referrals.packet,
        personSex: referrals.personSex,
        personAge: referrals.personAge,
      })
      .from(referrals)
      .innerJoin(centre, eq(centre.id, referrals.centreId))
      .leftJoin(checklists, eq(checklists.id, referrals.checklistId))
      .leftJoin(referring, eq(referring.id, referrals.referringOrganisationId))
      .where(where)
      .orderBy(order)
      .limit(max)
      .all();
  // One indexed query per side of the scope (an OR of the three would read every referral of the
  // organisation and sort them): the newest of each, and — for a centre — the oldest still
  // waiting for its first action, so that an overdue referral is never beyond the page.
  const own = actor.organisationId;
  const found = [
    ...select(eq(referrals.centreId, own), desc(referrals.receivedAt)),
    ...select(and(eq(referrals.centreId, own), eq(referrals.status, 'sent'))!, asc(referrals.receivedAt)),
    ...select(eq(referrals.referringOrganisationId, own), desc(referrals.receivedAt)),
    ...select(eq(referrals.guardianshipOrganisationId, own), desc(referrals.receivedAt)),
  ];
  const rows = [...new Map(found.map((r) => [r.id, r])).values()];
  getDb().transaction(
    (tx) => auditAct(tx, actor, 'referral.list', { type: 'referral', id: null }, { detail: { count: rows.length } }),
    { behavior: 'immediate' },
  );
  const items = rows
    .map(({ centreId, referringOrganisationId, checklistId, reference, packet, personSex, personAge, ...r }) => {
      const side = sideOf(actor, { centreId, referringOrganisationId });
      return {
        ...r,
        overdue: isOverdue(r.status, r.receivedAt, r.minor, now),
        side,
        label: caseLabel({ referralId: r.id, reference, checklistId }),
        person: glimpseFromPacket(packet, { sex: personSex, age: personAge, minor: r.minor }),
        open: isOpen(r.status),
        needsAction: needsActionBy(r.status, side),
      };
    })
    .filter((r) => state === 'all' || (state === 'open') === r.open);
  const newest = (a: ReferralListItem, b: ReferralListItem) => b.receivedAt.localeCompare(a.receivedAt);
  const order: Record<ReferralListSort, (a: ReferralListItem, b: ReferralListItem) => number> = {
    action: (a, b) =>
      Number(b.needsAction) - Number(a.needsAction) ||
      Number(b.overdue) - Number(a.overdue) ||
      Number(b.open) - Number(a.open) ||
      newest(a, b),
    newest,
    oldest: (a, b) => -newest(a, b),
    case: (a, b) => a.label.localeCompare(b.label) || newest(a, b),
    status: (a, b) => a.status.localeCompare(b.status) || newest(a, b),
  };
  return items.sort(order[sort]).slice(0, max);
}
