import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { VALID_ADULT_ANSWERS } from '../support/answers';
import { makeUser } from '../support/factories';
import { hashToken } from '../../lib/server/tokens/token-secret';
import type { OrganisationKind } from '../../lib/roles';
import type { TokenScope } from '../../lib/tokens/scopes';
import { HttpClient } from './http-client';
import { db, scalar } from './support';
import { makeToken, tokenUses } from './tokens';

/**
 * The access matrix (docs/domain/access.md). Every page, route handler and server action is
 * found in the code — pages and route handlers by walking app/, server actions in the build's
 * server-reference manifest — so a new one cannot escape: it fails this test until it has a
 * line in EXPECTED. Each is tried as every kind of actor, with ids of records that exist but
 * belong to another organisation. A refusal must answer like a missing record (404, or the
 * sign-in page for nobody signed in), change nothing in the database, and be in the audit log;
 * it must hold with an `x-middleware-subrequest` header too. Server actions are posted directly
 * with their action id, without and with an Origin header; a foreign Origin never runs one.
 * The matrix is printed, and must equal the table in docs/security.md (UPDATE_SECURITY_DOC=1
 * rewrites it).
 */

const ACTORS = [
  'anonymous',
  'referrer',
  'referrerOther',
  'centre',
  'centreOther',
  'coordinator',
  'admin',
  'adminOther',
  'platformAdmin',
  'disabled',
  'pending',
  'halfway',
] as const;
type ActorName = (typeof ACTORS)[number];
/**
 * Actors who never hold a usable session: nobody, a disabled user, an account awaiting
 * confirmation (decision 0018), a user who gave the right password and not yet the second
 * factor (decision 0025).
 */
const UNSIGNED: ActorName[] = ['anonymous', 'disabled', 'pending', 'halfway'];
const SIGNED: ActorName[] = [
  'referrer',
  'referrerOther',
  'centre',
  'centreOther',
  'coordinator',
  'admin',
  'adminOther',
  'platformAdmin',
];
const ADMINS: ActorName[] = ['admin', 'adminOther', 'platformAdmin'];
const IMPORTERS: ActorName[] = ['coordinator', ...ADMINS];
const REFERRERS: ActorName[] = ['referrer', 'referrerOther'];
const CENTRES: ActorName[] = ['centre', 'centreOther'];

/** Organisations of the matrix (no other test uses the two police ones). */
const ORG = {
  own: 'police-liege',
  other: 'police-djsoc-teh',
  centre: 'surya',
  centreOther: 'payoke',
  coordination: 'spc',
};

/**
 * API tokens as actors (decision 0026): each sends `Authorization: Bearer` and no cookie. Issued
 * by their organisation's administrator through the page's action — police Liège's, whose
 * records the fixture holds, so that a token's scope is all that stands between it and them —
 * one scope each; a token whose scopes open nothing for a police service (the page refuses to
 * issue it: made in the database); a centre's and the coordination's; a revoked one, an expired
 * one (expiry moved into the past in the database), and a bearer that is no token at all.
 */
interface TokenSpec {
  org: keyof typeof ORG;
  scopes: TokenScope[];
  state?: 'revoked' | 'expired' | 'malformed';
}
const TOKENS = {
  'police checklists:read': { org: 'own', scopes: ['checklists:read'] },
  'police checklists:write': { org: 'own', scopes: ['checklists:write'] },
  'police referrals:read': { org: 'own', scopes: ['referrals:read'] },
  'police referrals:write': { org: 'own', scopes: ['referrals:write'] },
  'police users:manage': { org: 'own', scopes: ['users:manage'] },
  'police no usable scope': { org: 'own', scopes: ['centre-requests:write', 'statistics:read'] },
  'Sürya centre-requests:write': { org: 'centre', scopes: ['centre-requests:write'] },
  'Sürya referrals:write': { org: 'centre', scopes: ['referrals:write'] },
  'SPC statistics:read': { org: 'coordination', scopes: ['statistics:read'] },
  'police revoked': { org: 'own', scopes: ['checklists:write', 'referrals:write', 'users:manage'], state: 'revoked' },
  'police expired': { org: 'own', scopes: ['checklists:write', 'referrals:write', 'users:manage'], state: 'expired' },
  malformed: { org: 'own', scopes: [], state: 'malformed' },
} satisfies Record<string, TokenSpec>;
type TokenName = keyof typeof TOKENS;
const TOKEN_NAMES = Object.keys(TOKENS) as TokenName[];
const isToken = (a: string): a is TokenName => Object.hasOwn(TOKENS, a);
/** The people of a token's organisation among the actors: a token reaches a route's records only where one of them does. */
const MEMBERS: Partial<Record<keyof typeof ORG, ActorName[]>> = {
  own: ['referrer', 'admin'],
  centre: ['centre'],
  coordination: ['coordinator', 'platformAdmin'],
};
/** Pages, server actions and other routes read no bearer: two valid tokens show that they get what nobody signed in gets. */
const TOKENS_OFF_API: TokenName[] = ['police checklists:write', 'police users:manage'];
const isTokenRoute = (key: string) => /^[A-Z]+ \/api\/v1\//.test(key);
/** Scope sets of the API lines of EXPECTED. */
const CHECKLISTS_READ: TokenScope[] = ['checklists:read', 'checklists:write'];
const REFERRALS_READ: TokenScope[] = ['referrals:read', 'referrals:write'];

interface Fixture {
  draft: string;
  completed: string;
  forCorrection: string;
  referral: string;
  investigation: string;
  targetUser: string;
  surya: string;
  userIds: string[];
}

type Kind = 'page' | 'api' | 'action';
interface Expectation {
  allowed: readonly ActorName[];
  /**
   * For a route of /api/v1: the token scopes that open it ([] or absent: none). A token is then
   * expected to be allowed when it holds one of them and a person of its organisation is allowed
   * (the records are that organisation's); a revoked, expired or malformed one never. Every other
   * line needs nothing: a token there is expected to get what `anonymous` gets.
   */
  scopes?: readonly TokenScope[];
  /** The request to send; for actions, the form fields (sent as the browser's React client does). */
  request?: (
    f: Fixture,
    actor: ActorName | TokenName,
  ) => {
    method?: string;
    path?: string;
    json?: unknown;
    csv?: string;
    fields?: Record<string, string>;
    args?: unknown[];
    /** For an action: the page to post it to, when the one found in the build has a dynamic segment (after a revalidation Next.js renders that page, and `/x/[id]` is "not found"). */
    page?: string;
  };
}

const current = (code: string) =>
  db()
    .prepare(
      'SELECT c.places_free AS placesFree, c.ambulatory_open AS open FROM centre_capacity c JOIN organisations o ON o.id = c.centre_id WHERE o.code = ?',
    )
    .get(code) as { placesFree: number; open: number } | undefined;
/** A capacity write that leaves an allowed centre's capacity as it was (other tests read it), and changes a refused one's. */
const capacityFor = (actor: ActorName | TokenName, own: (ActorName | TokenName)[] = ['centre']) => {
  const code = actor === 'centreOther' ? ORG.centreOther : ORG.centre;
  const c = current(code) ?? { placesFree: 3, open: 1 };
  return own.includes(actor)
    ? { placesFree: c.placesFree, open: c.open === 1 }
    : { placesFree: c.placesFree + 7, open: c.open !== 1 };
};
const YEAR = new Date().getFullYear();
const PREV = { status: 'idle', fieldErrors: {}, values: {} };

/** What each actor may reach (docs/domain/access.md). Keys: "page <path>", "<METHOD> <path>", "action <name>". */
const EXPECTED: Record<string, Expectation> = {
  'page /': { allowed: SIGNED },
  // Half-way through the second factor, the sign-in page sends on to the second step.
  'page /signin': { allowed: ACTORS.filter((a) => a !== 'halfway') },
  // Signed-in users are sent on to their home page; only a half-way session gets the form.
  'page /signin/second-factor': { allowed: [...SIGNED, 'halfway'] },
  'page /account/second-factor': { allowed: SIGNED },
  'page /admin/tokens': { allowed: ADMINS },
  'page /admin/second-factor': { allowed: ['platformAdmin'] },
  // Single sign-on per organisation (decision 0032): the platform's administrators only.
  'page /admin/single-sign-on': { allowed: ['platformAdmin'] },
  'GET /healthz': { allowed: ACTORS },
  // The service worker's script: a static file that names no one (decision 0033).
  'GET /serwist/[path]': { allowed: ACTORS, request: () => ({ path: '/serwist/sw.js' }) },
  // The users API manages the caller's own organisation (decision 0026); the platform's
  // administrator has no referrer to create in the coordination platform (422, reached).
  'GET /api/v1/users': { allowed: ADMINS, scopes: ['users:manage'] },
  'POST /api/v1/users': {
    allowed: ADMINS,
    scopes: ['users:manage'],
    request: () => ({
      json: { email: `matrix-api-${randomUUID().slice(0, 8)}@test.relais.be`, name: 'Matrix Api', role: 'referrer' },
    }),
  },
  'PATCH /api/v1/users/[id]': {
    allowed: ['admin'],
    scopes: ['users:manage'],
    request: (f) => ({ path: `/api/v1/users/${f.targetUser}`, json: { active: true } }),
  },
  'page /account': { allowed: SIGNED },
  'page /admin/audit': { allowed: ADMINS },
  'page /admin/users': { allowed: ADMINS },
  'page /admin/users/new': { allowed: ADMINS },
  'page /admin/settings': { allowed: ['platformAdmin'] },
  'page /admin/mail': { allowed: ADMINS },
  'page /admin/replication': { allowed: ['platformAdmin'] },
  'page /checklists': { allowed: REFERRERS },
  // An empty form: nothing is stored before the first answer (decision 0023).
  'page /checklists/new': { allowed: REFERRERS, request: () => ({ path: `/checklists/new?key=${randomUUID()}` }) },
  // The form the service worker keeps for filling a check-list without a line (decision 0033).
  'page /checklists/offline': { allowed: REFERRERS },
  'page /checklists/[id]': { allowed: ['referrer'], request: (f) => ({ path: `/checklists/${f.completed}` }) },
  'page /checklists/[id]/history': {
    allowed: ['referrer'],
    request: (f) => ({ path: `/checklists/${f.completed}/history` }),
  },
  'page /checklists/[id]/print': {
    allowed: ['referrer'],
    request: (f) => ({ path: `/checklists/${f.completed}/print` }),
  },
  'page /import': { allowed: [...IMPORTERS, ...CENTRES] },
  'GET /import/example.csv': { allowed: IMPORTERS },
  'GET /import/centres-example.csv': { allowed: ['coordinator', ...CENTRES] },
  'page /inbox': { allowed: CENTRES },
  'page /inbox/new-request': { allowed: CENTRES },
  'page /investigations': { allowed: REFERRERS },
  'page /investigations/[id]': {
    allowed: ['referrer'],
    request: (f) => ({ path: `/investigations/${f.investigation}` }),
  },
  'page /notifications': { allowed: [...REFERRERS, ...CENTRES] },
  'page /referrals': { allowed: REFERRERS },
  'page /referrals/[id]': { allowed: ['referrer', 'centre'], request: (f) => ({ path: `/referrals/${f.referral}` }) },
  'page /dashboard': { allowed: ['coordinator'] },
  'page /statistics': { allowed: ['coordinator'] },
  'GET /api/auth/[...nextauth]': { allowed: ACTORS, request: () => ({ path: '/api/auth/session' }) },
  'POST /api/auth/[...nextauth]': { allowed: ACTORS, request: () => ({ path: '/api/auth/_log', json: {} }) },
  'GET /api/v1/checklists': { allowed: REFERRERS, scopes: CHECKLISTS_READ },
  'POST /api/v1/checklists': {
    allowed: REFERRERS,
    scopes: ['checklists:write'],
    request: () => ({ json: { answers: { 'vic.sex': 'f' } } }),
  },
  'POST /api/v1/checklists/submissions': {
    allowed: REFERRERS,
    scopes: ['checklists:write'],
    request: () => ({ json: { clientId: randomUUID(), idempotencyKey: randomUUID(), answers: VALID_ADULT_ANSWERS } }),
  },
  'GET /api/v1/checklists/[id]': {
    allowed: ['referrer'],
    scopes: CHECKLISTS_READ,
    request: (f) => ({ path: `/api/v1/checklists/${f.completed}` }),
  },
  'PATCH /api/v1/checklists/[id]': {
    allowed: ['referrer'],
    scopes: ['checklists:write'],
    request: (f) => ({ path: `/api/v1/checklists/${f.draft}`, json: { answers: { 'vic.sex': 'x' } } }),
  },
  'POST /api/v1/checklists/[id]/complete': {
    allowed: ['referrer'],
    scopes: ['checklists:write'],
    request: (f) => ({ path: `/api/v1/checklists/${f.draft}/complete`, json: {} }),
  },
  'POST /api/v1/checklists/import': {
    allowed: IMPORTERS,
    // No scope opens an import (decision 0026): a token never loads a file.
    scopes: [],
    // A file with one error: an allowed importer gets 422 and nothing is imported either way.
    request: () => ({ csv: `organisation,completed_on,ctx.region\n${ORG.own},2014-01-01,nowhere\n` }),
  },
  'POST /api/v1/centre-requests/import': {
    allowed: ['coordinator', ...CENTRES],
    scopes: [],
    // A file with one error: an allowed importer gets 422 and nothing is imported either way.
    request: () => ({
      csv: `centre,received_on,source,sex,nationality,forms\n${ORG.centre},2014-01-01,nowhere,f,RO,sexual\n`,
    }),
  },
  'GET /api/v1/referrals': { allowed: [...REFERRERS, ...CENTRES], scopes: REFERRALS_READ },
  'POST /api/v1/referrals': {
    allowed: ['referrer'],
    scopes: ['referrals:write'],
    request: (f) => ({ json: { checklistId: f.completed, centre: 'surya' } }),
  },
  'GET /api/v1/referrals/[id]': {
    allowed: ['referrer', 'centre'],
    scopes: REFERRALS_READ,
    request: (f) => ({ path: `/api/v1/referrals/${f.referral}` }),
  },
  'POST /api/v1/referrals/[id]/transitions': {
    allowed: ['referrer', 'centre'],
    scopes: ['referrals:write'],
    request: (f) => ({
      path: `/api/v1/referrals/${f.referral}/transitions`,
      json: { to: 'acknowledged', expectedVersion: 1, note: 'matrix' },
    }),
  },
  'PUT /api/v1/centres/[id]/capacity': {
    allowed: ['centre'],
    scopes: ['centre-requests:write'],
    request: (f, actor) => {
      const c = capacityFor(actor, ['centre', 'Sürya centre-requests:write']);
      return {
        path: `/api/v1/centres/${f.surya}/capacity`,
        json: { placesFree: c.placesFree, ambulatoryOpen: c.open },
      };
    },
  },
  'POST /api/v1/centre-requests': {
    allowed: CENTRES,
    scopes: ['centre-requests:write'],
    request: () => ({
      json: {
        source: 'ngo',
        receivedOn: `${YEAR}-01-02`,
        sex: 'f',
        nationality: 'RO',
        forms: ['economic'],
        idempotencyKey: randomUUID(),
      },
    }),
  },
  'GET /api/v1/statistics/[year]': {
    allowed: ['coordinator'],
    scopes: ['statistics:read'],
    request: () => ({ path: `/api/v1/statistics/${YEAR}` }),
  },
  'GET /api/v1/statistics/[year]/[table]': {
    allowed: ['coordinator'],
    scopes: ['statistics:read'],
    request: () => ({ path: `/api/v1/statistics/${YEAR}/checklists_by_region.csv` }),
  },
  'GET /api/v1/statistics/[year]/workbook': {
    allowed: ['coordinator'],
    scopes: ['statistics:read'],
    request: () => ({ path: `/api/v1/statistics/${YEAR}/workbook` }),
  },
  // The statistical chapter (decision 0022), two years and in Dutch: an export like the workbook.
  'GET /api/v1/statistics/[year]/chapter': {
    allowed: ['coordinator'],
    scopes: ['statistics:read'],
    request: () => ({ path: `/api/v1/statistics/${YEAR}/chapter?locale=nl&compare=${YEAR - 1}` }),
  },
  'action setLocaleAction': { allowed: ACTORS, request: () => ({ args: ['$FORM'], fields: { locale: 'fr' } }) },
  'action changePasswordAction': {
    allowed: SIGNED,
    request: () => ({
      fields: {
        currentPassword: 'not the password',
        newPassword: 'a new long passphrase',
        confirmPassword: 'a new long passphrase',
      },
    }),
  },
  'action createUserAction': {
    allowed: ['admin', 'platformAdmin'],
    request: () => ({
      fields: {
        email: `matrix-${randomUUID().slice(0, 8)}@test.relais.be`,
        name: 'Matrix New',
        role: 'referrer',
        organisationId: orgId(ORG.own),
      },
    }),
  },
  'action setUserActiveAction': {
    allowed: ['admin', 'platformAdmin'],
    request: (f) => ({ fields: { userId: f.targetUser, active: 'true' } }),
  },
  'action resetPasswordAction': {
    allowed: ['admin', 'platformAdmin'],
    request: (f) => ({ fields: { userId: f.targetUser } }),
  },
  'action changeRoleAction': {
    allowed: ['admin', 'platformAdmin'],
    request: (f) => ({ fields: { userId: f.targetUser, role: 'referrer' } }),
  },
  // Confirming is the organisation's own act (decision 0018): the platform's administrator gets "not found" for a user of police Liège.
  'action confirmUserAction': { allowed: ['admin'], request: (f) => ({ fields: { userId: f.targetUser } }) },
  'action setDisclosureThresholdAction': { allowed: ['platformAdmin'], request: () => ({ fields: { k: '5' } }) },
  // Second factor and API tokens (decisions 0025, 0026).
  'action confirmTotpEnrolmentAction': { allowed: SIGNED, request: () => ({ fields: { code: '000000' } }) },
  // Passkeys (decision 0025): one's own; a made-up answer is refused by the verb (allowed), no passkey has a random id.
  'action beginPasskeyRegistrationAction': { allowed: SIGNED },
  'action finishPasskeyRegistrationAction': {
    allowed: SIGNED,
    request: () => ({ fields: { name: 'Matrix', response: '{}' } }),
  },
  'action removePasskeyAction': { allowed: [], request: () => ({ fields: { passkeyId: randomUUID() } }) },
  'action resetSecondFactorAction': {
    allowed: ['admin', 'platformAdmin'],
    request: (f) => ({ fields: { userId: f.targetUser } }),
  },
  'action setSecondFactorPolicyAction': {
    allowed: ['platformAdmin'],
    request: () => ({ fields: { organisationId: orgId(ORG.own), role: 'referrer', rule: 'default' } }),
  },
  // Left off (no `enabled`): the sign-in page of the other tests shows no button for it.
  'action setSingleSignOnAction': {
    allowed: ['platformAdmin'],
    request: () => ({
      fields: {
        organisationId: orgId(ORG.own),
        label: 'Matrix',
        issuer: 'https://idp.example.test',
        clientId: 'matrix',
        clientSecret: 'matrix-secret',
      },
    }),
  },
  'action issueApiTokenAction': {
    allowed: ADMINS,
    request: () => ({ fields: { name: 'Matrix', scopes: 'users:manage', days: '30' } }),
  },
  // No token has this id: not found for everyone.
  'action revokeApiTokenAction': { allowed: [], request: () => ({ fields: { tokenId: randomUUID() } }) },
  'action setMailPreferencesAction': {
    allowed: SIGNED,
    request: () => ({ fields: { mode: 'immediate', locale: 'fr' } }),
  },
  'action setDutyAddressesAction': { allowed: ADMINS, request: () => ({ fields: { addresses: '', locale: 'fr' } }) },
  // No message has this id: not found for everyone (who may retry which message: tests/unit/mail-outbox.test.ts).
  'action retryMailAction': { allowed: [], request: () => ({ args: ['$FORM'], fields: { id: randomUUID() } }) },
  'action createChecklistAction': {
    allowed: REFERRERS,
    request: () => ({ args: ['$FORM'], fields: { idempotencyKey: randomUUID() } }),
  },
  // No draft has this id: not found for everyone (who may discard which draft: tests/unit/discard-draft.test.ts).
  'action discardDraftAction': { allowed: [], request: () => ({ fields: { checklistId: randomUUID() } }) },
  'action startCorrectionAction': {
    allowed: ['referrer'],
    request: (f) => ({ args: ['$FORM'], fields: { checklistId: f.forCorrection } }),
  },
  'action createInvestigationAction': {
    allowed: REFERRERS,
    request: () => ({ fields: { reference: `MATRIX-${randomUUID().slice(0, 8)}` } }),
  },
  // The referrer's own investigation: another organisation's referrer gets "not found". An empty count removes it (no figure left in the statistics).
  'action setInvestigationPersonsMetAction': {
    allowed: ['referrer'],
    request: (f) => ({
      page: `/investigations/${f.investigation}`,
      fields: { investigationId: f.investigation, personsMet: '' },
    }),
  },
  // Always the actor's own organisation (the scope is never an input); 0 adds nothing to the statistics (decision 0020).
  'action setYearlyPersonsMetAction': {
    allowed: REFERRERS,
    request: () => ({ fields: { year: String(YEAR), count: '0' } }),
  },
  'action createReferralAction': {
    allowed: ['referrer'],
    request: (f) => ({
      fields: {
        checklistId: f.completed,
        centre: 'surya',
        caseType: 'thb',
        phone: '+32 2 000 00 00',
        idempotencyKey: randomUUID(),
      },
    }),
  },
  'action transitionReferralAction': {
    allowed: ['referrer', 'centre'],
    request: (f) => ({ fields: { referralId: f.referral, to: 'acknowledged', expectedVersion: '1', note: 'matrix' } }),
  },
  'action updateCapacityAction': {
    allowed: CENTRES,
    request: (_f, actor) => {
      const c = capacityFor(actor, CENTRES);
      return { fields: { placesFree: String(c.placesFree), ...(c.open ? { ambulatoryOpen: 'on' } : {}) } };
    },
  },
  'action registerRequestAction': {
    allowed: CENTRES,
    request: () => ({
      fields: {
        source: 'ngo',
        receivedOn: `${YEAR}-01-02`,
        sex: 'm',
        nationality: 'BG',
        forms: 'economic',
        idempotencyKey: randomUUID(),
      },
    }),
  },
  'action markReferralReadAction': {
    allowed: [...REFERRERS, ...CENTRES],
    request: (f) => ({ args: [{ referralId: f.referral, seenAt: new Date().toISOString() }] }),
  },
};

const orgId = (code: string) => scalar<string>('SELECT id FROM organisations WHERE code = ?', code);

/** Pages and route handlers under app/, and the server actions of the build. */
function discover(): {
  key: string;
  kind: Kind;
  method: string;
  pattern: string;
  actionId?: string;
  actionPage?: string;
}[] {
  const found: { key: string; kind: Kind; method: string; pattern: string; actionId?: string; actionPage?: string }[] =
    [];
  const urlOf = (dir: string) =>
    '/' +
    dir
      .split(path.sep)
      .filter((s) => !/^\(.*\)$/.test(s))
      .join('/');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join('app', dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name === 'page.tsx')
        found.push({
          key: `page ${urlOf(dir).replace(/\/$/, '') || '/'}`,
          kind: 'page',
          method: 'GET',
          pattern: urlOf(dir).replace(/\/$/, '') || '/',
        });
      else if (entry.name === 'route.ts') {
        const source = fs.readFileSync(path.join('app', rel), 'utf8');
        const methods = new Set(
          [...source.matchAll(/export (?:(?:async )?function|const) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!),
        );
        for (const m of source.matchAll(/as (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
        const pattern = urlOf(dir);
        for (const method of methods)
          found.push({
            key: `${method} ${pattern}`,
            kind: pattern.startsWith('/api/') ? 'api' : 'page',
            method,
            pattern,
          });
      }
    }
  };
  walk('');
  const manifest = JSON.parse(
    fs.readFileSync(
      path.join(process.env.NEXT_DIST_DIR ?? '.next', 'server', 'server-reference-manifest.json'),
      'utf8',
    ),
  ) as {
    node: Record<string, { exportedName: string; workers: Record<string, unknown> }>;
  };
  for (const [actionId, entry] of Object.entries(manifest.node)) {
    // Post to the simplest page that loads the action (no dynamic segment if there is one).
    const pages = Object.keys(entry.workers).map((w) =>
      urlOf(
        w
          .replace(/^app\//, '')
          .replace(/\/page$/, '')
          .split('/')
          .join(path.sep),
      ),
    );
    const actionPage = pages.find((p) => !p.includes('[')) ?? pages[0]!;
    found.push({
      key: `action ${entry.exportedName}`,
      kind: 'action',
      method: 'POST',
      pattern: actionPage,
      actionId,
      actionPage,
    });
  }
  return found;
}

function snapshot(f: Fixture): string {
  const sqlite = db();
  try {
    const users = f.userIds.map(() => '?').join(', ');
    const q = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params);
    return JSON.stringify([
      q(`SELECT * FROM checklists WHERE created_by IN (${users}) ORDER BY id`, ...f.userIds),
      q(`SELECT * FROM checklist_versions WHERE created_by IN (${users}) ORDER BY id`, ...f.userIds),
      q(`SELECT * FROM investigations WHERE created_by IN (${users}) ORDER BY id`, ...f.userIds),
      q(`SELECT * FROM referrals WHERE created_by IN (${users}) ORDER BY id`, ...f.userIds),
      q(`SELECT * FROM referral_events WHERE actor_user_id IN (${users}) ORDER BY id`, ...f.userIds),
      q(
        `SELECT id, email, name, role, organisation_id, active, password_hash, must_change_password, password_set_by, pending_confirmation, confirmed_by FROM users WHERE id IN (${users}) OR organisation_id IN (?, ?) ORDER BY id`,
        ...f.userIds,
        orgId(ORG.own),
        orgId(ORG.other),
      ),
      // Only about the matrix's own referrals: other tests, running at the same time, send referrals
      // to the same centres, which notifies every member of the centre (the matrix's centre users too).
      q(
        `SELECT * FROM notifications WHERE user_id IN (${users}) AND referral_id IN (SELECT id FROM referrals WHERE created_by IN (${users})) ORDER BY id`,
        ...f.userIds,
        ...f.userIds,
      ),
      q(
        `SELECT c.centre_id, c.places_free, c.ambulatory_open FROM centre_capacity c WHERE c.centre_id IN (?, ?) ORDER BY c.centre_id`,
        f.surya,
        orgId(ORG.centreOther),
      ),
      q(`SELECT value FROM settings WHERE key = 'disclosure.k'`),
    ]);
  } finally {
    sqlite.close();
  }
}

/** What a token actor may reach on a line of EXPECTED (see `scopes` there). */
function tokenMayReach(key: string, name: TokenName): boolean {
  const line = EXPECTED[key]!;
  const t: TokenSpec = TOKENS[name];
  if (!isTokenRoute(key)) return line.allowed.includes('anonymous');
  if (t.state) return false;
  return (
    (line.scopes ?? []).some((s) => t.scopes.includes(s)) &&
    (MEMBERS[t.org] ?? []).some((a) => line.allowed.includes(a))
  );
}

const refusals = (userId: string) =>
  scalar<number>("SELECT count(*) FROM audit_events WHERE actor_user_id = ? AND outcome = 'refused'", userId);

test('access matrix: every page, route handler and server action, as every kind of actor', async ({ baseURL }) => {
  // The half-way actor (decision 0025) and the second-factor and token endpoints made it longer.
  test.setTimeout(420_000);
  const base = baseURL!;

  // Actors: one user of their own each, signed in over HTTP.
  const specs: Record<
    Exclude<ActorName, 'anonymous' | 'pending' | 'halfway'>,
    { role: 'referrer' | 'centre_staff' | 'coordinator' | 'admin'; org: string }
  > = {
    referrer: { role: 'referrer', org: ORG.own },
    referrerOther: { role: 'referrer', org: ORG.other },
    centre: { role: 'centre_staff', org: ORG.centre },
    centreOther: { role: 'centre_staff', org: ORG.centreOther },
    coordinator: { role: 'coordinator', org: ORG.coordination },
    admin: { role: 'admin', org: ORG.own },
    adminOther: { role: 'admin', org: ORG.other },
    platformAdmin: { role: 'admin', org: ORG.coordination },
    disabled: { role: 'referrer', org: ORG.own },
  };
  const clients = {} as Record<ActorName, HttpClient>;
  const ids = {} as Record<ActorName, string | null>;
  clients.anonymous = new HttpClient(base);
  ids.anonymous = null;
  let sessionCookie = '';
  for (const [name, s] of Object.entries(specs) as [
    Exclude<ActorName, 'anonymous' | 'pending' | 'halfway'>,
    (typeof specs)[keyof typeof specs],
  ][]) {
    const user = await makeUser({ role: s.role, organisation: s.org });
    const client = new HttpClient(base);
    const signed = await client.signIn(user.email, user.password);
    expect(signed.ok, name).toBe(true);
    sessionCookie ||= signed.setCookies.find((c) => c.startsWith('next-auth.session-token=')) ?? '';
    clients[name] = client;
    ids[name] = user.id;
  }
  const target = await makeUser({ role: 'referrer', organisation: ORG.own });
  // Half-way through sign-in (decision 0025): the right password of an account with a second
  // factor, and no code yet. Its session reaches nothing but the second step.
  {
    const user = await makeUser({ role: 'referrer', organisation: ORG.own });
    const sqlite = db();
    const now = new Date().toISOString();
    sqlite
      .prepare('INSERT INTO second_factors (user_id, totp_secret, enrolled_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(user.id, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', now, now);
    sqlite.close();
    const client = new HttpClient(base);
    expect((await client.signIn(user.email, user.password)).ok, 'halfway').toBe(true);
    expect(scalar<string>('SELECT second_factor_pending FROM sessions WHERE user_id = ?', user.id)).toBe('verify');
    clients.halfway = client;
    ids.halfway = user.id;
  }

  const endpoints = discover();

  // The probe's path (decision 0018): the platform administrator creates a referrer of police
  // Liège — which has its own administrator, `admin` — and signs in with its one-time password.
  // The sign-in is refused with its own reason and opens no session; every request of that
  // client is then refused like nobody's.
  {
    const createUser = endpoints.find((e) => e.key === 'action createUserAction')!;
    const email = `matrix-pending-${randomUUID().slice(0, 8)}@test.relais.be`;
    const form = new FormData();
    for (const [k, v] of Object.entries({
      email,
      name: 'Matrix Pending',
      role: 'referrer',
      organisationId: orgId(ORG.own),
    }))
      form.append(`_1_${k}`, v);
    form.append('0', JSON.stringify([PREV, '$K1']));
    const created = await clients.platformAdmin.fetch(createUser.actionPage!, {
      method: 'POST',
      headers: { 'Next-Action': createUser.actionId!, Accept: 'text/x-component' },
      body: form,
    });
    const body = await created.text();
    const oneTimePassword = /"oneTimePassword":"([^"]+)"/.exec(body)?.[1];
    expect(oneTimePassword, `createUserAction as platformAdmin: ${body.slice(0, 300)}`).toBeTruthy();
    expect(body).toContain('"confirmation":"pending"');
    const client = new HttpClient(base);
    const csrf = (await (await client.fetch('/api/auth/csrf')).json()) as { csrfToken: string };
    const signIn = await client.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email,
        password: oneTimePassword!,
        csrfToken: csrf.csrfToken,
        json: 'true',
      }).toString(),
    });
    const answer = (await signIn.json()) as { url: string };
    expect(new URL(answer.url).searchParams.get('error'), 'sign-in of the account awaiting confirmation').toBe(
      'awaiting_confirmation',
    );
    expect(client.cookieHeader()).not.toContain('session-token');
    clients.pending = client;
    ids.pending = scalar<string>('SELECT id FROM users WHERE email = ?', email);
  }

  // The token actors, issued on the administrators' page by their organisation's administrator.
  const tokens = {} as Record<TokenName, { id: string | null; userId: string | null; secret: string }>;
  {
    const issue = endpoints.find((e) => e.key === 'action issueApiTokenAction')!;
    const revoke = endpoints.find((e) => e.key === 'action revokeApiTokenAction')!;
    const act = async (client: HttpClient, e: (typeof endpoints)[number], fields: [string, string][]) => {
      const form = new FormData();
      for (const [k, v] of fields) form.append(`_1_${k}`, v);
      form.append('0', JSON.stringify([PREV, '$K1']));
      const r = await client.fetch(e.actionPage!, {
        method: 'POST',
        headers: { 'Next-Action': e.actionId!, Accept: 'text/x-component' },
        body: form,
      });
      return r.text();
    };
    const centreAdmin = await makeUser({ role: 'admin', organisation: ORG.centre });
    const centreAdminClient = new HttpClient(base);
    expect((await centreAdminClient.signIn(centreAdmin.email, centreAdmin.password)).ok, 'Sürya admin').toBe(true);
    const issuers: Partial<Record<keyof typeof ORG, HttpClient>> = {
      own: clients.admin,
      centre: centreAdminClient,
      coordination: clients.platformAdmin,
    };
    const kindOf = (code: string) => scalar<OrganisationKind>('SELECT kind FROM organisations WHERE code = ?', code);
    for (const name of TOKEN_NAMES) {
      const t: TokenSpec = TOKENS[name];
      if (t.state === 'malformed') {
        tokens[name] = { id: null, userId: null, secret: `relais_${'x'.repeat(20)}` };
        continue;
      }
      if (name === 'police no usable scope') {
        const made = makeToken({ id: orgId(ORG[t.org]), kind: kindOf(ORG[t.org]) }, t.scopes);
        tokens[name] = { id: made.id, userId: made.userId, secret: made.token };
        continue;
      }
      const body = await act(issuers[t.org]!, issue, [
        ['name', `Matrix ${name}`],
        ...t.scopes.map((s): [string, string] => ['scopes', s]),
        ['days', '30'],
      ]);
      const secret = /"token":"(relais_[^"]+)"/.exec(body)?.[1];
      expect(secret, `issueApiTokenAction for ${name}: ${body.slice(0, 300)}`).toBeTruthy();
      const row = db()
        .prepare('SELECT id, user_id AS userId FROM api_tokens WHERE token_hash = ?')
        .get(hashToken(secret!)) as { id: string; userId: string } | undefined;
      expect(row, `${name} is stored by its hash`).toBeTruthy();
      tokens[name] = { id: row!.id, userId: row!.userId, secret: secret! };
      if (t.state === 'revoked') {
        await act(issuers[t.org]!, revoke, [['tokenId', row!.id]]);
        expect(scalar<string | null>('SELECT revoked_at FROM api_tokens WHERE id = ?', row!.id), name).toBeTruthy();
      }
      if (t.state === 'expired') {
        const sqlite = db();
        sqlite
          .prepare('UPDATE api_tokens SET expires_at = ? WHERE id = ?')
          .run(new Date(Date.now() - 60_000).toISOString(), row!.id);
        sqlite.close();
      }
    }
  }
  /** A client for a token: the bearer on every request, and never a cookie. */
  const tokenClient = (secret: string) => ({
    fetch: (p: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
      fetch(base + p, {
        ...init,
        headers: { ...(init.headers ?? {}), Authorization: `Bearer ${secret}` },
        redirect: 'manual',
      }),
  });

  // Records of the referrer's organisation, reached by others with their real ids.
  const referrer = clients.referrer;
  const post = async (p: string, json: unknown) => {
    const r = await referrer.fetch(p, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(json),
    });
    expect(r.status, p).toBeLessThan(300);
    return (await r.json()) as { id: string };
  };
  const draft = (await post('/api/v1/checklists', { answers: { 'vic.sex': 'm' } })).id;
  const completed = (
    await post('/api/v1/checklists', { complete: true, answers: { ...VALID_ADULT_ANSWERS, 'ctx.region': 'lie' } })
  ).id;
  const forCorrection = (await post('/api/v1/checklists', { complete: true, answers: VALID_ADULT_ANSWERS })).id;
  const referral = (await post('/api/v1/referrals', { checklistId: completed, centre: 'surya' })).id;
  const investigation = randomUUID();
  {
    const sqlite = db();
    const now = new Date().toISOString();
    sqlite
      .prepare(
        'INSERT INTO investigations (id, organisation_id, reference, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(investigation, orgId(ORG.own), `MATRIX-${investigation.slice(0, 8)}`, ids.referrer, now, now);
    sqlite.prepare('UPDATE users SET active = 0 WHERE id = ?').run(ids.disabled);
    sqlite.close();
  }
  const fixture: Fixture = {
    draft,
    completed,
    forCorrection,
    referral,
    investigation,
    targetUser: target.id,
    surya: orgId(ORG.centre),
    userIds: [
      ...Object.values(ids).filter((x): x is string => !!x),
      target.id,
      ...Object.values(tokens).flatMap((t) => (t.userId ? [t.userId] : [])),
    ],
  };

  // Every endpoint of the code has an expectation, and every expectation an endpoint.
  const keys = endpoints.map((e) => e.key);
  expect(
    keys.filter((k) => !EXPECTED[k]),
    'endpoints without a line in EXPECTED',
  ).toEqual([]);
  expect(
    Object.keys(EXPECTED).filter((k) => !keys.includes(k)),
    'EXPECTED lines without an endpoint',
  ).toEqual([]);

  async function send(
    e: (typeof endpoints)[number],
    actor: ActorName | TokenName,
    extraHeaders: Record<string, string> = {},
  ) {
    const spec = EXPECTED[e.key]!.request?.(fixture, actor) ?? {};
    const client = isToken(actor) ? tokenClient(tokens[actor].secret) : clients[actor];
    if (e.kind === 'action') {
      const form = new FormData();
      // React's encodeReply: the FormData argument's fields as "_1_<name>", then the arguments as "0".
      for (const [k, v] of Object.entries(spec.fields ?? {})) form.append(`_1_${k}`, v);
      const args = (spec.args ?? [PREV, '$FORM']).map((a) => (a === '$FORM' ? '$K1' : a));
      form.append('0', JSON.stringify(args));
      return client.fetch(spec.page ?? e.actionPage!, {
        method: 'POST',
        headers: { 'Next-Action': e.actionId!, Accept: 'text/x-component', ...extraHeaders },
        body: form,
      });
    }
    const p = spec.path ?? e.pattern;
    const method = spec.method ?? e.method;
    if (spec.csv !== undefined)
      return client.fetch(p, { method, headers: { 'content-type': 'text/csv', ...extraHeaders }, body: spec.csv });
    if (spec.json !== undefined || method !== 'GET')
      return client.fetch(p, {
        method,
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...extraHeaders },
        body: JSON.stringify(spec.json ?? {}),
      });
    return client.fetch(p, { headers: extraHeaders });
  }

  /** allowed | refused, from the answer alone. */
  async function outcome(
    e: (typeof endpoints)[number],
    response: Response,
  ): Promise<{ result: 'allowed' | 'refused'; detail: string }> {
    const body = await response.text();
    const location = response.headers.get('location') ?? response.headers.get('x-action-redirect') ?? '';
    const detail = `${response.status}${location ? ` → ${location}` : ''}`;
    if (location.includes('/signin')) return { result: 'refused', detail };
    if (e.kind === 'action') {
      const refused =
        response.status === 404 ||
        /"formError":"errors\.(notFound|sessionExpired)"/.test(body) ||
        body.includes('NEXT_HTTP_ERROR_FALLBACK;404');
      if (response.status >= 500) return { result: 'refused', detail: `${detail} (server error)` };
      return { result: refused ? 'refused' : 'allowed', detail };
    }
    if ([401, 403, 404].includes(response.status)) return { result: 'refused', detail };
    if (response.status >= 500) throw new Error(`${e.key}: ${response.status} ${body.slice(0, 200)}`);
    return { result: 'allowed', detail };
  }

  const malformedUses = () =>
    scalar<number>(
      'SELECT count(*) FROM audit_events WHERE action = \'api_token.use\' AND target_id IS NULL AND detail LIKE \'%"reason":"malformed"%\'',
    );
  /**
   * One call of a token actor: the expected outcome, nothing changed on a refusal, and on /api/v1
   * the documented status (401 with `WWW-Authenticate` for a token that is not valid, 404 out of
   * scope) and the call in the audit log under the token's id, refused ones with their reason.
   */
  async function tryToken(e: (typeof endpoints)[number], name: TokenName, mayReach: boolean) {
    const t: TokenSpec = TOKENS[name];
    const { id, userId } = tokens[name];
    const expected = mayReach ? 'allowed' : 'refused';
    const api = isTokenRoute(e.key);
    const before = expected === 'refused' ? snapshot(fixture) : '';
    const usesBefore = api && id ? tokenUses(id).length : 0;
    const malformedBefore = api && !id ? malformedUses() : 0;
    const refusedBefore = userId ? refusals(userId) : 0;
    const response = await send(e, name);
    const got = await outcome(e, response);
    (tokenMatrix[e.key] ??= {} as Record<TokenName, string>)[name] = got.result === 'allowed' ? 'yes' : '—';
    const as = `${e.key} with the token "${name}"`;
    if (got.result !== expected) failures.push(`${as}: expected ${expected}, got ${got.result} (${got.detail})`);
    if (expected === 'refused' && snapshot(fixture) !== before)
      failures.push(`${as}: the database changed on a refusal`);
    if (!api) return;
    if (t.state) {
      if (response.status !== 401 || !(response.headers.get('www-authenticate') ?? '').includes('invalid_token'))
        failures.push(`${as}: expected 401 with WWW-Authenticate invalid_token, got ${response.status}`);
    } else if (expected === 'refused' && response.status !== 404)
      failures.push(`${as}: expected 404 like any refusal, got ${response.status}`);
    if (!id) {
      if (malformedUses() <= malformedBefore) failures.push(`${as}: the malformed bearer is not in the audit log`);
      return;
    }
    const uses = tokenUses(id);
    const last = uses.at(-1);
    const path = new URL(response.url).pathname;
    if (
      uses.length !== usesBefore + 1 ||
      last?.outcome !== (t.state ? 'refused' : 'ok') ||
      last.reason !== (t.state ?? null) ||
      last.path !== path ||
      last.method !== e.method
    )
      failures.push(`${as}: not audited under the token as it should be (${JSON.stringify(last)})`);
    // Out of scope, the verb audits its refusal too, under the token's service account.
    if (!t.state && expected === 'refused' && refusals(userId!) <= refusedBefore)
      failures.push(`${as}: refusal not in the audit log`);
  }

  const matrix: Record<string, Record<ActorName, string>> = {};
  const tokenMatrix: Record<string, Record<TokenName, string>> = {};
  const failures: string[] = [];
  for (const e of endpoints) {
    matrix[e.key] = {} as Record<ActorName, string>;
    const allowed = EXPECTED[e.key]!.allowed;
    const mayReach = (a: ActorName | TokenName) => (isToken(a) ? tokenMayReach(e.key, a) : allowed.includes(a));
    // Refused actors first, so the allowed ones' writes cannot hide a refused one's.
    const order = [...ACTORS, ...(isTokenRoute(e.key) ? TOKEN_NAMES : TOKENS_OFF_API)].sort(
      (a, b) => Number(mayReach(a)) - Number(mayReach(b)),
    );
    for (const actor of order) {
      if (isToken(actor)) {
        await tryToken(e, actor, mayReach(actor));
        continue;
      }
      const expected = allowed.includes(actor) ? 'allowed' : 'refused';
      const before = expected === 'refused' ? snapshot(fixture) : '';
      const refusedBefore = ids[actor] ? refusals(ids[actor]!) : 0;
      const response = await send(e, actor);
      const got = await outcome(e, response);
      matrix[e.key]![actor] = got.result === 'allowed' ? 'yes' : '—';
      if (got.result !== expected)
        failures.push(`${e.key} as ${actor}: expected ${expected}, got ${got.result} (${got.detail})`);
      if (expected === 'allowed' && SIGNED.includes(actor) && e.kind !== 'action') {
        const cache = response.headers.get('cache-control') ?? '';
        if (
          !cache.includes('no-store') &&
          !['page /signin', 'GET /healthz', 'GET /serwist/[path]'].includes(e.key) &&
          !e.key.includes('/api/auth/')
        )
          failures.push(`${e.key} as ${actor}: Cache-Control "${cache}" lacks no-store`);
      }
      if (expected !== 'refused') continue;
      if (snapshot(fixture) !== before) failures.push(`${e.key} as ${actor}: the database changed on a refusal`);
      // A refusal to a signed-in user is audited (an unknown or ended session is sent to sign in).
      if (
        SIGNED.includes(actor) &&
        refusals(ids[actor]!) <= refusedBefore &&
        !(e.key === 'action changePasswordAction')
      ) {
        failures.push(`${e.key} as ${actor}: refusal not in the audit log`);
      }
      // The header that once let requests skip Next.js middleware changes nothing here.
      if (e.kind !== 'action') {
        // One value naming every middleware/proxy file five times (the depth the bypass needed).
        const value = ['middleware', 'src/middleware', 'proxy', 'src/proxy']
          .flatMap((name) => Array(5).fill(name))
          .join(':');
        const again = await outcome(e, await send(e, actor, { 'x-middleware-subrequest': value }));
        if (again.result !== 'refused')
          failures.push(`${e.key} as ${actor} with x-middleware-subrequest: ${again.detail}`);
      } else {
        // The same action with a same-origin Origin header: still refused.
        const withOrigin = await outcome(e, await send(e, actor, { Origin: base }));
        if (withOrigin.result !== 'refused') failures.push(`${e.key} as ${actor} with Origin: ${withOrigin.detail}`);
      }
      if (snapshot(fixture) !== before)
        failures.push(`${e.key} as ${actor}: the database changed on a repeated refusal`);
    }
    // A foreign Origin never runs an action, even for an allowed actor.
    if (e.kind === 'action') {
      const actor = allowed.find((a) => !UNSIGNED.includes(a)) ?? 'anonymous';
      const before = snapshot(fixture);
      const response = await send(e, actor, { Origin: 'https://attacker.example' });
      await response.text();
      if (response.status < 400) failures.push(`${e.key} with a foreign Origin: ${response.status}`);
      if (snapshot(fixture) !== before) failures.push(`${e.key} with a foreign Origin: the database changed`);
    }
  }

  // The disabled user was sent to sign in with the reason, and that refusal is audited.
  expect(
    scalar<number>("SELECT count(*) FROM audit_events WHERE outcome = 'refused' AND detail LIKE '%user_disabled%'"),
  ).toBeGreaterThan(0);
  // The account awaiting confirmation never had a session; its one sign-in is audited as refused
  // for that reason, naming the administrator who set its password.
  expect(scalar<number>('SELECT count(*) FROM sessions WHERE user_id = ?', ids.pending)).toBe(0);
  expect(
    scalar<number>(
      "SELECT count(*) FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'failed' AND actor_user_id = ? AND detail LIKE '%awaiting_confirmation%' AND detail LIKE ?",
      ids.pending,
      `%${ids.platformAdmin}%`,
    ),
  ).toBe(1);
  expect(scalar<number>('SELECT pending_confirmation FROM users WHERE id = ?', ids.pending)).toBe(1);
  // The session cookie cannot be read by scripts and is not sent cross-site (Secure is added behind TLS).
  expect(sessionCookie).toMatch(/HttpOnly/i);
  expect(sessionCookie).toMatch(/SameSite=Lax/i);

  const table = [
    `| route | ${ACTORS.join(' | ')} |`,
    `|---|${ACTORS.map(() => ':-:').join('|')}|`,
    ...Object.keys(matrix)
      .sort()
      .map((k) => `| \`${k}\` | ${ACTORS.map((a) => matrix[k]![a]).join(' | ')} |`),
  ].join('\n');
  console.log(`\nAccess matrix (yes = allowed, — = refused as "not found" / sign-in):\n${table}\n`);
  const tokenTable = [
    `| route | scopes | ${TOKEN_NAMES.join(' | ')} |`,
    `|---|---|${TOKEN_NAMES.map(() => ':-:').join('|')}|`,
    ...Object.keys(matrix)
      .filter(isTokenRoute)
      .sort()
      .map(
        (k) =>
          `| \`${k}\` | ${(EXPECTED[k]!.scopes ?? []).join(', ') || '—'} | ${TOKEN_NAMES.map((a) => tokenMatrix[k]![a]).join(' | ')} |`,
      ),
  ].join('\n');
  console.log(`\nAPI tokens (yes = allowed; — = 404 out of scope, 401 not a valid token):\n${tokenTable}\n`);
  expect(failures, failures.join('\n')).toEqual([]);

  // The token itself is never kept, not even in the audit log: only its hash, and its id.
  for (const [name, t] of Object.entries(tokens)) {
    expect(
      scalar<number>("SELECT count(*) FROM audit_events WHERE instr(coalesce(detail, ''), ?) > 0", t.secret),
      `${name} in the audit log`,
    ).toBe(0);
    expect(scalar<number>('SELECT count(*) FROM api_tokens WHERE token_hash = ?', t.secret), name).toBe(0);
  }

  // SECURITY_DOC_PATH writes the regenerated page elsewhere (to look at it without touching the tree).
  const doc = path.resolve('docs/security.md');
  let text = fs.readFileSync(doc, 'utf8');
  const original = text;
  for (const [name, content] of [
    ['access-matrix', table],
    ['api-tokens-matrix', tokenTable],
  ] as const) {
    const begin = `<!-- ${name}:begin -->`;
    const end = `<!-- ${name}:end -->`;
    expect(text.includes(begin) && text.includes(end), `docs/security.md lacks ${begin} … ${end}`).toBe(true);
    text = `${text.slice(0, text.indexOf(begin) + begin.length)}\n${content}\n${text.slice(text.indexOf(end))}`;
  }
  if (process.env.UPDATE_SECURITY_DOC === '1')
    fs.writeFileSync(path.resolve(process.env.SECURITY_DOC_PATH ?? doc), text);
  else expect(original, 'docs/security.md is out of date: rerun with UPDATE_SECURITY_DOC=1').toBe(text);
});

test('sign-in answers alike, in about the same time, whether or not the account exists: unknown vs wrong password, locked account vs locked unknown e-mail', async ({
  baseURL,
}) => {
  // The sign-in page says when an account is locked; the lock is keyed by the e-mail
  // typed (decision 0003), so an unknown e-mail locks alike and "locked" reveals nothing.
  const locked = await makeUser({ role: 'referrer', organisation: ORG.other });
  const wrong = await makeUser({ role: 'referrer', organisation: ORG.other });
  const unknown = `nobody-${randomUUID().slice(0, 8)}@test.relais.be`;
  const lockedUnknown = `nobody-${randomUUID().slice(0, 8)}@test.relais.be`;
  for (const email of [locked.email, lockedUnknown]) {
    const c = new HttpClient(baseURL!);
    for (let i = 0; i < 5; i++) await c.signIn(email, `wrong ${i} password`);
  }
  const cases = {
    unknown: [unknown, 'not the password!'],
    wrong: [wrong.email, 'not the password!'],
    locked: [locked.email, locked.password],
    lockedUnknown: [lockedUnknown, 'any password at all'],
  } as const;
  const times: Record<string, number[]> = {};
  const answers: Record<string, string> = {};
  for (let i = 0; i < 3; i++) {
    for (const [name, [email, password]] of Object.entries(cases)) {
      const c = new HttpClient(baseURL!);
      const csrf = (await (await c.fetch('/api/auth/csrf')).json()) as { csrfToken: string };
      const started = performance.now();
      const r = await c.fetch('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password, csrfToken: csrf.csrfToken, json: 'true' }).toString(),
      });
      const body = (await r.json()) as { url: string };
      (times[name] ??= []).push(performance.now() - started);
      answers[name] = `${r.status} ${new URL(body.url).searchParams.get('error')}`;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(median(v))]));
  console.log('sign-in refusals — median ms:', medians, 'answers:', answers);
  expect(answers.unknown).toBe(answers.wrong);
  expect(answers.locked).toBe(answers.lockedUnknown);
  const values = Object.values(medians);
  expect(Math.max(...values) / Math.min(...values)).toBeLessThan(3);
});
