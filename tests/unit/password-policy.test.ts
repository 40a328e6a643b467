import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { authenticate, SignInError } from '@/lib/server/auth/authenticate';
import { changeOwnPassword } from '@/lib/server/auth/change-own-password';
import { dummyPasswordHash, verifyPassword } from '@/lib/server/auth/password';
import { passwordPolicyErrors, passwordWeakness } from '@/lib/server/auth/password-policy';
import { DomainError } from '@/lib/server/errors';
import { makeOrganisation, makeUser, userRow } from '../support/factories';

// A pass-through spy: the real argon2 verification runs, and the test can see that it did.
vi.mock('@/lib/server/auth/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/server/auth/password')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const owner = { email: 'marie.vandenberghe@police.belgium.be', name: 'Marie Vandenberghe' };

describe('password policy: what a chosen password must not be', () => {
  it('refuses each password the security probe got through, saying why', () => {
    expect(passwordWeakness('aaaaaaaaaaaa', owner)).toBe('repeated');
    expect(passwordWeakness('123456789012', owner)).toBe('sequence');
    expect(passwordWeakness('Password1234', owner)).toBe('common');
    expect(passwordWeakness('marie.vandenberghe', owner)).toBe('personal');
    expect(passwordPolicyErrors('aaaaaaaaaaaa', owner)).toEqual(['errors.passwordRepeated']);
    expect(passwordPolicyErrors('123456789012', owner)).toEqual(['errors.passwordSequence']);
    expect(passwordPolicyErrors('Password1234', owner)).toEqual(['errors.passwordCommon']);
    expect(passwordPolicyErrors('marie.vandenberghe', owner)).toEqual(['errors.passwordPersonal']);
  });

  it('finds common passwords under case, look-alike digits, separators and digits or symbols at either end', () => {
    for (const p of [
      'PASSWORD!!!!!!',
      'P@ssw0rd2026!',
      '2026motdepasse',
      'Soleil2026!!',
      'I love you 123456',
      'Relais2026!!!',
      'Wachtwoord-2026',
    ]) {
      expect(passwordWeakness(p, owner), p).toBe('common');
    }
  });

  it('finds repetitions and simple sequences, keyboards included', () => {
    for (const p of [
      'abcabcabcabc',
      '!!!!!!!!!!!!',
      'ZZZZZZZZZZZZ!',
      'passwordpassword',
      'aaaaaabbbbbb',
      'aaaaaaaaaaab',
      'xabcabcabcabc',
    ]) {
      expect(passwordWeakness(p, owner), p).toBe('repeated');
    }
    for (const p of [
      'abcdefghijkl',
      'lkjihgfedcba',
      '987654321098',
      '!!123456789012!!',
      'azertyuiopqs',
      'azertyuiop12',
      'qwertzuiopas',
      'abcdef123456',
      '1qaz2wsx3edc',
      'nbvcxwmlkjhgf',
      '01234567890ab',
    ]) {
      expect(passwordWeakness(p, owner), p).toBe('sequence');
    }
  });

  it('refuses the e-mail local part and the name, whatever the case and accents, but not parts shorter than 4', () => {
    expect(passwordWeakness('MARIE.VANDENBERGHE', owner)).toBe('personal');
    expect(passwordWeakness('vandenberghe-2026-zomer', owner)).toBe('personal');
    expect(passwordWeakness('ma chère Marie du nord', owner)).toBe('personal');
    const ann = { email: 'ann.peeters@onss.fgov.be', name: 'Ann Peëters' };
    expect(passwordWeakness('peeters on the banner', ann)).toBe('personal');
    expect(passwordWeakness('the annual fair by the canal', ann)).toBeNull();
  });

  it('accepts a passphrase, and the passwords the tests set through the application', () => {
    for (const p of [
      'une phrase de passe neuve',
      'a brand new passphrase',
      'another passphrase',
      'a new long passphrase',
      'e2e passphrase 2026',
      'Relais-demo-2026',
      'Tournesol violet au bord du canal',
    ]) {
      expect(passwordWeakness(p, owner), p).toBeNull();
    }
  });
});

describe('changing one’s own password', () => {
  const org = () => makeOrganisation('police');

  async function answer(
    p: Promise<unknown>,
  ): Promise<{ code: string; fieldErrors: Record<string, string[]> } | 'changed'> {
    try {
      await p;
      return 'changed';
    } catch (e) {
      if (e instanceof DomainError) return { code: e.code, fieldErrors: e.fieldErrors };
      throw e;
    }
  }

  it('refuses a weak new password with the reason on the field, and keeps the old one', async () => {
    const u = await makeUser({ role: 'referrer', organisation: org() });
    const hashBefore = userRow(u.id)!.passwordHash;
    const change = (newPassword: string) =>
      changeOwnPassword({
        actor: u.actor,
        input: { currentPassword: u.password, newPassword, confirmPassword: newPassword },
      });
    expect(await answer(change('Password1234'))).toEqual({
      code: 'errors.validation',
      fieldErrors: { newPassword: ['errors.passwordCommon'] },
    });
    const prefix = u.email.split('@')[0]!;
    expect(prefix.length).toBeGreaterThanOrEqual(12);
    expect(await answer(change(prefix))).toEqual({
      code: 'errors.validation',
      fieldErrors: { newPassword: ['errors.passwordPersonal'] },
    });
    expect(userRow(u.id)!.passwordHash).toBe(hashBefore);
    expect(await answer(change('une phrase de passe neuve'))).toBe('changed');
    expect(await verifyPassword(userRow(u.id)!.passwordHash, 'une phrase de passe neuve')).toBe(true);
  });

  it('locks the account after 5 wrong current passwords: the 6th attempt, with the right one, is refused as locked, and so is sign-in', async () => {
    const u = await makeUser({ role: 'referrer', organisation: org() });
    const hashBefore = userRow(u.id)!.passwordHash;
    const attempt = (currentPassword: string) =>
      answer(
        changeOwnPassword({
          actor: u.actor,
          input: { currentPassword, newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' },
        }),
      );
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await attempt(`wrong guess number ${i}`);
      codes.push(a === 'changed' ? a : (a.fieldErrors.currentPassword?.[0] ?? a.code));
    }
    expect(codes).toEqual([
      'errors.wrongCurrentPassword',
      'errors.wrongCurrentPassword',
      'errors.wrongCurrentPassword',
      'errors.wrongCurrentPassword',
      'errors.accountLocked',
    ]);

    // The right current password no longer helps, and the argon2 verification still runs (on a dummy hash).
    const verify = vi.mocked(verifyPassword);
    verify.mockClear();
    expect(await attempt(u.password)).toEqual({ code: 'errors.accountLocked', fieldErrors: {} });
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]![0]).toBe(await dummyPasswordHash());
    expect(userRow(u.id)!.passwordHash).toBe(hashBefore);

    // One lock for the account: sign-in is refused too.
    await expect(authenticate({ email: u.email, password: u.password, ip: '192.0.2.70' })).rejects.toMatchObject({
      reason: 'locked',
    });

    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, u.id)))
      .all()
      .map((e) => `${e.action}:${e.outcome}:${e.detail ?? ''}`);
    expect(
      audit.filter((a) => a === 'account.change_password:failed:{"reason":"wrong_current_password"}'),
    ).toHaveLength(5);
    expect(audit.filter((a) => a === 'account.change_password:failed:{"reason":"locked"}')).toHaveLength(1);
    expect(audit.filter((a) => a.startsWith('auth.lock:ok'))).toHaveLength(1);
  });

  it('counts wrong current passwords and wrong sign-in passwords together', async () => {
    const u = await makeUser({ role: 'referrer', organisation: org() });
    for (let i = 0; i < 3; i++) {
      await expect(authenticate({ email: u.email, password: `not it ${i}`, ip: '192.0.2.71' })).rejects.toBeInstanceOf(
        SignInError,
      );
    }
    const wrong = () =>
      answer(
        changeOwnPassword({
          actor: u.actor,
          input: {
            currentPassword: 'still not it',
            newPassword: 'a brand new passphrase',
            confirmPassword: 'a brand new passphrase',
          },
        }),
      );
    expect(await wrong()).toMatchObject({ fieldErrors: { currentPassword: ['errors.wrongCurrentPassword'] } });
    expect(await wrong()).toEqual({ code: 'errors.accountLocked', fieldErrors: {} });
    await expect(authenticate({ email: u.email, password: u.password, ip: '192.0.2.71' })).rejects.toMatchObject({
      reason: 'locked',
    });
  });
});
