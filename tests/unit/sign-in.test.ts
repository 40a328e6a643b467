import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, sessions } from '@/db/schema';
import { authenticate, SignInError } from '@/lib/server/auth/authenticate';
import { resolveSession } from '@/lib/server/auth/resolve-session';
import { makeOrganisation, makeUser } from '../support/factories';

const org = () => makeOrganisation('onss');
const MIN = 60_000;

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SignInError) return e.reason;
    throw e;
  }
  return 'signed-in';
}

describe('sign-in and lock-out', () => {
  it('opens a server-side session for the right password and audits it', async () => {
    const u = await makeUser({ role: 'referrer', organisation: org() });
    const { sessionId, userId } = await authenticate({
      email: ` ${u.email.toUpperCase()} `,
      password: u.password,
      ip: '192.0.2.10',
    });
    expect(userId).toBe(u.id);
    expect(getDb().select().from(sessions).where(eq(sessions.id, sessionId)).get()?.userId).toBe(u.id);
    const resolved = resolveSession({ sessionId, ip: '192.0.2.10' });
    expect(resolved.actor?.role).toBe('referrer');
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.actorUserId, u.id)).all();
    expect(audit.map((a) => [a.action, a.outcome])).toContainEqual(['auth.sign_in', 'ok']);
  });

  it('locks the account after 5 failures in 15 minutes, refuses the right password then, and unlocks after 15 minutes', async () => {
    const u = await makeUser({ role: 'referrer', organisation: org() });
    const t0 = Date.parse('2026-05-04T10:00:00Z');
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        await refusal(
          authenticate({ email: u.email, password: 'wrong password!', ip: '192.0.2.20', now: new Date(t0 + i * MIN) }),
        ),
      );
    }
    expect(answers).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked']);
    expect(
      await refusal(
        authenticate({ email: u.email, password: u.password, ip: '192.0.2.20', now: new Date(t0 + 6 * MIN) }),
      ),
    ).toBe('locked');
    expect(
      await refusal(
        authenticate({
          email: u.email,
          password: u.password,
          ip: '192.0.2.20',
          now: new Date(t0 + 4 * MIN + 15 * MIN + 1),
        }),
      ),
    ).toBe('signed-in');

    const actions = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorUserId, u.id))
      .all()
      .map((a) => `${a.action}:${a.outcome}`);
    expect(actions.filter((a) => a === 'auth.sign_in:failed')).toHaveLength(6);
    expect(actions).toContain('auth.lock:ok');
    expect(actions).toContain('auth.sign_in:ok');
  });

  it('does not count failures older than 15 minutes, nor those before a successful sign-in', async () => {
    const u = await makeUser({ role: 'referrer', organisation: org() });
    const t0 = Date.parse('2026-05-05T10:00:00Z');
    for (let i = 0; i < 4; i++)
      await refusal(
        authenticate({ email: u.email, password: 'nope nope nope', ip: '192.0.2.21', now: new Date(t0 + i * 1000) }),
      );
    // 16 minutes later the four old failures no longer count.
    expect(
      await refusal(
        authenticate({ email: u.email, password: 'nope nope nope', ip: '192.0.2.21', now: new Date(t0 + 16 * MIN) }),
      ),
    ).toBe('invalid');
    await authenticate({ email: u.email, password: u.password, ip: '192.0.2.21', now: new Date(t0 + 17 * MIN) });
    for (let i = 0; i < 4; i++) {
      expect(
        await refusal(
          authenticate({
            email: u.email,
            password: 'nope nope nope',
            ip: '192.0.2.21',
            now: new Date(t0 + 18 * MIN + i),
          }),
        ),
      ).toBe('invalid');
    }
  });

  it('answers an unknown account exactly like a known one, lock included', async () => {
    const email = `nobody-${Date.now()}@test.relais.be`;
    const answers: string[] = [];
    for (let i = 0; i < 6; i++)
      answers.push(await refusal(authenticate({ email, password: 'whatever it is', ip: '192.0.2.30' })));
    expect(answers).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked', 'locked']);
  });

  it('refuses a disabled user and a demo account outside demo mode with the same answer as a wrong password', async () => {
    const o = org();
    const disabled = await makeUser({ role: 'referrer', organisation: o, active: false });
    const demo = await makeUser({ role: 'referrer', organisation: o, isDemo: true });
    delete process.env.RELAIS_DEMO;
    expect(await refusal(authenticate({ email: disabled.email, password: disabled.password, ip: '192.0.2.31' }))).toBe(
      'invalid',
    );
    expect(await refusal(authenticate({ email: demo.email, password: demo.password, ip: '192.0.2.31' }))).toBe(
      'invalid',
    );
    process.env.RELAIS_DEMO = '1';
    expect(await refusal(authenticate({ email: demo.email, password: demo.password, ip: '192.0.2.31' }))).toBe(
      'signed-in',
    );
    delete process.env.RELAIS_DEMO;
  });

  it('limits failures per client address across accounts', async () => {
    process.env.RELAIS_ADDRESS_FAILURE_LIMIT = '8';
    try {
      const u = await makeUser({ role: 'referrer', organisation: org() });
      for (let i = 0; i < 8; i++)
        await refusal(
          authenticate({ email: `spray-${i}-${Date.now()}@test.relais.be`, password: 'x', ip: '198.51.100.7' }),
        );
      expect(await refusal(authenticate({ email: u.email, password: u.password, ip: '198.51.100.7' }))).toBe(
        'address_limited',
      );
      // Another address is not affected.
      expect(await refusal(authenticate({ email: u.email, password: u.password, ip: '198.51.100.8' }))).toBe(
        'signed-in',
      );
    } finally {
      delete process.env.RELAIS_ADDRESS_FAILURE_LIMIT;
    }
  });

  it('ends the session of an idle user and audits the end', async () => {
    const u = await makeUser({ role: 'referrer', organisation: org() });
    const t0 = new Date('2026-06-01T09:00:00Z');
    const { sessionId } = await authenticate({ email: u.email, password: u.password, ip: '192.0.2.40', now: t0 });
    expect(resolveSession({ sessionId, ip: null, now: new Date(t0.getTime() + 29 * MIN) }).actor).toBeDefined();
    expect(resolveSession({ sessionId, ip: null, now: new Date(t0.getTime() + 29 * MIN + 30 * MIN) }).refusal).toBe(
      'idle',
    );
    // Once ended, it stays ended, and later requests (another tab, a prefetch) still say why.
    expect(resolveSession({ sessionId, ip: null, now: new Date(t0.getTime() + 29 * MIN + 31 * MIN) }).refusal).toBe(
      'idle',
    );
    const ends = getDb().select().from(auditEvents).where(eq(auditEvents.action, 'auth.session_end')).all();
    expect(ends.some((e) => e.actorUserId === u.id && e.detail?.includes('idle'))).toBe(true);
  });
});
