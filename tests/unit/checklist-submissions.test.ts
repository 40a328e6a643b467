import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { checklists, checklistSubmissions } from '@/db/schema';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { getChecklist } from '@/lib/server/checklists/get-checklist';
import { submitChecklist } from '@/lib/server/checklists/submit-checklist';
import { ConflictError, DomainError } from '@/lib/server/errors';
import { makeOrganisation, makeUser } from '../support/factories';

const VALID = {
  'ctx.control_date': '2026-03-10',
  'ctx.region': 'bru',
  'ctx.forms': ['economic'],
  'ctx.sector': 'construction',
  'vic.sex': 'm',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'RO',
  'exp.housing': 'yes',
  'doc.identity': 'held_by_other',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
const NOW = new Date('2026-06-15T10:00:00Z');
const rowsWithKey = (k: string) =>
  getDb().select({ n: count() }).from(checklists).where(eq(checklists.idempotencyKey, k)).get()!.n;

async function referrer() {
  return makeUser({ role: 'referrer', organisation: makeOrganisation('onss') });
}

describe('a check-list made offline and sent when the line returns (decision 0033)', () => {
  it('is created and completed once; the same key and content answer the same, without a second check-list', async () => {
    const { actor } = await referrer();
    const sending = { actor, clientId: randomUUID(), idempotencyKey: randomUUID(), answers: VALID, now: NOW };
    const first = submitChecklist(sending);
    // The answers in another key order are the same content (a browser may rebuild the object).
    const reordered = Object.fromEntries(Object.entries(VALID).reverse());
    const again = submitChecklist({ ...sending, answers: reordered });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ clientId: sending.clientId, status: 'completed', version: 1 });
    expect(first.label).toMatch(/^R-[0-9A-F]{8}$/);
    expect(rowsWithKey(sending.idempotencyKey)).toBe(1);
    expect(getChecklist({ actor, id: first.id })).toMatchObject({ status: 'completed', version: 1 });
  });

  it('refuses the same key with other content as a conflict and keeps the first one as it was', async () => {
    const { actor } = await referrer();
    const sending = { actor, clientId: randomUUID(), idempotencyKey: randomUUID(), answers: VALID, now: NOW };
    const first = submitChecklist(sending);
    expect(() => submitChecklist({ ...sending, answers: { ...VALID, 'vic.sex': 'f' } })).toThrow(ConflictError);
    expect(() => submitChecklist({ ...sending, clientId: randomUUID() })).toThrow(ConflictError);
    expect(rowsWithKey(sending.idempotencyKey)).toBe(1);
    expect(getChecklist({ actor, id: first.id }).answers['vic.sex']).toBe('m');
  });

  it('names the reference the referrer gave as the label', async () => {
    const { actor } = await referrer();
    const answers = { ...VALID, 'ctx.reference': 'PV-2026-0042' };
    const made = submitChecklist({ actor, clientId: randomUUID(), idempotencyKey: randomUUID(), answers, now: NOW });
    expect(made.label).toBe('PV-2026-0042');
  });

  it('stores nothing when the rules refuse it, so the corrected check-list can go under the same key', async () => {
    const { actor } = await referrer();
    const { 'vic.sex': _sex, ...incomplete } = VALID;
    const sending = { actor, clientId: randomUUID(), idempotencyKey: randomUUID(), answers: incomplete, now: NOW };
    expect(() => submitChecklist(sending)).toThrow(DomainError);
    expect(rowsWithKey(sending.idempotencyKey)).toBe(0);
    const n = getDb().select({ n: count() }).from(checklistSubmissions).get()!.n;
    const made = submitChecklist({ ...sending, answers: VALID });
    expect(rowsWithKey(sending.idempotencyKey)).toBe(1);
    expect(getDb().select({ n: count() }).from(checklistSubmissions).get()!.n).toBe(n + 1);
    expect(made.status).toBe('completed');
  });

  it('does not take over a draft another request created under the same key', async () => {
    const { actor } = await referrer();
    const k = randomUUID();
    createChecklist({ actor, idempotencyKey: k, answers: { 'vic.sex': 'f' }, now: NOW });
    expect(() =>
      submitChecklist({ actor, clientId: randomUUID(), idempotencyKey: k, answers: VALID, now: NOW }),
    ).toThrow(ConflictError);
    expect(rowsWithKey(k)).toBe(1);
  });

  it('keeps keys apart between organisations and refuses a client id that is not a UUID', async () => {
    const a = await referrer();
    const b = await referrer();
    const k = randomUUID();
    const one = submitChecklist({
      actor: a.actor,
      clientId: randomUUID(),
      idempotencyKey: k,
      answers: VALID,
      now: NOW,
    });
    const two = submitChecklist({
      actor: b.actor,
      clientId: randomUUID(),
      idempotencyKey: k,
      answers: VALID,
      now: NOW,
    });
    expect(one.id).not.toBe(two.id);
    expect(() =>
      submitChecklist({ actor: a.actor, clientId: 'x', idempotencyKey: randomUUID(), answers: VALID, now: NOW }),
    ).toThrow(DomainError);
  });
});
