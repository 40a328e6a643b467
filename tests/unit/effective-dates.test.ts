import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSqlite } from '@/db/client';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { DomainError } from '@/lib/server/errors';
import { createReferral } from '@/lib/server/referrals/create-referral';
import { getReferral } from '@/lib/server/referrals/get-referral';
import { registerCentreRequest } from '@/lib/server/referrals/register-centre-request';
import { transitionReferral } from '@/lib/server/referrals/transition-referral';
import { computeYearStatistics } from '@/lib/server/statistics/compute-year-statistics';
import type { StatisticsTable } from '@/lib/statistics/tables';
import { verifyStatisticsCounts } from '@/lib/statistics/counters';
import { centreRequestSchema, transitionSchema } from '@/lib/validation/referrals';
import { makeOrganisation, makeUser } from '../support/factories';

/**
 * Effective dates (decision 0019): an event registered after the fact records when it happened,
 * and the statistics count it then; the timeline and the audit keep both moments.
 */
const NOW = new Date('2026-12-06T10:00:00Z');
const ADULT = {
  'ctx.control_date': '2025-02-20',
  'ctx.region': 'lie',
  'ctx.forms': ['economic'],
  'ctx.sector': 'horeca',
  'vic.sex': 'f',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'MA',
  'vic.name': 'A. B.',
  'vic.contact': 'via ONG',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};

let s: Awaited<ReturnType<typeof setting>>;
async function setting() {
  const centres = Object.fromEntries(
    ['pag-asa', 'payoke', 'surya', 'esperanto'].map((c) => [c, makeOrganisation('centre', c, c)]),
  );
  makeOrganisation('guardianship', 'Service des Tutelles', 'tutelles');
  const onss = makeOrganisation('onss');
  return {
    inspector: await makeUser({ role: 'referrer', organisation: onss }),
    surya: await makeUser({ role: 'centre_staff', organisation: centres.surya! }),
    payoke: await makeUser({ role: 'centre_staff', organisation: centres.payoke! }),
    coordinator: await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') }),
  };
}
beforeAll(async () => {
  s = await setting();
});

const completed = (answers: Record<string, unknown> = ADULT) =>
  createChecklist({ actor: s.inspector.actor, idempotencyKey: randomUUID(), answers, complete: true, now: NOW }).id;
const refer = (extra: Record<string, unknown> = {}) =>
  createReferral({
    actor: s.inspector.actor,
    input: { checklistId: completed(), caseType: 'thb', idempotencyKey: randomUUID(), ...extra },
    now: NOW,
  }).id;
const stats = (year: number) => computeYearStatistics({ actor: s.coordinator.actor, year, audit: false });
const cell = (tables: StatisticsTable[], id: string, row: string, col: string) => {
  const t = tables.find((x) => x.id === id)!;
  return t.cells[t.rows.indexOf(row)]![t.cols.indexOf(col)]!;
};
const referral = (id: string) =>
  getSqlite()
    .prepare(
      'select status, version, year, received_at, first_action_at, accepted_at, accepted_year, ended_at, first_action_seconds, accepted_seconds from referrals where id = ?',
    )
    .get(id) as Record<string, unknown>;
const events = (id: string) =>
  getSqlite()
    .prepare(
      'select to_status, at, occurred_at, late_reason from referral_events where referral_id = ? order by at, rowid',
    )
    .all(id) as { to_status: string; at: string; occurred_at: string; late_reason: string | null }[];
const lastAudit = (action: string, targetId: string) =>
  JSON.parse(
    (
      getSqlite()
        .prepare('select detail from audit_events where action = ? and target_id = ? order by rowid desc limit 1')
        .get(action, targetId) as { detail: string }
    ).detail,
  ) as Record<string, unknown>;

/** The DomainError a call throws (fails the test if it throws nothing or something else). */
function refusal(call: () => unknown): DomainError {
  try {
    call();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('effective dates', () => {
  it('counts a late registration in the year it happened, not the year it was registered, and audits both moments', () => {
    const before2025 = stats(2025);
    const before2026 = stats(2026);
    const id = refer({ sentAt: '2025-03-01', lateReason: 'Envoyée par courriel, saisie à la reprise du dossier' });
    const v = transitionReferral({
      actor: s.surya.actor,
      referralId: id,
      to: 'acknowledged',
      expectedVersion: 1,
      occurredAt: '2025-03-02T10:00',
      lateReason: 'Dossier papier',
      now: NOW,
    }).version;
    transitionReferral({
      actor: s.surya.actor,
      referralId: id,
      to: 'accepted',
      expectedVersion: v,
      occurredAt: '2025-03-03',
      lateReason: 'Dossier papier',
      now: NOW,
    });

    // The referral's own columns, which the statistics read, are those of the moments it happened.
    expect(referral(id)).toMatchObject({
      status: 'accepted',
      year: 2025,
      received_at: '2025-02-28T23:00:00.000Z', // 1 March 2025 in Brussels
      first_action_at: '2025-03-02T09:00:00.000Z', // 10:00 in Brussels (winter time)
      accepted_at: '2025-03-02T23:00:00.000Z',
      accepted_year: 2025,
      first_action_seconds: 34 * 3600,
      accepted_seconds: 48 * 3600,
    });
    const after2025 = stats(2025);
    const after2026 = stats(2026);
    // Table 9 (requests by outcome) and table 11 (accompaniments started) count it in 2025.
    expect(cell(after2025, 'centre_requests_by_outcome', 'surya', 'accepted')).toBe(
      cell(before2025, 'centre_requests_by_outcome', 'surya', 'accepted') + 1,
    );
    expect(cell(after2025, 'accompaniments_minor_by_centre', 'surya', 'adult')).toBe(
      cell(before2025, 'accompaniments_minor_by_centre', 'surya', 'adult') + 1,
    );
    expect(cell(after2026, 'accompaniments_minor_by_centre', 'surya', 'adult')).toBe(
      cell(before2026, 'accompaniments_minor_by_centre', 'surya', 'adult'),
    );
    expect(cell(after2026, 'centre_requests_by_outcome', 'surya', 'accepted')).toBe(
      cell(before2026, 'centre_requests_by_outcome', 'surya', 'accepted'),
    );
    // Table 15: 34 hours from receipt to the first action, 48 to the acceptance (the only app referral of 2025 at Sürya).
    expect(cell(after2025, 'referral_response_times', 'surya', 'first_median')).toBe(34);
    expect(cell(after2025, 'referral_response_times', 'surya', 'accepted_median')).toBe(48);
    // The check-list counters stay in step with the records.
    expect(verifyStatisticsCounts(getSqlite())).toEqual([]);

    // The events keep when they were registered (now) beside when they happened.
    expect(events(id)).toEqual([
      {
        to_status: 'sent',
        at: NOW.toISOString(),
        occurred_at: '2025-02-28T23:00:00.000Z',
        late_reason: 'Envoyée par courriel, saisie à la reprise du dossier',
      },
      {
        to_status: 'acknowledged',
        at: NOW.toISOString(),
        occurred_at: '2025-03-02T09:00:00.000Z',
        late_reason: 'Dossier papier',
      },
      {
        to_status: 'accepted',
        at: NOW.toISOString(),
        occurred_at: '2025-03-02T23:00:00.000Z',
        late_reason: 'Dossier papier',
      },
    ]);
    expect(lastAudit('referral.transition', id)).toMatchObject({
      from: 'acknowledged',
      to: 'accepted',
      occurredAt: '2025-03-02T23:00:00.000Z',
      lateReason: 'Dossier papier',
    });
    expect(lastAudit('referral.create', id)).toMatchObject({
      occurredAt: '2025-02-28T23:00:00.000Z',
      lateReason: 'Envoyée par courriel, saisie à la reprise du dossier',
    });
  });

  it('shows both moments on the timeline when an event was registered late, and one when it was not', () => {
    const id = refer();
    transitionReferral({ actor: s.surya.actor, referralId: id, to: 'acknowledged', expectedVersion: 1, now: NOW });
    // Accepted at noon in Brussels on 6 December, registered three days later: no reason needed within 7 days.
    const later = new Date('2026-12-09T10:00:00Z');
    transitionReferral({
      actor: s.surya.actor,
      referralId: id,
      to: 'accepted',
      expectedVersion: 2,
      occurredAt: '2026-12-06T12:00',
      now: later,
    });
    const { timeline } = getReferral({ actor: s.inspector.actor, id, now: later });
    expect(timeline.map((e) => ({ to: e.to, at: e.at, occurredAt: e.occurredAt, lateReason: e.lateReason }))).toEqual([
      { to: 'sent', at: NOW.toISOString(), occurredAt: NOW.toISOString(), lateReason: null },
      { to: 'acknowledged', at: NOW.toISOString(), occurredAt: NOW.toISOString(), lateReason: null },
      { to: 'accepted', at: later.toISOString(), occurredAt: '2026-12-06T11:00:00.000Z', lateReason: null },
    ]);
    // The centre sees the same timeline.
    expect(getReferral({ actor: s.surya.actor, id, now: later }).timeline[2]).toMatchObject({
      at: later.toISOString(),
      occurredAt: '2026-12-06T11:00:00.000Z',
    });
  });

  it('reads a day alone as the earliest moment of it the referral allows', () => {
    const id = refer();
    transitionReferral({ actor: s.surya.actor, referralId: id, to: 'acknowledged', expectedVersion: 1, now: NOW });
    // "Today", after an acknowledgement of this morning: the moment of that acknowledgement, not midnight.
    transitionReferral({
      actor: s.surya.actor,
      referralId: id,
      to: 'accepted',
      expectedVersion: 2,
      occurredAt: '2026-12-06',
      now: new Date('2026-12-06T15:00:00Z'),
    });
    expect(events(id).at(-1)).toMatchObject({ to_status: 'accepted', occurred_at: NOW.toISOString() });
    expect(referral(id)).toMatchObject({ accepted_at: NOW.toISOString(), accepted_year: 2026 });
  });

  it('refuses a moment in the future, before the previous event, not a date, or more than 7 days back without a reason — naming the field, storing nothing', () => {
    const id = refer({ sentAt: '2026-12-01T09:00:00Z' });
    const stored = () => ({ referral: referral(id), events: events(id).length });
    const before = stored();
    const attempt = (change: Record<string, unknown>) =>
      refusal(() =>
        transitionReferral({
          actor: s.surya.actor,
          referralId: id,
          to: 'acknowledged',
          expectedVersion: 1,
          now: NOW,
          ...change,
        }),
      );
    const cases: [Record<string, unknown>, string, string][] = [
      [{ occurredAt: '2026-12-07' }, 'occurredAt', 'errors.referral.occurredInFuture'],
      [{ occurredAt: '2026-12-06T12:00:00Z' }, 'occurredAt', 'errors.referral.occurredInFuture'],
      [{ occurredAt: '2026-11-30T23:00:00Z' }, 'occurredAt', 'errors.referral.occurredBeforePrevious'],
      [{ occurredAt: '2026-11-30' }, 'occurredAt', 'errors.referral.occurredBeforePrevious'],
      [{ occurredAt: 'hier' }, 'occurredAt', 'errors.referral.occurredAtInvalid'],
      [{ occurredAt: '2026-02-30' }, 'occurredAt', 'errors.referral.occurredAtInvalid'],
    ];
    for (const [change, field, key] of cases) {
      const e = attempt(change);
      expect(e.fieldErrors, JSON.stringify(change)).toEqual({ [field]: [key] });
    }
    expect(stored()).toEqual(before);

    // More than 7 days back: a reason is required (and a blank one is none).
    const old = refer({ sentAt: '2026-10-01', lateReason: 'Saisie tardive' });
    const oldBefore = { referral: referral(old), events: events(old).length };
    for (const lateReason of [undefined, '   ']) {
      const e = refusal(() =>
        transitionReferral({
          actor: s.surya.actor,
          referralId: old,
          to: 'acknowledged',
          expectedVersion: 1,
          occurredAt: '2026-10-02',
          lateReason,
          now: NOW,
        }),
      );
      expect(e.fieldErrors).toEqual({ lateReason: ['errors.referral.lateReasonRequired'] });
    }
    expect({ referral: referral(old), events: events(old).length }).toEqual(oldBefore);
    // Seven days exactly is not late.
    transitionReferral({
      actor: s.surya.actor,
      referralId: old,
      to: 'acknowledged',
      expectedVersion: 1,
      occurredAt: '2026-11-29T10:00:00Z',
      now: NOW,
    });
    expect(events(old).at(-1)).toMatchObject({ occurred_at: '2026-11-29T10:00:00.000Z', late_reason: null });

    // Sending: not in the future, not before the check-list's control date, not late without a reason.
    expect(refusal(() => refer({ sentAt: '2026-12-07' })).fieldErrors).toEqual({
      sentAt: ['errors.referral.occurredInFuture'],
    });
    expect(refusal(() => refer({ sentAt: '2025-02-19', lateReason: 'x' })).fieldErrors).toEqual({
      sentAt: ['errors.referral.sentBeforeControl'],
    });
    expect(refusal(() => refer({ occurredAt: '2025-06-01' })).fieldErrors).toEqual({
      lateReason: ['errors.referral.lateReasonRequired'],
    });

    // Through the API's schema: not a date is refused before the verb, by field.
    const parsed = transitionSchema.safeParse({
      to: 'acknowledged',
      expectedVersion: 1,
      occurredAt: 'last Tuesday',
      lateReason: 'x'.repeat(501),
    });
    expect(parsed.success).toBe(false);
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['occurredAt', 'errors.referral.occurredAtInvalid'],
      ['lateReason', 'errors.tooLong'],
    ]);
    expect(
      transitionSchema.safeParse({
        to: 'acknowledged',
        expectedVersion: 1,
        occurredAt: '2025-03-03T10:00',
        lateReason: 'Dossier papier',
      }).success,
    ).toBe(true);
  });

  it('registers a request already decided, with its outcome, in one step; counted when it happened', () => {
    const before = stats(2025);
    const input = centreRequestSchema.parse({
      source: 'walk_in',
      receivedOn: '2025-11-02',
      sex: 'm',
      age: 30,
      nationality: 'RO',
      forms: ['economic'],
      outcome: 'accepted',
      outcomeOn: '2025-11-05',
      lateReason: 'Registre papier de 2025',
      idempotencyKey: randomUUID(),
    });
    const { id } = registerCentreRequest({ actor: s.payoke.actor, input, now: NOW });
    expect(referral(id)).toMatchObject({
      status: 'accepted',
      version: 2,
      year: 2025,
      received_at: '2025-11-02T12:00:00.000Z',
      accepted_at: '2025-11-04T23:00:00.000Z',
      accepted_year: 2025,
    });
    expect(events(id).map((e) => [e.to_status, e.occurred_at, e.late_reason])).toEqual([
      ['acknowledged', '2025-11-02T12:00:00.000Z', null],
      ['accepted', '2025-11-04T23:00:00.000Z', 'Registre papier de 2025'],
    ]);
    const after = stats(2025);
    expect(cell(after, 'accompaniments_minor_by_centre', 'payoke', 'adult')).toBe(
      cell(before, 'accompaniments_minor_by_centre', 'payoke', 'adult') + 1,
    );
    expect(cell(after, 'centre_requests_by_outcome', 'payoke', 'accepted')).toBe(
      cell(before, 'centre_requests_by_outcome', 'payoke', 'accepted') + 1,
    );
    expect(lastAudit('referral.transition', id)).toMatchObject({
      from: 'acknowledged',
      to: 'accepted',
      occurredAt: '2025-11-04T23:00:00.000Z',
      lateReason: 'Registre papier de 2025',
    });

    // Refused by field, nothing stored: a reason the outcome needs, a day before the receipt, late without a reason, an outcome the centre cannot record.
    const count = () => getSqlite().prepare('select count(*) from referrals').pluck().get();
    const n = count();
    const base = { source: 'ngo', receivedOn: '2025-11-02', sex: 'f', nationality: 'NG', forms: ['sexual'] };
    const register = (extra: Record<string, unknown>) =>
      refusal(() =>
        registerCentreRequest({
          actor: s.payoke.actor,
          input: centreRequestSchema.parse({ ...base, ...extra, idempotencyKey: randomUUID() }),
          now: NOW,
        }),
      );
    expect(register({ outcome: 'not_a_victim', outcomeOn: '2025-11-03', lateReason: 'x' }).fieldErrors).toEqual({
      outcomeReason: ['errors.referral.reason_required'],
    });
    expect(register({ outcome: 'lost_contact', outcomeOn: '2025-11-01', lateReason: 'x' }).fieldErrors).toEqual({
      outcomeOn: ['errors.referral.occurredBeforePrevious'],
    });
    expect(register({ outcome: 'lost_contact', outcomeOn: '2025-11-03' }).fieldErrors).toEqual({
      lateReason: ['errors.referral.lateReasonRequired'],
    });
    expect(register({ outcome: 'lost_contact', outcomeOn: '2026-12-07', lateReason: 'x' }).fieldErrors).toEqual({
      outcomeOn: ['errors.referral.occurredInFuture'],
    });
    expect(register({ outcomeOn: '2025-11-03' }).fieldErrors).toEqual({ outcome: ['errors.required'] });
    expect(count()).toBe(n);
    const withdrawn = centreRequestSchema.safeParse({ ...base, outcome: 'withdrawn', idempotencyKey: randomUUID() });
    expect(withdrawn.success ? [] : withdrawn.error.issues.map((i) => i.path.join('.'))).toEqual(['outcome']);

    // Without an outcome it starts acknowledged as before, on the day received.
    const plain = registerCentreRequest({
      actor: s.payoke.actor,
      input: centreRequestSchema.parse({ ...base, idempotencyKey: randomUUID() }),
      now: NOW,
    });
    expect(referral(plain.id)).toMatchObject({
      status: 'acknowledged',
      version: 1,
      first_action_at: '2025-11-02T12:00:00.000Z',
    });
  });
});
