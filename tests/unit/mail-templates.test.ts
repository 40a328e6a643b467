import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { LOCALES } from '@/lib/i18n/locales';
import { MAIL_KINDS, renderMail, SECURITY_EVENTS, type MailKind, type MailParams } from '@/lib/mail/templates';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { enqueueSecurityNotice } from '@/lib/server/mail/enqueue-mail';
import { scanMailEvents } from '@/lib/server/mail/scan-mail-events';
import { setDutyAddresses } from '@/lib/server/mail/set-duty-addresses';
import { setMailPreferences } from '@/lib/server/mail/set-mail-preferences';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { brusselsDayStart, nextDay, todayInBrussels } from '@/lib/time';
import { makeOrganisation, makeUser } from '../support/factories';

/**
 * Nothing personal leaves Relais by e-mail (decision 0027). Every kind of message is produced
 * here by the events that cause it — a minor's referral with a name, a birth date, a nationality,
 * a contact, urgent needs, a phone number and notes — and rendered in the four languages; no
 * output may contain any of those, nor the referrer's name. The parameters a message stores are
 * a closed list.
 */
const NAME = 'Amira Kowalczyk';
const CONTACT = 'via the Rue Haute shelter';
const NEEDS = 'insulin tonight';
const PHONE = '+32 470 12 34 56';
const NOTE = 'Entretien jeudi avec Amira';
const ANSWERS = {
  'ctx.control_date': '2026-03-10',
  'ctx.region': 'lie',
  'ctx.forms': ['sexual'],
  'vic.sex': 'f',
  'vic.birth_date': '2010-03-09',
  'vic.nationality': 'NG',
  'vic.unaccompanied': 'yes',
  'vic.name': NAME,
  'vic.contact': CONTACT,
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
const FORBIDDEN = [
  'Amira',
  'Kowalczyk',
  CONTACT,
  'Rue Haute',
  NEEDS,
  'insulin',
  PHONE,
  // Fragments long enough not to occur by chance in an id or a timestamp ("470" and "2010" did).
  '470 12',
  '470123456',
  NOTE,
  'jeudi',
  '2010-03-09',
  '09/03',
  '9 mars',
  '9. März',
  'March 9',
  '9 maart',
  'Nigeria',
  'nigéria',
  'nigerian',
  'Nigeriaans',
];
const ALLOWED_PARAMS = new Set<keyof MailParams>([
  'path',
  'organisation',
  'centre',
  'caseLabel',
  'status',
  'minor',
  'hours',
  'label',
  'since',
  'deleteOn',
  'days',
  'event',
  'role',
  'dutyOrganisation',
  'items',
  'day',
]);

let rows: (typeof mailOutbox.$inferSelect)[] = [];
let referrerName = '';

beforeAll(async () => {
  process.env.RELAIS_SMTP_URL = 'smtp://127.0.0.1:1';
  process.env.RELAIS_MAIL_FROM = 'relais@example.test';
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  const tutelles = makeOrganisation('guardianship', 'Service des Tutelles', 'tutelles');
  const coordination = makeOrganisation('coordination', 'Coordination', 'cic-templates');
  const inspector = await makeUser({
    role: 'referrer',
    organisation: makeOrganisation('onss'),
    name: 'Inspecteur Zébulon',
  });
  referrerName = inspector.name;
  const esperanto = await makeUser({ role: 'centre_staff', organisation: centres.esperanto! });
  for (const [organisation, address] of [
    [centres.esperanto!, 'duty@esperanto.test'],
    [tutelles, 'duty@tutelles.test'],
    [coordination, 'oncall@cic.test'],
  ] as const) {
    const admin = await makeUser({ role: 'admin', organisation });
    setDutyAddresses({ actor: admin.actor, addresses: [address], locale: 'fr' });
  }
  setMailPreferences({ actor: esperanto.actor, input: { mode: 'digest', locale: 'nl', organisationReferrals: true } });

  const now = new Date();
  const checklist = createChecklist({
    actor: inspector.actor,
    idempotencyKey: randomUUID(),
    answers: ANSWERS,
    complete: true,
    now,
  });
  const { id } = createReferral({
    actor: inspector.actor,
    input: {
      checklistId: checklist.id,
      caseType: 'thb',
      idempotencyKey: randomUUID(),
      urgentNeeds: NEEDS,
      phone: PHONE,
    },
    now,
  });
  transitionReferral({ actor: esperanto.actor, referralId: id, to: 'acknowledged', note: NOTE, expectedVersion: 1 });
  // Overdue: a second referral, received three hours ago.
  const late = createChecklist({
    actor: inspector.actor,
    idempotencyKey: randomUUID(),
    answers: ANSWERS,
    complete: true,
    now,
  });
  createReferral({
    actor: inspector.actor,
    input: { checklistId: late.id, caseType: 'thb', idempotencyKey: randomUUID(), urgentNeeds: NEEDS, phone: PHONE },
    now: new Date(now.getTime() - 3 * 3_600_000),
  });
  // A draft with the person's details, untouched for 24 days.
  createChecklist({
    actor: inspector.actor,
    idempotencyKey: randomUUID(),
    answers: { 'vic.name': NAME, 'vic.birth_date': '2010-03-09', 'vic.nationality': 'NG' },
    now: new Date(now.getTime() - 24 * 86_400_000),
  });
  scanMailEvents({ now });
  getDb().transaction((tx) => {
    for (const event of SECURITY_EVENTS)
      enqueueSecurityNotice(tx, { userId: inspector.id, event, role: 'referrer', at: new Date() });
  });
  // The digest of the centre's staff member, tomorrow morning.
  scanMailEvents({ now: new Date(Date.parse(brusselsDayStart(nextDay(todayInBrussels()))) + 8 * 3_600_000) });
  rows = getDb().select().from(mailOutbox).all();
});

describe('no personal data in any e-mail', () => {
  it('every kind of message is produced by its event', () => {
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(MAIL_KINDS));
    expect(rows.filter((r) => r.kind === 'security')).toHaveLength(SECURITY_EVENTS.length);
  });

  it('stores only the parameters of the closed list', () => {
    for (const row of rows)
      for (const key of Object.keys(JSON.parse(row.params) as object))
        expect(ALLOWED_PARAMS.has(key as keyof MailParams), `${row.kind}: ${key}`).toBe(true);
    // The outbox row itself holds no personal field either.
    for (const row of rows) for (const word of FORBIDDEN) expect(JSON.stringify(row)).not.toContain(word);
  });

  it.each(LOCALES)('renders nothing personal in %s, in text and HTML, with the case label and a link', (locale) => {
    for (const row of rows) {
      const params = JSON.parse(row.params) as MailParams;
      const out = renderMail(
        { kind: row.kind as MailKind, locale, params, urgent: row.urgent },
        { baseUrl: 'https://relais.example.test' },
      );
      const all = `${out.subject}\n${out.text}\n${out.html}`;
      for (const word of [...FORBIDDEN, referrerName, 'Zébulon', 'Z&#233;bulon'])
        expect(all.toLowerCase(), `${row.kind} in ${locale}`).not.toContain(word.toLowerCase());
      expect(out.text).toContain(`https://relais.example.test${params.path}`);
      expect(out.html).toContain(`href="https://relais.example.test${params.path}"`);
      if (params.caseLabel) expect(out.subject + out.text).toContain(params.caseLabel);
      if (row.urgent) expect(out.subject).toMatch(/^\[(URGENT|DRINGEND)\] /);
      // No message key left untranslated, no ICU placeholder left unfilled.
      expect(all).not.toMatch(/mail\.\w+\.|\{\w+\}/);
    }
  });

  it('escapes what it shows in HTML', () => {
    const out = renderMail(
      {
        kind: 'referral_received',
        locale: 'en',
        params: { path: '/referrals/x', organisation: '<b>Police</b>', centre: 'A & B', caseLabel: 'R-1' },
        urgent: false,
      },
      { baseUrl: 'https://relais.example.test' },
    );
    expect(out.html).not.toContain('<b>Police</b>');
    expect(out.html).toContain('&#60;b&#62;Police');
    expect(out.text).toContain('<b>Police</b>');
  });
});

describe('the recipients', () => {
  it('minors: urgent to the centre duty address and the Service des Tutelles, escalated to the on-call address', () => {
    const to = (kind: string) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => r.recipient)
        .sort();
    expect(to('referral_minor')).toEqual(['duty@tutelles.test', 'duty@tutelles.test']);
    expect(to('overdue')).toEqual(['duty@esperanto.test', 'oncall@cic.test']);
    expect(
      rows.filter((r) => r.kind.startsWith('referral_') && r.kind !== 'referral_status').every((r) => r.urgent),
    ).toBe(true);
    expect(getDb().select().from(mailOutbox).where(eq(mailOutbox.status, 'held')).all()).toEqual([]);
  });
});
