import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  checklists,
  mailOutbox,
  mailPreferences,
  organisationMail,
  organisations,
  referrals,
  users,
} from '../../../db/schema';
import type { MailKind, MailParams, SecurityEvent } from '../../mail/templates';
import { caseLabel } from '../../referrals/case-label';
import { mailEnabled } from './mail-config';

type Tx = Pick<Db, 'select' | 'insert'>;

export type MailMode = 'immediate' | 'digest' | 'off';
export const MAIL_MODES: readonly MailMode[] = ['immediate', 'digest', 'off'];

export interface OutgoingMail {
  dedupeKey: string;
  kind: MailKind;
  recipient: string;
  userId?: string | null;
  organisationId?: string | null;
  referralId?: string | null;
  locale: string;
  params: MailParams;
  urgent?: boolean;
  /** Mandatory messages ignore the person's "off" and "digest". */
  mandatory?: boolean;
  /** The person's choice; undefined for a duty address. */
  mode?: MailMode;
}

/**
 * Writes messages to the outbox in the caller's transaction: they exist if and only if the event
 * that causes them was committed. A message whose key is already there is not written again (a
 * scan that runs twice, a retried request). Nothing is written while e-mail is off. Returns the
 * number of messages written.
 */
export function enqueueMail(tx: Tx, messages: OutgoingMail[], at: Date): number {
  if (!mailEnabled()) return 0;
  const nowIso = at.toISOString();
  const rows = messages
    .filter((m) => m.recipient && (m.mandatory || m.mode !== 'off'))
    .map((m) => ({
      id: randomUUID(),
      dedupeKey: m.dedupeKey,
      kind: m.kind,
      recipient: m.recipient,
      userId: m.userId ?? null,
      organisationId: m.organisationId ?? null,
      referralId: m.referralId ?? null,
      locale: m.locale,
      params: JSON.stringify(m.params),
      urgent: m.urgent ?? false,
      status: (!m.mandatory && m.mode === 'digest' ? 'held' : 'pending') as 'held' | 'pending',
      nextAttemptAt: nowIso,
      createdAt: nowIso,
      updatedAt: nowIso,
    }));
  if (rows.length === 0) return 0;
  const { changes } = tx.insert(mailOutbox).values(rows).onConflictDoNothing({ target: mailOutbox.dedupeKey }).run();
  if (changes > 0) notifyWorker();
  return changes;
}

const globalForWake = globalThis as unknown as { relaisMailWake?: () => void };

/** Wakes the mail worker when it runs in this process (it polls anyway). */
function notifyWorker(): void {
  globalForWake.relaisMailWake?.();
}

export function setMailWake(wake: (() => void) | undefined): void {
  globalForWake.relaisMailWake = wake;
}

/** An organisation's duty addresses and their language. */
export function dutyAddressesOf(
  tx: Tx,
  organisationIds: string[],
): { organisationId: string; address: string; locale: string }[] {
  if (organisationIds.length === 0) return [];
  return tx
    .select()
    .from(organisationMail)
    .where(inArray(organisationMail.organisationId, organisationIds))
    .all()
    .flatMap((row) =>
      parseAddresses(row.dutyAddresses).map((address) => ({
        organisationId: row.organisationId,
        address,
        locale: row.locale,
      })),
    );
}

/** Addresses typed one per line (commas and semicolons also separate), lower-cased, without duplicates. */
export function parseAddresses(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,;]+/)
        .map((a) => a.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** People with their e-mail preferences (defaults when they never chose). */
export function peopleWithPreferences(
  tx: Tx,
  where: ReturnType<typeof eq>,
): { id: string; email: string; mode: MailMode; locale: string; organisationReferrals: boolean }[] {
  return tx
    .select({
      id: users.id,
      email: users.email,
      mode: mailPreferences.mode,
      locale: mailPreferences.locale,
      organisationReferrals: mailPreferences.organisationReferrals,
    })
    .from(users)
    .leftJoin(mailPreferences, eq(mailPreferences.userId, users.id))
    .where(and(eq(users.active, true), where))
    .all()
    .map((u) => ({
      id: u.id,
      email: u.email,
      mode: (MAIL_MODES as string[]).includes(u.mode ?? '') ? (u.mode as MailMode) : 'immediate',
      locale: u.locale ?? 'fr',
      organisationReferrals: u.organisationReferrals ?? false,
    }));
}

/**
 * The e-mails of one in-app notification (lib/server/notifications/notify-organisation.ts calls
 * it with the same event, so both come from one source):
 *  - a referral received: the centre's duty addresses, and its staff who opted in;
 *  - a minor referred: the guardianship service's duty addresses, and its staff who opted in;
 *  - a status the centre set: the person who made the referral.
 * Minors' messages are marked urgent.
 */
export function enqueueNotificationMail(
  tx: Tx,
  {
    organisationId,
    exceptUserId,
    referralId,
    kind,
    status,
    at,
  }: { organisationId: string; exceptUserId: string; referralId: string; kind: string; status: string; at: string },
): void {
  if (!mailEnabled()) return;
  const r = tx
    .select({
      id: referrals.id,
      minor: referrals.minor,
      centreId: referrals.centreId,
      referringOrganisationId: referrals.referringOrganisationId,
      createdBy: referrals.createdBy,
      reference: checklists.reference,
      checklistId: referrals.checklistId,
    })
    .from(referrals)
    .leftJoin(checklists, eq(checklists.id, referrals.checklistId))
    .where(eq(referrals.id, referralId))
    .get();
  if (!r) return;
  const names = organisationNames(tx, [r.centreId, r.referringOrganisationId, organisationId]);
  const params: MailParams = {
    path: `/referrals/${r.id}`,
    organisation: names.get(r.referringOrganisationId ?? '') ?? '',
    centre: names.get(r.centreId) ?? '',
    caseLabel: caseLabel({ referralId: r.id, reference: r.reference, checklistId: r.checklistId }),
    minor: r.minor,
  };
  const key = (recipient: string) => `${kind}:${r.id}:${status}:${at}:${recipient}`;
  const out: OutgoingMail[] = [];
  if (kind === 'referral.received' || kind === 'referral.minor') {
    const mailKind: MailKind = kind === 'referral.received' ? 'referral_received' : 'referral_minor';
    const urgent = r.minor;
    for (const d of dutyAddressesOf(tx, [organisationId]))
      out.push({
        dedupeKey: key(d.address),
        kind: mailKind,
        recipient: d.address,
        organisationId,
        referralId: r.id,
        locale: d.locale,
        params: { ...params, dutyOrganisation: names.get(organisationId) ?? '' },
        urgent,
      });
    for (const p of peopleWithPreferences(
      tx,
      and(eq(users.organisationId, organisationId), ne(users.id, exceptUserId)) as ReturnType<typeof eq>,
    ))
      if (p.organisationReferrals)
        out.push({
          dedupeKey: key(p.email),
          kind: mailKind,
          recipient: p.email,
          userId: p.id,
          organisationId,
          referralId: r.id,
          locale: p.locale,
          params,
          urgent,
          mode: p.mode,
        });
  } else if (
    kind === 'referral.status' &&
    organisationId === r.referringOrganisationId &&
    r.createdBy !== exceptUserId
  ) {
    for (const p of peopleWithPreferences(tx, eq(users.id, r.createdBy)))
      out.push({
        dedupeKey: key(p.email),
        kind: 'referral_status',
        recipient: p.email,
        userId: p.id,
        organisationId,
        referralId: r.id,
        locale: p.locale,
        params: { ...params, status },
        urgent: false,
        mode: p.mode,
      });
  }
  enqueueMail(tx, out, new Date(at));
}

export function organisationNames(tx: Tx, ids: (string | null)[]): Map<string, string> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (wanted.length === 0) return new Map();
  return new Map(
    tx
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(inArray(organisations.id, wanted))
      .all()
      .map((o) => [o.id, o.name]),
  );
}

/**
 * Tells a person of a change to their account (password, role, second factor, a sign-in from a
 * new address), in the transaction of the change. Mandatory: preferences do not silence it.
 */
export function enqueueSecurityNotice(
  tx: Tx,
  { userId, event, role, at }: { userId: string; event: SecurityEvent; role?: string; at: Date },
): void {
  if (!mailEnabled()) return;
  const p = peopleWithPreferences(tx, eq(users.id, userId))[0];
  if (!p) return;
  enqueueMail(
    tx,
    [
      {
        dedupeKey: `security:${event}:${userId}:${at.toISOString()}`,
        kind: 'security',
        recipient: p.email,
        userId,
        locale: p.locale,
        params: { path: '/account', event, ...(role ? { role } : {}) },
        mandatory: true,
      },
    ],
    at,
  );
}
