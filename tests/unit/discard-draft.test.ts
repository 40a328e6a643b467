import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, checklists } from '@/db/schema';
import { createChecklist } from '@/lib/server/checklists/create-checklist';
import { discardDraft } from '@/lib/server/checklists/discard-draft';
import { findDraftByKey } from '@/lib/server/checklists/find-draft-by-key';
import { ConflictError, NotFoundError } from '@/lib/server/errors';
import { makeOrganisation, makeUser } from '../support/factories';

let s: Awaited<ReturnType<typeof setting>>;
async function setting() {
  const police = makeOrganisation('police');
  return {
    author: await makeUser({ role: 'referrer', organisation: police }),
    colleague: await makeUser({ role: 'referrer', organisation: police }),
    other: await makeUser({ role: 'referrer', organisation: makeOrganisation('police') }),
  };
}
beforeAll(async () => {
  s = await setting();
});

const exists = (id: string) => Boolean(getDb().select().from(checklists).where(eq(checklists.id, id)).get());

describe('discarding a draft (decision 0023)', () => {
  it('lets its author throw away a first draft, audited without its answers', () => {
    const key = randomUUID();
    const { id } = createChecklist({
      actor: s.author.actor,
      idempotencyKey: key,
      answers: { 'vic.name': 'Secret Name' },
    });
    expect(findDraftByKey({ actor: s.author.actor, idempotencyKey: key })?.id).toBe(id);
    expect(discardDraft({ actor: s.author.actor, id })).toEqual({ discarded: true });
    expect(exists(id)).toBe(false);
    expect(findDraftByKey({ actor: s.author.actor, idempotencyKey: key })).toBeNull();
    const entry = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'checklist.discard'), eq(auditEvents.targetId, id)))
      .get();
    expect(entry?.outcome).toBe('ok');
    expect(JSON.stringify(entry)).not.toContain('Secret Name');
  });

  it('never discards a colleague\u2019s draft, another organisation\u2019s, or a completed check-list', () => {
    const { id } = createChecklist({ actor: s.author.actor, idempotencyKey: randomUUID() });
    expect(() => discardDraft({ actor: s.colleague.actor, id })).toThrow(NotFoundError);
    expect(() => discardDraft({ actor: s.other.actor, id })).toThrow(NotFoundError);
    expect(exists(id)).toBe(true);
    const completed = createChecklist({
      actor: s.author.actor,
      idempotencyKey: randomUUID(),
      answers: {
        'ctx.control_date': '2026-03-10',
        'ctx.region': 'lie',
        'ctx.forms': ['economic'],
        'ctx.sector': 'horeca',
        'vic.sex': 'f',
        'vic.birth_date': '1990-04-02',
        'vic.nationality': 'MA',
        'out.sufficient': 'yes',
        'out.wish': 'accepts_referral',
      },
      complete: true,
    });
    expect(() => discardDraft({ actor: s.author.actor, id: completed.id })).toThrow(ConflictError);
    expect(exists(completed.id)).toBe(true);
  });
});
