import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, sessions } from '@/db/schema';
import { authenticate, SignInError } from '@/lib/server/auth/authenticate';
import { changeOwnPassword } from '@/lib/server/auth/change-own-password';
import { resolveSession } from '@/lib/server/auth/resolve-session';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { findAuditEvents } from '@/lib/server/audit/find-audit-events';
import { confirmUser } from '@/lib/server/users/confirm-user';
import { createUser } from '@/lib/server/users/create-user';
import { findUsers } from '@/lib/server/users/find-users';
import { resetUserPassword } from '@/lib/server/users/reset-user-password';
import type { Role } from '@/lib/roles';
import { makeOrganisation, makeUser, userRow, type TestOrganisation } from '../support/factories';

/**
 * Decision 0018: an account whose password an administrator chose, and whose role reads persons'
 * records (or administers), cannot sign in until a second administrator of its own organisation
 * confirms it — so an administrator cannot quietly become a referrer or a centre's staff.
 */

let n = 0;
const email = () => `set-by-admin-${Date.now().toString(36)}-${n++}@test.relais.be`;
const ip = () => `192.0.2.${100 + (n++ % 100)}`;

async function signIn(address: string, password: string): Promise<string> {
  try {
    const { sessionId } = await authenticate({ email: address, password, ip: ip() });
    return sessionId;
  } catch (e) {
    if (e instanceof SignInError) return `refused:${e.reason}`;
    throw e;
  }
}

function auditRows(where: { action: string; targetId?: string; actorUserId?: string }) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, where.action),
        where.targetId ? eq(auditEvents.targetId, where.targetId) : undefined,
        where.actorUserId ? eq(auditEvents.actorUserId, where.actorUserId) : undefined,
      ),
    )
    .all()
    .map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
}

async function create(actor: Awaited<ReturnType<typeof makeUser>>, organisation: TestOrganisation, role: Role) {
  const address = email();
  const created = await createUser({
    actor: actor.actor,
    input: { email: address, name: 'Compte Neuf', role, organisationId: organisation.id },
  });
  // A password account always has its one-time password (only single sign-on accounts have none).
  return { ...created, oneTimePassword: created.oneTimePassword!, email: address };
}

/** A centre with its own administrator, and the platform administrator (of a coordination organisation). */
async function setting() {
  const centre = makeOrganisation('centre');
  const centreAdmin = await makeUser({ role: 'admin', organisation: centre });
  const platform = makeOrganisation('coordination');
  const platformAdmin = await makeUser({ role: 'admin', organisation: platform });
  return { centre, centreAdmin, platform, platformAdmin };
}

describe('accounts whose password an administrator set', () => {
  it('keeps a centre account created by the platform administrator from signing in until the centre’s administrator confirms it', async () => {
    const s = await setting();
    const account = await create(s.platformAdmin, s.centre, 'centre_staff');
    expect(account.confirmation).toBe('pending');
    expect(userRow(account.userId)).toMatchObject({
      pendingConfirmation: true,
      passwordSetBy: s.platformAdmin.id,
      confirmedBy: null,
      active: true,
    });

    // The right one-time password, and still no session: the probe's path is closed.
    expect(await signIn(account.email, account.oneTimePassword)).toBe('refused:awaiting_confirmation');
    expect(getDb().select().from(sessions).where(eq(sessions.userId, account.userId)).all()).toEqual([]);
    const refusedSignIn = auditRows({ action: 'auth.sign_in', actorUserId: account.userId });
    expect(refusedSignIn.map((r) => [r.outcome, r.detail])).toEqual([
      ['failed', { reason: 'awaiting_confirmation', setBy: s.platformAdmin.id }],
    ]);
    // A wrong password is still just "invalid": only the password's holder learns the account waits.
    expect(await signIn(account.email, 'not the one-time password')).toBe('refused:invalid');

    const creation = auditRows({ action: 'user.create', targetId: account.userId });
    expect(creation.map((r) => [r.actorUserId, r.detail?.confirmation])).toEqual([[s.platformAdmin.id, 'pending']]);

    // The centre's administrator sees who set the password, and may confirm; the platform administrator may not.
    const seenByCentre = findUsers({ actor: s.centreAdmin.actor }).find((u) => u.id === account.userId)!;
    expect(seenByCentre).toMatchObject({
      pendingConfirmation: true,
      confirmable: true,
      passwordSetBy: { name: s.platformAdmin.name },
    });
    expect(findUsers({ actor: s.platformAdmin.actor }).find((u) => u.id === account.userId)).toMatchObject({
      pendingConfirmation: true,
      confirmable: false,
    });

    confirmUser({ actor: s.centreAdmin.actor, userId: account.userId });
    expect(userRow(account.userId)).toMatchObject({ pendingConfirmation: false, confirmedBy: s.centreAdmin.id });
    expect(
      auditRows({ action: 'user.confirm', targetId: account.userId }).map((r) => [r.outcome, r.actorUserId, r.detail]),
    ).toEqual([['ok', s.centreAdmin.id, { setBy: s.platformAdmin.id, wasPending: true }]]);

    const sessionId = await signIn(account.email, account.oneTimePassword);
    expect(sessionId).not.toMatch(/^refused/);
    // Signed in with the administrator's password: the entry names who set it.
    const signIns = auditRows({ action: 'auth.sign_in', actorUserId: account.userId }).filter(
      (r) => r.outcome === 'ok',
    );
    expect(signIns.map((r) => r.detail)).toEqual([{ setBy: s.platformAdmin.id }]);

    // Once the holder chose their own password on a confirmed account, sign-ins are theirs alone.
    const actor = resolveSession({ sessionId, ip: null }).actor!;
    await changeOwnPassword({
      actor,
      input: {
        currentPassword: account.oneTimePassword,
        newPassword: 'ma propre phrase secrète',
        confirmPassword: 'ma propre phrase secrète',
      },
    });
    expect(await signIn(account.email, 'ma propre phrase secrète')).not.toMatch(/^refused/);
    expect(
      auditRows({ action: 'auth.sign_in', actorUserId: account.userId })
        .filter((r) => r.outcome === 'ok')
        .map((r) => r.detail),
    ).toEqual([{ setBy: s.platformAdmin.id }, null]);

    // What the account then does is found by its e-mail in the centre administrator's log.
    const { events } = findAuditEvents({ actor: s.centreAdmin.actor, filters: { user: account.email } });
    expect(events.filter((e) => e.action === 'auth.sign_in').map((e) => e.outcome)).toEqual([
      'ok',
      'ok',
      'failed',
      'failed',
    ]);
  });

  it('does not let the administrator who set the password confirm it, nor a platform administrator of another organisation', async () => {
    const s = await setting();
    const secondCentreAdmin = await makeUser({ role: 'admin', organisation: s.centre });
    // Within the organisation: the centre's own administrator creates, the other must confirm.
    const account = await create(s.centreAdmin, s.centre, 'centre_staff');
    expect(account.confirmation).toBe('pending');
    expect(() => confirmUser({ actor: s.centreAdmin.actor, userId: account.userId })).toThrow(DomainError);
    expect(() => confirmUser({ actor: s.centreAdmin.actor, userId: account.userId })).not.toThrow(NotFoundError);
    expect(findUsers({ actor: s.centreAdmin.actor }).find((u) => u.id === account.userId)!.confirmable).toBe(false);

    // Across organisations, the platform's administrator is refused as for a record out of reach.
    const fromPlatform = await create(s.platformAdmin, s.centre, 'centre_staff');
    expect(() => confirmUser({ actor: s.platformAdmin.actor, userId: fromPlatform.userId })).toThrow(NotFoundError);

    expect(userRow(account.userId)).toMatchObject({ pendingConfirmation: true, confirmedBy: null });
    expect(userRow(fromPlatform.userId)).toMatchObject({ pendingConfirmation: true, confirmedBy: null });
    const refusals = auditRows({ action: 'user.confirm' }).filter((r) => r.outcome === 'refused');
    expect(refusals.filter((r) => r.targetId === account.userId).map((r) => [r.actorUserId, r.detail?.reason])).toEqual(
      [
        [s.centreAdmin.id, 'password_set_by_actor'],
        [s.centreAdmin.id, 'password_set_by_actor'],
      ],
    );
    expect(
      refusals.filter((r) => r.targetId === fromPlatform.userId).map((r) => [r.actorUserId, r.detail?.reason]),
    ).toEqual([[s.platformAdmin.id, 'scope']]);
    expect(await signIn(account.email, account.oneTimePassword)).toBe('refused:awaiting_confirmation');

    confirmUser({ actor: secondCentreAdmin.actor, userId: account.userId });
    expect(await signIn(account.email, account.oneTimePassword)).not.toMatch(/^refused/);
  });

  it('puts a confirmed account back to waiting when an administrator resets its password, ending its sessions', async () => {
    const s = await setting();
    const staff = await makeUser({ role: 'centre_staff', organisation: s.centre });
    const before = await signIn(staff.email, staff.password);
    expect(resolveSession({ sessionId: before, ip: null }).actor).toBeDefined();

    const { oneTimePassword, confirmation } = await resetUserPassword({
      actor: s.platformAdmin.actor,
      userId: staff.id,
    });
    expect(confirmation).toBe('pending');
    expect(resolveSession({ sessionId: before, ip: null }).actor).toBeUndefined();
    expect(userRow(staff.id)).toMatchObject({ pendingConfirmation: true, passwordSetBy: s.platformAdmin.id });
    expect(auditRows({ action: 'user.reset_password', targetId: staff.id }).map((r) => r.detail)).toEqual([
      { confirmation: 'pending' },
    ]);
    expect(await signIn(staff.email, oneTimePassword)).toBe('refused:awaiting_confirmation');
    expect(await signIn(staff.email, staff.password)).toBe('refused:invalid');

    confirmUser({ actor: s.centreAdmin.actor, userId: staff.id });
    expect(await signIn(staff.email, oneTimePassword)).not.toMatch(/^refused/);

    // A second reset drops the earlier confirmation.
    const again = await resetUserPassword({ actor: s.platformAdmin.actor, userId: staff.id });
    expect(userRow(staff.id)).toMatchObject({ pendingConfirmation: true, confirmedBy: null, confirmedAt: null });
    expect(await signIn(staff.email, again.oneTimePassword)).toBe('refused:awaiting_confirmation');
  });

  it('lets an organisation whose only administrator creates an account use it at once, flagged in the audit and the list', async () => {
    const police = makeOrganisation('police');
    const onlyAdmin = await makeUser({ role: 'admin', organisation: police });
    const account = await create(onlyAdmin, police, 'referrer');
    expect(account.confirmation).toBe('none_available');
    expect(userRow(account.userId)).toMatchObject({
      pendingConfirmation: false,
      passwordSetBy: onlyAdmin.id,
      confirmedBy: null,
    });
    expect(auditRows({ action: 'user.create', targetId: account.userId }).map((r) => r.detail)).toEqual([
      { role: 'referrer', organisationId: police.id, confirmation: 'none_available' },
    ]);
    expect(findUsers({ actor: onlyAdmin.actor }).find((u) => u.id === account.userId)).toMatchObject({
      pendingConfirmation: false,
      unconfirmed: true,
      confirmable: false,
      passwordSetBy: { name: onlyAdmin.name },
      confirmedBy: null,
    });
    expect(await signIn(account.email, account.oneTimePassword)).not.toMatch(/^refused/);
    expect(auditRows({ action: 'auth.sign_in', actorUserId: account.userId }).map((r) => r.detail)).toEqual([
      { setBy: onlyAdmin.id },
    ]);

    // A second administrator who joins later may confirm the flagged account.
    const laterAdmin = await makeUser({ role: 'admin', organisation: police });
    confirmUser({ actor: laterAdmin.actor, userId: account.userId });
    expect(findUsers({ actor: onlyAdmin.actor }).find((u) => u.id === account.userId)).toMatchObject({
      unconfirmed: false,
      confirmedBy: { name: laterAdmin.name },
    });
  });

  it('bootstraps an organisation with no administrator at once, but makes a new administrator of an organisation that has one wait', async () => {
    const s = await setting();
    const empty = makeOrganisation('centre');
    const bootstrap = await create(s.platformAdmin, empty, 'admin');
    expect(bootstrap.confirmation).toBe('none_available');
    expect(await signIn(bootstrap.email, bootstrap.oneTimePassword)).not.toMatch(/^refused/);

    // Otherwise the platform administrator could make an administrator of the centre and confirm through it.
    const extraAdmin = await create(s.platformAdmin, s.centre, 'admin');
    expect(extraAdmin.confirmation).toBe('pending');
    expect(await signIn(extraAdmin.email, extraAdmin.oneTimePassword)).toBe('refused:awaiting_confirmation');

    // A coordinator reads no person's record and confirms no one: nothing to wait for.
    const coordinator = await create(s.platformAdmin, s.platform, 'coordinator');
    expect(coordinator.confirmation).toBe('not_needed');
  });

  it('does not count an administrator still holding a password the same administrator chose as a second person', async () => {
    const s = await setting();
    const empty = makeOrganisation('centre');
    const bootstrap = await create(s.platformAdmin, empty, 'admin');
    // While the platform administrator knows the bootstrap administrator's password, it vouches for nothing.
    const first = await create(s.platformAdmin, empty, 'centre_staff');
    expect(first.confirmation).toBe('none_available');
    // Once its holder has chosen their own password, it is the centre's administrator.
    const sessionId = await signIn(bootstrap.email, bootstrap.oneTimePassword);
    const bootstrapActor = resolveSession({ sessionId, ip: '192.0.2.99' }).actor!;
    await changeOwnPassword({
      actor: bootstrapActor,
      input: {
        currentPassword: bootstrap.oneTimePassword,
        newPassword: 'une phrase bien à moi',
        confirmPassword: 'une phrase bien à moi',
      },
    });
    const second = await create(s.platformAdmin, empty, 'centre_staff');
    expect(second.confirmation).toBe('pending');
    confirmUser({ actor: { ...bootstrapActor, mustChangePassword: false }, userId: second.userId });
    expect(await signIn(second.email, second.oneTimePassword)).not.toMatch(/^refused/);

    // An administrator the platform administrator reset, and who has not yet chosen a new
    // password, cannot confirm what the platform administrator set either.
    const third = await create(s.platformAdmin, s.centre, 'centre_staff');
    await resetUserPassword({ actor: s.platformAdmin.actor, userId: s.centreAdmin.id });
    expect(() => confirmUser({ actor: s.centreAdmin.actor, userId: third.userId })).toThrow(DomainError);
    expect(
      auditRows({ action: 'user.confirm', targetId: third.userId }).map((r) => [r.outcome, r.detail?.reason]),
    ).toEqual([['refused', 'not_independent']]);
    expect(userRow(third.userId)!.pendingConfirmation).toBe(true);
  });
});
