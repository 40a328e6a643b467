import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { verifyPassword } from '@/lib/server/auth/password';
import { authenticate } from '@/lib/server/auth/authenticate';
import { changeOwnPassword } from '@/lib/server/auth/change-own-password';
import { changeUserRole } from '@/lib/server/users/change-user-role';
import { confirmUser } from '@/lib/server/users/confirm-user';
import { createUser } from '@/lib/server/users/create-user';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { findAuditEvents } from '@/lib/server/audit/find-audit-events';
import { findUsers } from '@/lib/server/users/find-users';
import { resetUserPassword } from '@/lib/server/users/reset-user-password';
import { resolveSession } from '@/lib/server/auth/resolve-session';
import { setUserActive } from '@/lib/server/users/set-user-active';
import { makeOrganisation, makeUser, userRow } from '../support/factories';

const userCount = () => getDb().select({ n: count() }).from(users).get()!.n;
const refusals = (userId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.actorUserId, userId))
    .all()
    .filter((a) => a.outcome === 'refused');

async function setting() {
  const police = makeOrganisation('police');
  const otherPolice = makeOrganisation('police');
  const platform = makeOrganisation('coordination');
  const policeAdmin = await makeUser({ role: 'admin', organisation: police });
  const platformAdmin = await makeUser({ role: 'admin', organisation: platform });
  const officer = await makeUser({ role: 'referrer', organisation: police });
  const otherOfficer = await makeUser({ role: 'referrer', organisation: otherPolice });
  return { police, otherPolice, platform, policeAdmin, platformAdmin, officer, otherOfficer };
}

describe('administration verbs', () => {
  it('lists only the users of the administrator’s organisation; the platform sees all', async () => {
    const s = await setting();
    const listed = findUsers({ actor: s.policeAdmin.actor }).map((u) => u.id);
    expect(listed).toContain(s.officer.id);
    expect(listed).not.toContain(s.otherOfficer.id);
    expect(findUsers({ actor: s.platformAdmin.actor }).map((u) => u.id)).toEqual(
      expect.arrayContaining([s.officer.id, s.otherOfficer.id]),
    );
  });

  it('creates a user in the admin’s organisation with a one-time password that must be changed', async () => {
    const s = await setting();
    const email = `new-${Date.now()}@test.relais.be`;
    const { userId, oneTimePassword } = await createUser({
      actor: s.policeAdmin.actor,
      input: { email, name: 'Nouvel Agent', role: 'referrer', organisationId: s.police.id },
    });
    const row = userRow(userId)!;
    expect(row.organisationId).toBe(s.police.id);
    expect(row.mustChangePassword).toBe(true);
    expect(row.passwordHash).not.toContain(oneTimePassword);
    expect(await verifyPassword(row.passwordHash, oneTimePassword!)).toBe(true);
  });

  it('refuses, as "not found", an admin creating a user in another organisation — nothing written, refusal audited', async () => {
    const s = await setting();
    const before = userCount();
    await expect(
      createUser({
        actor: s.policeAdmin.actor,
        input: {
          email: `x-${Date.now()}@test.relais.be`,
          name: 'X',
          role: 'referrer',
          organisationId: s.otherPolice.id,
        },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(userCount()).toBe(before);
    expect(refusals(s.policeAdmin.id).map((r) => r.action)).toContain('user.create');
  });

  it('lets a platform admin create users anywhere, with a role that fits the organisation', async () => {
    const s = await setting();
    const centre = makeOrganisation('centre');
    await expect(
      createUser({
        actor: s.platformAdmin.actor,
        input: { email: `c-${Date.now()}@test.relais.be`, name: 'C', role: 'centre_staff', organisationId: centre.id },
      }),
    ).resolves.toBeDefined();
    const before = userCount();
    const attempt = createUser({
      actor: s.platformAdmin.actor,
      input: { email: `d-${Date.now()}@test.relais.be`, name: 'D', role: 'referrer', organisationId: centre.id },
    });
    await expect(attempt).rejects.toMatchObject({ fieldErrors: { role: ['errors.roleNotForOrganisation'] } });
    expect(userCount()).toBe(before);
  });

  it('refuses a duplicate e-mail, naming the field', async () => {
    const s = await setting();
    const before = userCount();
    await expect(
      createUser({
        actor: s.policeAdmin.actor,
        input: { email: s.officer.email, name: 'Dup', role: 'referrer', organisationId: s.police.id },
      }),
    ).rejects.toMatchObject({ fieldErrors: { email: ['errors.emailTaken'] } });
    expect(userCount()).toBe(before);
  });

  it('refuses every administration verb to a referrer, and changes nothing', async () => {
    const s = await setting();
    const before = userCount();
    const rowBefore = userRow(s.otherOfficer.id);
    await expect(
      createUser({
        actor: s.officer.actor,
        input: { email: `r-${Date.now()}@test.relais.be`, name: 'R', role: 'referrer', organisationId: s.police.id },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(() => setUserActive({ actor: s.officer.actor, userId: s.otherOfficer.id, active: false })).toThrow(
      NotFoundError,
    );
    await expect(resetUserPassword({ actor: s.officer.actor, userId: s.otherOfficer.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(() => changeUserRole({ actor: s.officer.actor, userId: s.otherOfficer.id, role: 'admin' })).toThrow(
      NotFoundError,
    );
    expect(() => confirmUser({ actor: s.officer.actor, userId: s.otherOfficer.id })).toThrow(NotFoundError);
    expect(() => findUsers({ actor: s.officer.actor })).toThrow(NotFoundError);
    expect(() => findAuditEvents({ actor: s.officer.actor })).toThrow(NotFoundError);
    expect(userCount()).toBe(before);
    expect(userRow(s.otherOfficer.id)).toEqual(rowBefore);
    expect(refusals(s.officer.id).length).toBeGreaterThanOrEqual(7);
  });

  it('treats a user of another organisation as not found for disable, reset and role change', async () => {
    const s = await setting();
    const rowBefore = userRow(s.otherOfficer.id);
    expect(() => setUserActive({ actor: s.policeAdmin.actor, userId: s.otherOfficer.id, active: false })).toThrow(
      NotFoundError,
    );
    await expect(resetUserPassword({ actor: s.policeAdmin.actor, userId: s.otherOfficer.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(() => changeUserRole({ actor: s.policeAdmin.actor, userId: s.otherOfficer.id, role: 'admin' })).toThrow(
      NotFoundError,
    );
    expect(userRow(s.otherOfficer.id)).toEqual(rowBefore);
  });

  it('ends the sessions of a disabled user at once, and lets a re-enabled user sign in again', async () => {
    const s = await setting();
    const { sessionId } = await authenticate({
      email: s.officer.email,
      password: s.officer.password,
      ip: '192.0.2.50',
    });
    setUserActive({ actor: s.policeAdmin.actor, userId: s.officer.id, active: false });
    expect(resolveSession({ sessionId, ip: null }).actor).toBeUndefined();
    setUserActive({ actor: s.policeAdmin.actor, userId: s.officer.id, active: true });
    expect(resolveSession({ sessionId, ip: null }).actor).toBeUndefined(); // the old session stays ended
    await expect(
      authenticate({ email: s.officer.email, password: s.officer.password, ip: '192.0.2.50' }),
    ).resolves.toBeDefined();
  });

  it('does not let an administrator disable themself', async () => {
    const s = await setting();
    expect(() => setUserActive({ actor: s.policeAdmin.actor, userId: s.policeAdmin.id, active: false })).toThrow(
      DomainError,
    );
    expect(userRow(s.policeAdmin.id)!.active).toBe(true);
  });

  it('resets a password: the old one stops working, the new one works once changed', async () => {
    const s = await setting();
    const { oneTimePassword } = await resetUserPassword({ actor: s.policeAdmin.actor, userId: s.officer.id });
    await expect(
      authenticate({ email: s.officer.email, password: s.officer.password, ip: '192.0.2.51' }),
    ).rejects.toThrow();
    const { sessionId } = await authenticate({ email: s.officer.email, password: oneTimePassword, ip: '192.0.2.51' });
    const actor = resolveSession({ sessionId, ip: null }).actor!;
    expect(actor.mustChangePassword).toBe(true);
    await changeOwnPassword({
      actor,
      input: {
        currentPassword: oneTimePassword,
        newPassword: 'a brand new passphrase',
        confirmPassword: 'a brand new passphrase',
      },
    });
    expect(userRow(s.officer.id)!.mustChangePassword).toBe(false);
    expect(resolveSession({ sessionId, ip: null }).actor).toBeDefined(); // this session goes on
  });

  it('refuses a password change with a wrong current password, naming the field', async () => {
    const s = await setting();
    const hashBefore = userRow(s.officer.id)!.passwordHash;
    await expect(
      changeOwnPassword({
        actor: s.officer.actor,
        input: {
          currentPassword: 'not the password',
          newPassword: 'another passphrase',
          confirmPassword: 'another passphrase',
        },
      }),
    ).rejects.toMatchObject({ fieldErrors: { currentPassword: ['errors.wrongCurrentPassword'] } });
    expect(userRow(s.officer.id)!.passwordHash).toBe(hashBefore);
  });

  it('changes a role within what the organisation allows and ends the user’s sessions', async () => {
    const s = await setting();
    const { sessionId } = await authenticate({
      email: s.officer.email,
      password: s.officer.password,
      ip: '192.0.2.52',
    });
    expect(() => changeUserRole({ actor: s.policeAdmin.actor, userId: s.officer.id, role: 'coordinator' })).toThrow(
      DomainError,
    );
    expect(userRow(s.officer.id)!.role).toBe('referrer');
    changeUserRole({ actor: s.policeAdmin.actor, userId: s.officer.id, role: 'admin' });
    expect(userRow(s.officer.id)!.role).toBe('admin');
    expect(resolveSession({ sessionId, ip: null }).actor).toBeUndefined();
  });

  it('shows an organisation’s administrator the sign-in events of their organisation only', async () => {
    const s = await setting();
    await authenticate({ email: s.officer.email, password: s.officer.password, ip: '192.0.2.53' });
    await authenticate({ email: s.otherOfficer.email, password: s.otherOfficer.password, ip: '192.0.2.53' });
    const { events } = findAuditEvents({ actor: s.policeAdmin.actor, filters: { category: 'auth' } });
    expect(events.some((e) => e.userEmail === s.officer.email && e.action === 'auth.sign_in')).toBe(true);
    expect(events.some((e) => e.userEmail === s.otherOfficer.email)).toBe(false);
    expect(events.every((e) => e.action.startsWith('auth.'))).toBe(true);
  });
});
