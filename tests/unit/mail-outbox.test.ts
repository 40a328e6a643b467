import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { checklists, mailOutbox, referrals } from '@/db/schema';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { NotFoundError } from '@/lib/server/errors';
import { enqueueSecurityNotice } from '@/lib/server/mail/enqueue-mail';
import type { MailConfig } from '@/lib/server/mail/mail-config';
import { retryMail } from '@/lib/server/mail/retry-mail';
import { scanMailEvents } from '@/lib/server/mail/scan-mail-events';
import { messageIdOf, retryDelayMs, sendDueMail } from '@/lib/server/mail/send-due-mail';
import { setDutyAddresses } from '@/lib/server/mail/set-duty-addresses';
import { setMailPreferences } from '@/lib/server/mail/set-mail-preferences';
import { notifyOrganisation } from '@/lib/server/notifications/notify-organisation';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { runRetention } from '@/lib/server/retention/run-retention';
import { brusselsDayStart, nextDay, todayInBrussels } from '@/lib/time';
import { makeOrganisation, makeUser } from '../support/factories';

/**
 * The outbox (decision 0027): messages are written in the event's transaction, claimed with a
 * lease, sent once, retried with growing delays, failed for administrators to retry, gathered
 * into digests, and deleted by retention. The SMTP server is a recording stand-in here; the
 * end-to-end test (tests/e2e/mail.spec.ts) reads messages back from a real one.
 */
const NOW = new Date('2026-06-15T10:00:00Z');
const ADULT = {
  'ctx.control_date': '2026-03-10',
  'ctx.region': 'lie',
  'ctx.forms': ['economic'],
  'ctx.sector': 'horeca',
  'vic.sex': 'f',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'MA',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
const MINOR = { ...ADULT, 'vic.birth_date': '2010-01-01', 'vic.unaccompanied': 'yes' };

const CONFIG: MailConfig = {
  smtpUrl: 'smtp://127.0.0.1:1',
  from: 'Relais <relais@example.test>',
  baseUrl: 'https://relais.example.test',
  pollMs: 100,
  scanMs: 1000,
  leaseMs: 60_000,
  retryBaseMs: 1000,
  maxAttempts: 3,
};

type Sent = { to: string; subject: string; messageId: string; priority: string };
function recorder(fail?: (n: number) => Error | null) {
  const sent: Sent[] = [];
  let n = 0;
  return {
    sent,
    transport: {
      sendMail: async (m: Record<string, unknown>) => {
        const error = fail?.(n++);
        if (error) throw error;
        sent.push({
          to: String(m.to),
          subject: String(m.subject),
          messageId: String(m.messageId),
          priority: String(m.priority),
        });
        return {};
      },
    } as never,
  };
}

let s: Awaited<ReturnType<typeof setting>>;
async function setting() {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  const tutelles = makeOrganisation('guardianship', 'Service des Tutelles', 'tutelles');
  const coordination = makeOrganisation('coordination', 'Coordination', 'cic-mail');
  const onss = makeOrganisation('onss', 'ONSS Mail');
  return {
    centres,
    inspector: await makeUser({ role: 'referrer', organisation: onss }),
    surya: await makeUser({ role: 'centre_staff', organisation: centres.surya! }),
    suryaOptIn: await makeUser({ role: 'centre_staff', organisation: centres.surya! }),
    suryaAdmin: await makeUser({ role: 'admin', organisation: centres.surya! }),
    esperantoAdmin: await makeUser({ role: 'admin', organisation: centres.esperanto! }),
    tutellesAdmin: await makeUser({ role: 'admin', organisation: tutelles }),
    coordinationAdmin: await makeUser({ role: 'admin', organisation: coordination }),
    otherAdmin: await makeUser({ role: 'admin', organisation: makeOrganisation('police') }),
  };
}

beforeAll(async () => {
  process.env.RELAIS_SMTP_URL = CONFIG.smtpUrl;
  process.env.RELAIS_MAIL_FROM = CONFIG.from;
  s = await setting();
  setDutyAddresses({ actor: s.suryaAdmin.actor, addresses: ['duty@surya.test'], locale: 'fr' });
  setDutyAddresses({ actor: s.esperantoAdmin.actor, addresses: ['duty@esperanto.test'], locale: 'nl' });
  setDutyAddresses({ actor: s.tutellesAdmin.actor, addresses: ['duty@tutelles.test'], locale: 'fr' });
  setDutyAddresses({ actor: s.coordinationAdmin.actor, addresses: ['oncall@cic.test'], locale: 'en' });
  setMailPreferences({
    actor: s.suryaOptIn.actor,
    input: { mode: 'immediate', locale: 'de', organisationReferrals: true },
  });
});

beforeEach(() => {
  // Each test reads the outbox from empty.
  getDb().delete(mailOutbox).where(eq(mailOutbox.locale, mailOutbox.locale)).run();
});

const rows = () => getDb().select().from(mailOutbox).all();
const refer = (answers: Record<string, unknown>, now = NOW) =>
  createReferral({
    actor: s.inspector.actor,
    input: {
      checklistId: createChecklist({
        actor: s.inspector.actor,
        idempotencyKey: randomUUID(),
        answers,
        complete: true,
        now,
      }).id,
      caseType: 'thb',
      idempotencyKey: randomUUID(),
    },
    now,
  }).id;

describe('who is told what', () => {
  it('a referral: the centre duty address and the staff who opted in, not the others', () => {
    const id = refer(ADULT);
    const to = rows().filter((r) => r.referralId === id);
    expect(to.map((r) => r.recipient).sort()).toEqual(['duty@surya.test', s.suryaOptIn.email].sort());
    expect(to.every((r) => r.kind === 'referral_received' && r.status === 'pending' && !r.urgent)).toBe(true);
    expect(to.find((r) => r.recipient === s.suryaOptIn.email)?.locale).toBe('de');
  });

  it('a minor: urgent to Esperanto, and the Service des Tutelles', () => {
    const id = refer(MINOR);
    const to = rows().filter((r) => r.referralId === id);
    expect(to.map((r) => [r.kind, r.recipient, r.urgent]).sort()).toEqual(
      [
        ['referral_minor', 'duty@tutelles.test', true],
        ['referral_received', 'duty@esperanto.test', true],
      ].sort(),
    );
  });

  it('the referrer when the centre acts, not when the referrer acts', () => {
    const id = refer(ADULT);
    transitionReferral({ actor: s.surya.actor, referralId: id, to: 'acknowledged', expectedVersion: 1 });
    transitionReferral({ actor: s.surya.actor, referralId: id, to: 'accepted', expectedVersion: 2 });
    // The referrer's own withdrawal tells the centre in the application, not the referrer by e-mail.
    const other = refer(ADULT);
    transitionReferral({
      actor: s.inspector.actor,
      referralId: other,
      to: 'withdrawn',
      reason: 'sent_by_mistake',
      expectedVersion: 1,
    });
    const status = rows().filter((r) => r.kind === 'referral_status');
    expect(status.map((r) => [r.recipient, JSON.parse(r.params).status])).toEqual([
      [s.inspector.email, 'acknowledged'],
      [s.inspector.email, 'accepted'],
    ]);
  });

  it('writes nothing when the event rolls back, and nothing while e-mail is off', () => {
    const id = refer(ADULT);
    getDb().delete(mailOutbox).where(eq(mailOutbox.referralId, id)).run();
    const centreId = getDb().select().from(referrals).where(eq(referrals.id, id)).get()!.centreId;
    const event = { organisationId: centreId, exceptUserId: s.inspector.id, referralId: id, kind: 'referral.received' };
    expect(() =>
      getDb().transaction((tx) => {
        notifyOrganisation(tx, { ...event, status: 'sent', at: new Date().toISOString() });
        throw new Error('the event failed');
      }),
    ).toThrow('the event failed');
    expect(rows()).toEqual([]);
    delete process.env.RELAIS_SMTP_URL;
    try {
      getDb().transaction((tx) => notifyOrganisation(tx, { ...event, status: 'sent', at: new Date().toISOString() }));
      expect(rows()).toEqual([]);
    } finally {
      process.env.RELAIS_SMTP_URL = CONFIG.smtpUrl;
    }
  });

  it('overdue: once to the centre duty address and the coordination on-call address, after 24 h (2 h for a minor)', () => {
    // Referrals of the other tests are still waiting too: this one's clock starts later.
    const start = new Date(NOW.getTime() + 3 * 86_400_000);
    const adult = refer(ADULT, start);
    const minor = refer(MINOR, start);
    getDb().delete(mailOutbox).where(eq(mailOutbox.locale, mailOutbox.locale)).run();
    const ours = () => rows().filter((r) => r.referralId === adult || r.referralId === minor);
    scanMailEvents({ now: new Date(start.getTime() + 119 * 60_000) });
    expect(ours()).toEqual([]);
    scanMailEvents({ now: new Date(start.getTime() + 121 * 60_000) });
    expect(
      ours()
        .map((r) => [r.referralId, r.recipient])
        .sort(),
    ).toEqual(
      [
        [minor, 'duty@esperanto.test'],
        [minor, 'oncall@cic.test'],
      ].sort(),
    );
    scanMailEvents({ now: new Date(start.getTime() + 25 * 3_600_000) });
    scanMailEvents({ now: new Date(start.getTime() + 26 * 3_600_000) });
    const overdue = ours().filter((r) => r.kind === 'overdue');
    expect(
      overdue
        .filter((r) => r.referralId === adult)
        .map((r) => r.recipient)
        .sort(),
    ).toEqual(['duty@surya.test', 'oncall@cic.test'].sort());
    expect(overdue).toHaveLength(4);
    expect(overdue.every((r) => r.urgent)).toBe(true);
  });

  it('a draft untouched for 23 days: its author, once, even when they switched e-mail off', () => {
    setMailPreferences({
      actor: s.inspector.actor,
      input: { mode: 'off', locale: 'fr', organisationReferrals: false },
    });
    try {
      const draft = createChecklist({ actor: s.inspector.actor, idempotencyKey: randomUUID(), answers: {}, now: NOW });
      scanMailEvents({ now: new Date(NOW.getTime() + 22 * 86_400_000) });
      expect(rows().filter((r) => r.kind === 'draft_warning')).toEqual([]);
      scanMailEvents({ now: new Date(NOW.getTime() + 23 * 86_400_000 + 60_000) });
      scanMailEvents({ now: new Date(NOW.getTime() + 24 * 86_400_000) });
      const warned = rows().filter((r) => r.kind === 'draft_warning');
      expect(warned.map((r) => [r.recipient, JSON.parse(r.params).days, JSON.parse(r.params).path])).toEqual([
        [s.inspector.email, 7, `/checklists/${draft.id}`],
      ]);
      expect(getDb().select().from(checklists).where(eq(checklists.id, draft.id)).get()?.status).toBe('draft');
    } finally {
      setMailPreferences({
        actor: s.inspector.actor,
        input: { mode: 'immediate', locale: 'fr', organisationReferrals: false },
      });
    }
  });

  it('preferences: off silences, digest gathers into one message a day; security notices are mandatory', () => {
    setMailPreferences({
      actor: s.inspector.actor,
      input: { mode: 'off', locale: 'fr', organisationReferrals: false },
    });
    const a = refer(ADULT);
    transitionReferral({ actor: s.surya.actor, referralId: a, to: 'acknowledged', expectedVersion: 1 });
    expect(rows().filter((r) => r.userId === s.inspector.id)).toEqual([]);
    getDb().transaction((tx) =>
      enqueueSecurityNotice(tx, { userId: s.inspector.id, event: 'password_changed', at: NOW }),
    );
    expect(
      rows()
        .filter((r) => r.userId === s.inspector.id)
        .map((r) => r.kind),
    ).toEqual(['security']);

    setMailPreferences({
      actor: s.inspector.actor,
      input: { mode: 'digest', locale: 'en', organisationReferrals: false },
    });
    const b = refer(ADULT);
    transitionReferral({ actor: s.surya.actor, referralId: b, to: 'acknowledged', expectedVersion: 1 });
    transitionReferral({ actor: s.surya.actor, referralId: b, to: 'accepted', expectedVersion: 2 });
    const held = rows().filter((r) => r.userId === s.inspector.id && r.kind === 'referral_status');
    expect(held.map((r) => r.status)).toEqual(['held', 'held']);
    // Tomorrow before 07:00 Brussels no digest; after, one; a second scan the same day adds none.
    const tomorrow = Date.parse(brusselsDayStart(nextDay(todayInBrussels())));
    const at = (hours: number) => new Date(tomorrow + hours * 3_600_000);
    scanMailEvents({ now: at(6.5) });
    expect(rows().filter((r) => r.kind === 'digest')).toEqual([]);
    scanMailEvents({ now: at(7.5) });
    scanMailEvents({ now: at(9) });
    const digests = rows().filter((r) => r.kind === 'digest');
    expect(digests).toHaveLength(1);
    expect(JSON.parse(digests[0]!.params).items).toHaveLength(2);
    expect(rows().filter((r) => r.status === 'held')).toEqual([]);
    setMailPreferences({
      actor: s.inspector.actor,
      input: { mode: 'immediate', locale: 'fr', organisationReferrals: false },
    });
  });
});

describe('the worker', () => {
  it('sends each due message once, with a Message-ID that is its row, urgent ones first and marked', async () => {
    refer(MINOR);
    const { sent, transport } = recorder();
    const first = await sendDueMail({ config: CONFIG, transport, now: () => new Date() });
    expect(first.sent).toBe(2);
    expect(await sendDueMail({ config: CONFIG, transport })).toMatchObject({ claimed: 0 });
    expect(sent).toHaveLength(2);
    for (const row of rows()) {
      expect(row.status).toBe('sent');
      expect(sent.filter((m) => m.messageId === messageIdOf(row.id, CONFIG.from))).toHaveLength(1);
    }
    expect(messageIdOf('abc', CONFIG.from)).toBe('<abc@example.test>');
    expect(sent.every((m) => m.priority === 'high' && m.subject.startsWith('['))).toBe(true);
  });

  it('a failure is retried later with a growing delay; a permanent refusal or too many attempts fail it', async () => {
    refer(ADULT);
    const down = recorder(() => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const t0 = Date.now();
    await sendDueMail({ config: CONFIG, transport: down.transport });
    const after1 = rows();
    expect(after1.every((r) => r.status === 'pending' && r.attempts === 1 && r.lastError === 'ECONNREFUSED')).toBe(
      true,
    );
    expect(Date.parse(after1[0]!.nextAttemptAt)).toBeGreaterThan(t0);
    // Not due yet: nothing is claimed.
    expect((await sendDueMail({ config: CONFIG, transport: down.transport })).claimed).toBe(0);
    // The delays double (±20 %), up to an hour.
    expect(retryDelayMs(1, 1000, 0.5)).toBe(1000);
    expect(retryDelayMs(4, 1000, 0.5)).toBe(8000);
    expect(retryDelayMs(30, 1000, 0.5)).toBe(3_600_000);
    const later = () => new Date(Date.now() + 3_600_000 * 2);
    await sendDueMail({ config: CONFIG, transport: down.transport, now: later });
    await sendDueMail({ config: CONFIG, transport: down.transport, now: () => new Date(Date.now() + 3_600_000 * 4) });
    expect(rows().every((r) => r.status === 'failed' && r.attempts === 3)).toBe(true);

    getDb().delete(mailOutbox).where(eq(mailOutbox.locale, mailOutbox.locale)).run();
    refer(ADULT);
    const refused = recorder(() => Object.assign(new Error('550 no such user'), { responseCode: 550 }));
    await sendDueMail({ config: CONFIG, transport: refused.transport });
    expect(rows().every((r) => r.status === 'failed' && r.attempts === 1)).toBe(true);
  });

  it('a claimed message is not sent by another round until its lease ends (the claimer died): then once', async () => {
    refer(ADULT);
    const hang = new Promise<never>(() => {});
    // The first worker claims and "dies" in the middle of sending (its promise never settles).
    void sendDueMail({ config: CONFIG, transport: { sendMail: () => hang } as never });
    expect(rows().every((r) => r.status === 'sending')).toBe(true);
    const { sent, transport } = recorder();
    expect((await sendDueMail({ config: CONFIG, transport })).claimed).toBe(0);
    const afterLease = () => new Date(Date.now() + CONFIG.leaseMs + 1000);
    expect((await sendDueMail({ config: CONFIG, transport, now: afterLease })).sent).toBe(2);
    expect((await sendDueMail({ config: CONFIG, transport, now: afterLease })).claimed).toBe(0);
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(2);
  });
});

describe('administration and retention', () => {
  it('an administrator retries a failed message of their organisation; another organisation gets not found', async () => {
    refer(ADULT);
    const refused = recorder(() => Object.assign(new Error('550'), { responseCode: 550 }));
    await sendDueMail({ config: CONFIG, transport: refused.transport });
    const duty = rows().find((r) => r.recipient === 'duty@surya.test')!;
    expect(duty.status).toBe('failed');
    expect(() => retryMail({ actor: s.otherAdmin.actor, id: duty.id })).toThrow(NotFoundError);
    expect(() => retryMail({ actor: s.surya.actor, id: duty.id })).toThrow(NotFoundError);
    retryMail({ actor: s.suryaAdmin.actor, id: duty.id });
    const { sent, transport } = recorder();
    await sendDueMail({ config: CONFIG, transport });
    expect(sent.map((m) => m.to)).toEqual(['duty@surya.test']);
    // The platform's administrators may retry any message.
    const other = rows().find((r) => r.status === 'failed')!;
    retryMail({ actor: s.coordinationAdmin.actor, id: other.id });
    expect(rows().find((r) => r.id === other.id)?.status).toBe('pending');
  });

  it('retention deletes settled messages after 30 days and keeps waiting ones', async () => {
    refer(ADULT);
    const { transport } = recorder();
    await sendDueMail({ config: CONFIG, transport });
    refer(ADULT);
    const report = runRetention({ now: new Date(Date.now() + 31 * 86_400_000) });
    expect(report.mailDeleted).toBe(2);
    expect(rows().map((r) => r.status)).toEqual(['pending', 'pending']);
  });
});
