import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { apiTokens, auditEvents } from '@/db/schema';
import { actorMay } from '@/lib/server/auth/authorize';
import { DomainError, NotFoundError } from '@/lib/server/errors';
import { findApiTokens } from '@/lib/server/tokens/find-api-tokens';
import { issueApiToken } from '@/lib/server/tokens/issue-api-token';
import { RateLimiter } from '@/lib/server/tokens/rate-limit';
import { resolveApiToken } from '@/lib/server/tokens/resolve-api-token';
import { revokeApiToken } from '@/lib/server/tokens/revoke-api-token';
import { bearerToken, hashToken, newTokenSecret } from '@/lib/server/tokens/token-secret';
import { scopesFor, tokenAllows } from '@/lib/tokens/scopes';
import { makeOrganisation, makeUser } from '../support/factories';

const call = (token: string | 'malformed', now?: Date) =>
  resolveApiToken({ token, ip: '192.0.2.7', method: 'GET', path: '/api/v1/checklists', now });

describe('token rules', () => {
  it('makes 256-bit tokens, kept as their SHA-256 only', () => {
    const a = newTokenSecret();
    const b = newTokenSecret();
    expect(a.token).toMatch(/^relais_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.token.startsWith(a.prefix)).toBe(true);
  });

  it('reads only a well-formed Bearer header', () => {
    const { token } = newTokenSecret();
    expect(bearerToken(null)).toBeNull();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken(`Basic ${token}`)).toBe('malformed');
    expect(bearerToken('Bearer')).toBe('malformed');
    expect(bearerToken(`Bearer ${token}x`)).toBe('malformed');
    expect(bearerToken(`Bearer ${token} ${token}`)).toBe('malformed');
  });

  it('allows a permission only through a scope and only if the organisation could hold it', () => {
    expect(tokenAllows(['checklists:write'], 'onss', 'checklist.write')).toBe(true);
    expect(tokenAllows(['checklists:read'], 'onss', 'checklist.write')).toBe(false);
    expect(tokenAllows(['checklists:write'], 'centre', 'checklist.write')).toBe(false);
    expect(tokenAllows(['users:manage'], 'centre', 'user.create')).toBe(true);
    expect(tokenAllows(['users:manage'], 'centre', 'user.reset_password')).toBe(false);
    expect(tokenAllows(['referrals:read', 'referrals:write'], 'onss', 'audit.read')).toBe(false);
    expect(scopesFor('centre')).not.toContain('checklists:write');
    expect(scopesFor('onss')).toContain('checklists:write');
  });

  it('limits calls per token per window', () => {
    const limiter = new RateLimiter(() => 3, 60_000);
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('a', t))).toEqual([null, null, null]);
    expect(limiter.take('a', t + 1000)).toBe(59);
    expect(limiter.take('b', t + 1000)).toBeNull();
    expect(limiter.take('a', t + 60_000)).toBeNull();
  });
});

describe('issuing, using and revoking a token', () => {
  it('acts as its service account within its scopes; revoked, expired and malformed answer 401, each audited', async () => {
    const organisation = makeOrganisation('onss');
    const admin = await makeUser({ role: 'admin', organisation });
    const now = new Date();
    const { id, token } = issueApiToken({
      actor: admin.actor,
      input: { name: 'Case system', scopes: ['checklists:read'], days: 30 },
      now,
    });
    const stored = getDb().select().from(apiTokens).where(eq(apiTokens.id, id)).get()!;
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const actor = call(token);
    expect('status' in actor).toBe(false);
    if ('status' in actor) return;
    expect(actor.organisationId).toBe(organisation.id);
    expect(actorMay(actor, 'checklist.read')).toBe(true);
    expect(actorMay(actor, 'checklist.write')).toBe(false);
    expect(actorMay(actor, 'user.list')).toBe(false);
    expect(findApiTokens({ actor: admin.actor })[0]?.lastUsedAt).not.toBeNull();

    expect(call(token, new Date(now.getTime() + 31 * 86_400_000))).toMatchObject({ status: 401, reason: 'expired' });
    expect(call('malformed')).toMatchObject({ status: 401, reason: 'malformed' });
    expect(call(newTokenSecret().token)).toMatchObject({ status: 401, reason: 'unknown' });

    // Another organisation's administrator cannot revoke it; its own can.
    const stranger = await makeUser({ role: 'admin', organisation: makeOrganisation('onss') });
    expect(() => revokeApiToken({ actor: stranger.actor, input: { tokenId: id } })).toThrow(NotFoundError);
    revokeApiToken({ actor: admin.actor, input: { tokenId: id } });
    expect(call(token)).toMatchObject({ status: 401, reason: 'revoked' });

    const audit = getDb()
      .select({ outcome: auditEvents.outcome, detail: auditEvents.detail })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, id))
      .all()
      .filter((a) => a.detail?.includes('"method"'));
    expect(audit.map((a) => [a.outcome, JSON.parse(a.detail!).reason ?? null])).toEqual([
      ['ok', null],
      ['refused', 'expired'],
      ['refused', 'revoked'],
    ]);
  });

  it('refuses a scope the organisation cannot use and a life over a year', async () => {
    const centreAdmin = await makeUser({ role: 'admin', organisation: makeOrganisation('centre') });
    expect(() =>
      issueApiToken({ actor: centreAdmin.actor, input: { name: 'x', scopes: ['checklists:write'], days: 30 } }),
    ).toThrow(DomainError);
    const { id } = issueApiToken({
      actor: centreAdmin.actor,
      input: { name: 'x', scopes: ['users:manage'], days: 9999 },
    });
    const row = getDb().select().from(apiTokens).where(eq(apiTokens.id, id)).get()!;
    expect(Date.parse(row.expiresAt) - Date.parse(row.createdAt)).toBe(365 * 86_400_000);
  });
});
