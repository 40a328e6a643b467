import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { SESSION_MAX_MS } from './session-rules';
import { secondFactorSchema, signInSchema } from '../../validation/auth';
import { decode } from 'next-auth/jwt';
import { completeSecondFactor } from './complete-second-factor';
import { authenticate, SignInError } from './authenticate';
import { databasePath } from '../../../db/client';
import { endSession } from './resolve-session';
import { clientIpFrom } from './client-ip';

/**
 * The secret that signs the session cookie. NEXTAUTH_SECRET in production; otherwise one is
 * made once and kept beside the database (mode 600), so a demo needs no set-up and a restart
 * does not sign everyone out.
 */
export function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(path.dirname(databasePath()), 'auth-secret');
  const read = () => {
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length < 32)
      throw new Error(`${file} is empty or damaged: remove it (sessions will end) or set NEXTAUTH_SECRET`);
    return secret;
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole or not at all: a temporary file, flushed to disk, then linked into place
  // (link fails if another process got there first, and then its secret is the one).
  const secret = randomBytes(48).toString('base64url');
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const fd = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeSync(fd, secret);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temporary, file);
    return secret;
  } catch {
    return read();
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

export function usesSecureCookies(): boolean {
  return (process.env.NEXTAUTH_URL ?? '').startsWith('https://');
}

export function sessionCookieName(): string {
  return usesSecureCookies() ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

/** The session id the session cookie names, read from a Cookie header (next-auth's provider sees only the headers). */
export async function sessionIdFromCookieHeader(cookieHeader: string | null): Promise<string | null> {
  const name = sessionCookieName();
  const raw = (cookieHeader ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  if (!raw) return null;
  try {
    const token = await decode({ token: decodeURIComponent(raw), secret: authSecret() });
    return typeof token?.sid === 'string' ? token.sid : null;
  } catch {
    return null;
  }
}

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT ?? '3000'}`;
  options ??= {
    secret: authSecret(),
    // The cookie lives at most 12 hours; inactivity and revocation are checked against the
    // sessions table on every request (lib/server/auth/resolve-session.ts).
    session: { strategy: 'jwt', maxAge: SESSION_MAX_MS / 1000 },
    jwt: { maxAge: SESSION_MAX_MS / 1000 },
    useSecureCookies: usesSecureCookies(),
    pages: { signIn: '/signin', signOut: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Relais',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        async authorize(credentials, req) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error('input');
          try {
            const { userId, sessionId } = await authenticate({
              email: parsed.data.email,
              password: parsed.data.password,
              ip:
                clientIpFrom((name) => {
                  const v = req.headers?.[name];
                  return Array.isArray(v) ? v.join(',') : (v ?? null);
                }) ?? 'unknown',
            });
            return { id: userId, sid: sessionId };
          } catch (e) {
            if (e instanceof SignInError) throw new Error(e.reason);
            throw e;
          }
        },
      }),
      // The second step of sign-in (decision 0025): the half-way session named by the cookie
      // gives its code, recovery code or passkey's answer; on success next-auth issues the cookie
      // again, naming the full session.
      CredentialsProvider({
        id: 'second-factor',
        name: 'Relais',
        credentials: { code: { type: 'text' }, recoveryCode: { type: 'text' }, passkey: { type: 'text' } },
        async authorize(credentials, req) {
          const header = (name: string) => {
            const v = req.headers?.[name];
            return Array.isArray(v) ? v.join(',') : (v ?? null);
          };
          const parsed = secondFactorSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error('input');
          try {
            const { userId, sessionId } = await completeSecondFactor({
              sessionId: await sessionIdFromCookieHeader(header('cookie')),
              code: parsed.data.code,
              recoveryCode: parsed.data.recoveryCode,
              passkey: parsed.data.passkey,
              ip: clientIpFrom(header) ?? 'unknown',
            });
            return { id: userId, sid: sessionId };
          } catch (e) {
            if (e instanceof SignInError) throw new Error(e.reason);
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // The token carries the session id only: role, organisation and the active flag are
        // read from the database on every request.
        if (user && 'sid' in user) return { sub: user.id, sid: (user as { sid: string }).sid };
        return token;
      },
      session({ session }) {
        return { expires: session.expires };
      },
      redirect({ url, baseUrl }) {
        if (url.startsWith('/')) return `${baseUrl}${url}`;
        return new URL(url).origin === baseUrl ? url : baseUrl;
      },
    },
    events: {
      signOut({ token }) {
        const sid = typeof token?.sid === 'string' ? token.sid : null;
        if (sid) endSession({ sessionId: sid, reason: 'signed_out', ip: null });
      },
    },
    logger: {
      // next-auth logs errors with request details; keep personal data out of the logs.
      error(code) {
        console.error(`[auth] ${code}`);
      },
      warn(code) {
        console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
  return options;
}
