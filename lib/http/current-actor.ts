import 'server-only';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { decode } from 'next-auth/jwt';
import type { Permission } from '../permissions';
import { can } from '../permissions';
import type { Actor } from '../server/auth/actor';
import { authSecret, sessionCookieName } from '../server/auth/auth-options';
import { auditRefusal } from '../server/auth/authorize';
import { clientIpFrom } from '../server/auth/client-ip';
import { resolveSession, type ResolvedSession } from '../server/auth/resolve-session';

async function sessionIdFromCookie(): Promise<string | null> {
  const jar = await cookies();
  const raw = jar.get(sessionCookieName())?.value;
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: authSecret() });
    return typeof token?.sid === 'string' ? token.sid : null;
  } catch {
    return null;
  }
}

export async function requestIp(): Promise<string | null> {
  const h = await headers();
  return clientIpFrom((n) => h.get(n));
}

/** The actor of this request, read from the database (never from the token alone). */
export async function currentSession(): Promise<ResolvedSession> {
  return resolveSession({ sessionId: await sessionIdFromCookie(), ip: await requestIp() });
}

export async function currentActor(): Promise<Actor | null> {
  return (await currentSession()).actor ?? null;
}

/**
 * For server actions: the actor, or null — also while a password set by an administrator has
 * not been changed yet (pages redirect to the account page; actions, reachable by a direct
 * POST, refuse). Only the password change itself uses currentActor().
 */
export async function actionActor(): Promise<Actor | null> {
  const actor = await currentActor();
  return actor && !actor.mustChangePassword ? actor : null;
}

/**
 * For pages: the signed-in actor, or a redirect to the sign-in page saying why. A user whose
 * password was set by an administrator is sent to change it first. With a permission, a user
 * without it gets the "not found" page and the refusal is audited.
 */
export async function requirePageActor(permission?: Permission): Promise<Actor> {
  const resolved = await currentSession();
  if (!resolved.actor) {
    const h = await headers();
    const from = h.get('x-relais-path') ?? '/';
    if (resolved.refusal === 'user_disabled' || resolved.refusal === 'role_changed') {
      auditRefusal(null, 'auth.request', { type: 'page', id: from.split('?')[0] ?? null }, resolved.refusal);
    }
    const params = new URLSearchParams({ callbackUrl: from });
    // A right password, the second factor not yet given: that step, then where the person was going.
    if (resolved.refusal === 'second_factor') redirect(`/signin/second-factor?${params.toString()}`);
    if (resolved.refusal !== 'none' && resolved.refusal !== 'ended') params.set('reason', resolved.refusal);
    redirect(`/signin?${params.toString()}`);
  }
  const actor = resolved.actor;
  if (actor.mustChangePassword) {
    const path = (await headers()).get('x-relais-path') ?? '';
    if (!path.startsWith('/account')) redirect('/account');
  }
  if (permission && !can(actor.role, permission)) {
    auditRefusal(actor, permission, { type: 'page', id: (await headers()).get('x-relais-path') }, 'permission');
    notFound();
  }
  return actor;
}
