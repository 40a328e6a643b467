import 'server-only';
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { getDb, type Db } from '../../../db/client';
import { checklists, checklistVersions, referralEvents, referrals } from '../../../db/schema';
import { getCatalogue } from '../../checklist/catalogue';
import { CLOSED_CASE_RETENTION_DAYS, DRAFT_RETENTION_DAYS, reduceAnswers } from '../../checklist/retention';
import type { AuditAction } from '../../audit/actions';
import { writeAudit } from '../audit/write-audit';
import { reducePacket } from '../referrals/reduce-packet';
import { MAIL_RETENTION_DAYS } from '../mail/mail-config';
import { purgeMailOutbox } from '../mail/purge-mail-outbox';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows handled per transaction: a run over years of data never holds the write lock long. */
const BATCH = 500;

export interface RetentionReport {
  draftsDeleted: number;
  correctionsAbandoned: number;
  referralsReduced: number;
  checklistsReduced: number;
  mailDeleted: number;
}

export function closedCaseRetentionDays(): number {
  const configured = Number(process.env.RELAIS_RETENTION_CLOSED_DAYS);
  return Number.isInteger(configured) && configured >= 30 ? configured : CLOSED_CASE_RETENTION_DAYS;
}

/**
 * Retention (docs/domain/access.md), run by the server's scheduled job (lib/server/retention/start-retention-job.ts)
 * or by `npm run retention` from cron; `now` is a parameter so the tests control the clock.
 *  - drafts untouched for 30 days are deleted (their authors saw the warning from day 23 in
 *    their lists); a correction left untouched as long is abandoned: the check-list returns
 *    to its last completed version;
 *  - referrals ended more than the retention period ago are reduced: the packet (name,
 *    contact, languages, urgent needs, referrer's phone) and the notes of their history are
 *    erased; the columns the statistics read stay;
 *  - completed check-lists completed more than the period ago, with no referral still open or
 *    ended within the period, are reduced to what the statistics need (lib/checklist/retention.ts
 *    reduceAnswers, in every version), and lose their file reference and correction reasons.
 * Each deletion or reduction is audited (by the system: no user), with the record's id only.
 */
export function runRetention({
  now = new Date(),
  closedAfterDays = closedCaseRetentionDays(),
}: { now?: Date; closedAfterDays?: number } = {}): RetentionReport {
  const db = getDb();
  const nowIso = now.toISOString();
  const draftCutoff = new Date(now.getTime() - DRAFT_RETENTION_DAYS * DAY_MS).toISOString();
  const closedCutoff = new Date(now.getTime() - closedAfterDays * DAY_MS).toISOString();
  const report: RetentionReport = {
    draftsDeleted: 0,
    correctionsAbandoned: 0,
    referralsReduced: 0,
    checklistsReduced: 0,
    mailDeleted: 0,
  };
  const system = (
    tx: Tx,
    action: AuditAction,
    targetType: string,
    targetId: string,
    detail?: Record<string, string | number>,
  ) => writeAudit(tx, { action, outcome: 'ok', targetType, targetId, at: now, detail: { by: 'retention', ...detail } });

  // 1. Drafts untouched for 30 days.
  inBatches((tx) => {
    const ids = tx
      .select({ id: checklists.id })
      .from(checklists)
      .where(and(eq(checklists.status, 'draft'), lt(checklists.updatedAt, draftCutoff)))
      .limit(BATCH)
      .all()
      .map((r) => r.id);
    if (ids.length === 0) return 0;
    tx.delete(checklists).where(inArray(checklists.id, ids)).run();
    for (const id of ids) system(tx, 'retention.draft_deleted', 'checklist', id, { days: DRAFT_RETENTION_DAYS });
    report.draftsDeleted += ids.length;
    return ids.length;
  });

  // 2. Corrections untouched for 30 days: back to the last completed version.
  inBatches((tx) => {
    const rows = tx
      .select({ id: checklists.id, version: checklists.version, revision: checklists.revision })
      .from(checklists)
      .where(and(eq(checklists.status, 'correcting'), lt(checklists.updatedAt, draftCutoff)))
      .limit(BATCH)
      .all();
    for (const row of rows) {
      const last = tx
        .select({ answers: checklistVersions.answers })
        .from(checklistVersions)
        .where(and(eq(checklistVersions.checklistId, row.id), eq(checklistVersions.version, row.version)))
        .get();
      tx.update(checklists)
        .set({ status: 'completed', answers: last?.answers ?? '{}', revision: row.revision + 1, updatedAt: nowIso })
        .where(eq(checklists.id, row.id))
        .run();
      system(tx, 'retention.correction_abandoned', 'checklist', row.id, { version: row.version });
    }
    report.correctionsAbandoned += rows.length;
    return rows.length;
  });

  // 3. Referrals ended before the period: packet and notes erased.
  inBatches((tx) => {
    const rows = tx
      .select({ id: referrals.id, packet: referrals.packet })
      .from(referrals)
      .where(and(isNull(referrals.reducedAt), lt(referrals.endedAt, closedCutoff)))
      .limit(BATCH)
      .all();
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    for (const r of rows) {
      tx.update(referrals)
        .set({ packet: JSON.stringify(reducePacket(JSON.parse(r.packet))), shareChecklist: false, reducedAt: nowIso })
        .where(eq(referrals.id, r.id))
        .run();
    }
    tx.update(referralEvents)
      .set({ note: null, lateReason: null })
      .where(inArray(referralEvents.referralId, ids))
      .run();
    for (const id of ids) system(tx, 'retention.referral_reduced', 'referral', id, { days: closedAfterDays });
    report.referralsReduced += ids.length;
    return ids.length;
  });

  // 4. Check-lists whose case is closed: answers reduced in every version.
  const open = sql`exists (select 1 from referrals r where r.checklist_id = ${checklists.id} and (r.ended_at is null or r.ended_at >= ${closedCutoff}))`;
  inBatches((tx) => {
    const rows = tx
      .select({ id: checklists.id, answers: checklists.answers, catalogueVersion: checklists.catalogueVersion })
      .from(checklists)
      .where(
        and(
          isNull(checklists.reducedAt),
          eq(checklists.status, 'completed'),
          lt(checklists.lastCompletedAt, closedCutoff),
          sql`not ${open}`,
        ),
      )
      .limit(BATCH)
      .all();
    for (const row of rows) {
      const catalogue = getCatalogue(row.catalogueVersion);
      tx.update(checklists)
        .set({
          answers: JSON.stringify(reduceAnswers(JSON.parse(row.answers), catalogue)),
          reference: null,
          controlDate: null,
          reducedAt: nowIso,
        })
        .where(eq(checklists.id, row.id))
        .run();
      for (const v of tx.select().from(checklistVersions).where(eq(checklistVersions.checklistId, row.id)).all()) {
        tx.update(checklistVersions)
          .set({
            answers: JSON.stringify(reduceAnswers(JSON.parse(v.answers), getCatalogue(v.catalogueVersion))),
            reason: null,
          })
          .where(eq(checklistVersions.id, v.id))
          .run();
      }
      system(tx, 'retention.checklist_reduced', 'checklist', row.id, { days: closedAfterDays });
    }
    report.checklistsReduced += rows.length;
    return rows.length;
  });

  // 5. E-mails written more than MAIL_RETENTION_DAYS ago, once settled (decision 0027): the
  // outbox is a queue, not an archive; the audit trail keeps what happened.
  const mailCutoff = new Date(now.getTime() - MAIL_RETENTION_DAYS * DAY_MS).toISOString();
  inBatches((tx) => {
    const n = purgeMailOutbox(tx, mailCutoff, BATCH);
    report.mailDeleted += n;
    return n;
  });

  /** Runs `step` (which handles at most BATCH rows) in its own write transaction until a step handles fewer. */
  function inBatches(step: (tx: Tx) => number): void {
    while (db.transaction(step, { behavior: 'immediate' }) === BATCH);
  }

  if (Object.values(report).some((n) => n > 0)) {
    db.transaction((tx) => writeAudit(tx, { action: 'retention.run', outcome: 'ok', at: now, detail: { ...report } }), {
      behavior: 'immediate',
    });
  }
  return report;
}
