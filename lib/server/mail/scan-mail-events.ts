import 'server-only';
import { and, eq, gt, gte, inArray, lte } from 'drizzle-orm';
import { getDb, type Db } from '../../../db/client';
import { checklists, mailOutbox, organisations, referrals, users } from '../../../db/schema';
import { DRAFT_RETENTION_DAYS, DRAFT_WARNING_DAYS, draftDeletionWarning } from '../../checklist/retention';
import { mailSubject, type MailKind, type MailParams } from '../../mail/templates';
import { caseLabel } from '../../referrals/case-label';
import { OVERDUE_MS } from '../../referrals/state-machine';
import { todayInBrussels } from '../../time';
import {
  dutyAddressesOf,
  enqueueMail,
  organisationNames,
  peopleWithPreferences,
  type OutgoingMail,
} from './enqueue-mail';
import { mailEnabled } from './mail-config';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
const DAY_MS = 86_400_000;
/** A referral whose deadline passed longer ago than this is not escalated any more (its outbox rows may be gone). */
const ESCALATION_WINDOW_MS = 7 * DAY_MS;
/** The daily digest goes out from this Brussels hour. */
const DIGEST_HOUR = 7;
const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', hourCycle: 'h23' });

export interface ScanReport {
  overdue: number;
  draftWarnings: number;
  digests: number;
}

/**
 * The messages that time, not a person's action, causes — `now` is a parameter so tests control
 * the clock. Each kind is written in one write transaction, with keys that make a second scan
 * write nothing new:
 *  - a referral still `sent` past its deadline (24 h; 2 h for a minor — docs/domain/referrals.md):
 *    the centre's duty addresses and the coordination's on-call addresses, once per referral;
 *  - a draft untouched for 23 days: its author, 7 days before retention deletes it (mandatory);
 *  - from 07:00 Brussels, one digest per person who chose the daily summary and has messages held.
 */
export function scanMailEvents({ now = new Date() }: { now?: Date } = {}): ScanReport {
  const report: ScanReport = { overdue: 0, draftWarnings: 0, digests: 0 };
  if (!mailEnabled()) return report;
  const db = getDb();
  db.transaction((tx) => (report.overdue = escalateOverdue(tx, now)), { behavior: 'immediate' });
  db.transaction((tx) => (report.draftWarnings = warnDraftAuthors(tx, now)), { behavior: 'immediate' });
  if (Number(hourFormat.format(now)) >= DIGEST_HOUR)
    db.transaction((tx) => (report.digests = sendDigests(tx, now)), { behavior: 'immediate' });
  return report;
}

function escalateOverdue(tx: Tx, now: Date): number {
  const t = now.getTime();
  const rows = tx
    .select({
      id: referrals.id,
      minor: referrals.minor,
      centreId: referrals.centreId,
      referringOrganisationId: referrals.referringOrganisationId,
      receivedAt: referrals.receivedAt,
      reference: checklists.reference,
      checklistId: referrals.checklistId,
    })
    .from(referrals)
    .leftJoin(checklists, eq(checklists.id, referrals.checklistId))
    .where(
      and(
        eq(referrals.status, 'sent'),
        lte(referrals.receivedAt, new Date(t - OVERDUE_MS.minor).toISOString()),
        gte(referrals.receivedAt, new Date(t - OVERDUE_MS.adult - ESCALATION_WINDOW_MS).toISOString()),
      ),
    )
    .all()
    .filter((r) => {
      const late = t - Date.parse(r.receivedAt) - (r.minor ? OVERDUE_MS.minor : OVERDUE_MS.adult);
      return late >= 0 && late <= ESCALATION_WINDOW_MS;
    });
  if (rows.length === 0) return 0;
  const coordination = tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.kind, 'coordination'))
    .all()
    .map((o) => o.id);
  const names = organisationNames(tx, [
    ...coordination,
    ...rows.flatMap((r) => [r.centreId, r.referringOrganisationId]),
  ]);
  const out: OutgoingMail[] = [];
  for (const r of rows) {
    const params: MailParams = {
      path: `/referrals/${r.id}`,
      organisation: names.get(r.referringOrganisationId ?? '') ?? '',
      centre: names.get(r.centreId) ?? '',
      caseLabel: caseLabel({ referralId: r.id, reference: r.reference, checklistId: r.checklistId }),
      minor: r.minor,
      hours: (r.minor ? OVERDUE_MS.minor : OVERDUE_MS.adult) / 3_600_000,
    };
    for (const d of dutyAddressesOf(tx, [r.centreId, ...coordination]))
      out.push({
        dedupeKey: `overdue:${r.id}:${d.address}`,
        kind: 'overdue',
        recipient: d.address,
        organisationId: d.organisationId,
        referralId: r.id,
        locale: d.locale,
        params: { ...params, dutyOrganisation: names.get(d.organisationId) ?? '' },
        urgent: true,
      });
  }
  return enqueueMail(tx, out, now);
}

/** A draft's label in a message: the reference its author gave, or a short number of its own. */
export function draftLabel(id: string, reference: string | null): string {
  return reference?.trim() || `C-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

function warnDraftAuthors(tx: Tx, now: Date): number {
  const t = now.getTime();
  const rows = tx
    .select({
      id: checklists.id,
      createdBy: checklists.createdBy,
      updatedAt: checklists.updatedAt,
      reference: checklists.reference,
    })
    .from(checklists)
    .where(
      and(
        eq(checklists.status, 'draft'),
        lte(checklists.updatedAt, new Date(t - DRAFT_WARNING_DAYS * DAY_MS).toISOString()),
        gt(checklists.updatedAt, new Date(t - DRAFT_RETENTION_DAYS * DAY_MS).toISOString()),
      ),
    )
    .all();
  const out: OutgoingMail[] = [];
  for (const d of rows) {
    const days = draftDeletionWarning(d.updatedAt, now);
    if (days === null) continue;
    const person = peopleWithPreferences(tx, eq(users.id, d.createdBy))[0];
    if (!person) continue;
    const updated = new Date(d.updatedAt);
    out.push({
      dedupeKey: `draft:${d.id}:${d.updatedAt}`,
      kind: 'draft_warning',
      recipient: person.email,
      userId: person.id,
      locale: person.locale,
      params: {
        path: `/checklists/${d.id}`,
        label: draftLabel(d.id, d.reference),
        days,
        since: todayInBrussels(updated),
        deleteOn: todayInBrussels(new Date(updated.getTime() + DRAFT_RETENTION_DAYS * DAY_MS)),
      },
      mandatory: true,
    });
  }
  return enqueueMail(tx, out, now);
}

function sendDigests(tx: Tx, now: Date): number {
  const nowIso = now.toISOString();
  const held = tx
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, 'held'), lte(mailOutbox.createdAt, nowIso)))
    .all();
  const byUser = new Map<string, typeof held>();
  for (const row of held) if (row.userId) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  const day = todayInBrussels(now);
  let written = 0;
  for (const [userId, rows] of byUser) {
    const person = peopleWithPreferences(tx, eq(users.id, userId))[0];
    if (!person) continue;
    const items = rows.map((r) => ({
      subject: mailSubject({
        kind: r.kind as MailKind,
        locale: person.locale,
        params: JSON.parse(r.params) as MailParams,
        urgent: r.urgent,
      }),
      path: (JSON.parse(r.params) as MailParams).path,
    }));
    const n = enqueueMail(
      tx,
      [
        {
          dedupeKey: `digest:${userId}:${day}`,
          kind: 'digest',
          recipient: person.email,
          userId,
          locale: person.locale,
          params: { path: '/notifications', items, day },
          mandatory: true,
        },
      ],
      now,
    );
    // Today's digest already went: these rows wait for tomorrow's.
    if (n === 0) continue;
    tx.update(mailOutbox)
      .set({ status: 'digested', updatedAt: nowIso })
      .where(
        inArray(
          mailOutbox.id,
          rows.map((r) => r.id),
        ),
      )
      .run();
    written++;
  }
  return written;
}
