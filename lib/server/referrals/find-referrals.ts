import 'server-only';
import { alias } from 'drizzle-orm/sqlite-core';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { organisations, referrals } from '../../../db/schema';
import { isOverdue, type ReferralStatus } from '../../referrals/state-machine';
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
}

/**
 * The actor's referrals: a centre's inbox (addressed to it), a referring organisation's
 * referrals, the guardianship service's minors. Overdue first, then newest. No person data in
 * the list beyond minor / adult.
 */
export function findReferrals({
  actor,
  now = new Date(),
  limit = 300,
}: {
  actor: Actor;
  now?: Date;
  limit?: number;
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
      })
      .from(referrals)
      .innerJoin(centre, eq(centre.id, referrals.centreId))
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
  return rows
    .map(({ centreId, referringOrganisationId, ...r }) => ({
      ...r,
      overdue: isOverdue(r.status, r.receivedAt, r.minor, now),
      side: sideOf(actor, { centreId, referringOrganisationId }),
    }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, max);
}
