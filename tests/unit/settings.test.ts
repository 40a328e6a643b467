import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { readDisclosureThreshold } from '@/lib/server/statistics/get-disclosure-threshold';
import { setDisclosureThreshold } from '@/lib/server/statistics/set-disclosure-threshold';
import { disclosureThresholdSchema } from '@/lib/validation/settings';
import { makeOrganisation, makeUser } from '../support/factories';

describe('disclosure threshold k', async () => {
  const platformAdmin = await makeUser({ role: 'admin', organisation: makeOrganisation('coordination') });
  const onssAdmin = await makeUser({ role: 'admin', organisation: makeOrganisation('onss') });
  const coordinator = await makeUser({ role: 'coordinator', organisation: makeOrganisation('coordination') });
  const refusals = (userId: string) =>
    getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.outcome, 'refused')))
      .all().length;

  it('is 5 until a platform administrator sets it; the change is audited with the previous value', () => {
    expect(readDisclosureThreshold()).toBe(5);
    expect(setDisclosureThreshold({ actor: platformAdmin.actor, k: 10 })).toEqual({ k: 10, previous: 5 });
    expect(readDisclosureThreshold()).toBe(10);
    const entry = getDb().select().from(auditEvents).where(eq(auditEvents.action, 'settings.update')).all().at(-1)!;
    expect(entry.outcome).toBe('ok');
    expect(JSON.parse(entry.detail!)).toEqual({ previous: 5, k: 10 });
  });

  it('is refused, as not found and audited, to an organisation administrator and a coordinator; nothing changes', () => {
    const before = readDisclosureThreshold();
    expect(() => setDisclosureThreshold({ actor: onssAdmin.actor, k: 3 })).toThrow(NotFoundError);
    expect(() => setDisclosureThreshold({ actor: coordinator.actor, k: 3 })).toThrow(NotFoundError);
    expect(readDisclosureThreshold()).toBe(before);
    expect(refusals(onssAdmin.id)).toBe(1);
    expect(refusals(coordinator.id)).toBe(1);
  });

  it('refuses values out of 2–100 naming the field', () => {
    expect(() => setDisclosureThreshold({ actor: platformAdmin.actor, k: 1 })).toThrow(DomainError);
    for (const k of ['', '1', '101', '2.5', '-3', 'cinq', '1e2']) {
      const parsed = disclosureThresholdSchema.safeParse({ k });
      expect(parsed.success, k).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['k']);
    }
    expect(disclosureThresholdSchema.parse({ k: ' 7 ' })).toEqual({ k: 7 });
  });
});
