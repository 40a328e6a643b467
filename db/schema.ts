import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ORGANISATION_KINDS, ROLES } from '../lib/roles';

/** ISO-8601 UTC timestamps as text: sortable, readable in SQL, exact to the millisecond. */
const timestamp = (name: string) => text(name);

export const organisations = sqliteTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    /** Stable code used by imports and the seed (e.g. `onss-bru`). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('organisations_code_uq').on(t.code),
    index('organisations_kind_idx').on(t.kind),
    check('organisations_kind_ck', sql.raw(`kind in (${ORGANISATION_KINDS.map((k) => `'${k}'`).join(', ')})`)),
  ],
);

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Stored lower-cased and trimmed; unique. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    passwordHash: text('password_hash').notNull(),
    /** Set when an administrator chose the password (creation, reset): the user must change it. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    /** Demo accounts can sign in only when the server runs in demo mode. */
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(t.email),
    index('users_org_idx').on(t.organisationId),
    check('users_role_ck', sql.raw(`role in (${ROLES.map((r) => `'${r}'`).join(', ')})`)),
  ],
);

/**
 * Server-side sessions. The next-auth JWT only carries the session id; every request reads
 * this row and the user, so a disabled user or a changed role is refused at once, and the
 * inactivity and absolute limits are enforced here, not by the cookie.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** Role and organisation at sign-in: a change of either ends the session. */
    role: text('role', { enum: ROLES }).notNull(),
    organisationId: text('organisation_id').notNull(),
    createdAt: timestamp('created_at').notNull(),
    lastSeenAt: timestamp('last_seen_at').notNull(),
    endedAt: timestamp('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Sign-in attempts, for the per-account lock and the per-address limit. */
export const signInAttempts = sqliteTable(
  'sign_in_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Normalised e-mail as typed, whether or not such an account exists. */
    emailKey: text('email_key').notNull(),
    ip: text('ip').notNull(),
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull(),
    at: timestamp('at').notNull(),
  },
  (t) => [index('sign_in_attempts_email_idx').on(t.emailKey, t.at), index('sign_in_attempts_ip_idx').on(t.ip, t.at)],
);

/** Locks keyed by the normalised e-mail, so an unknown account behaves as a known one. */
export const accountLocks = sqliteTable('account_locks', {
  emailKey: text('email_key').primaryKey(),
  lockedUntil: timestamp('locked_until').notNull(),
});

/**
 * Append-only audit trail. Each entry holds the hash of the previous one, so a row changed or
 * deleted directly in the database breaks the chain. The application has no verb that
 * updates or deletes entries.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: timestamp('at').notNull(),
    actorUserId: text('actor_user_id'),
    actorOrganisationId: text('actor_organisation_id'),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['ok', 'refused', 'failed'] }).notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    /** Small JSON object; never a password, never a presumed victim's personal data. */
    detail: text('detail'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_org_at_idx').on(t.actorOrganisationId, t.at),
    index('audit_events_action_idx').on(t.action, t.at),
    index('audit_events_target_idx').on(t.targetType, t.targetId),
    check('audit_events_outcome_ck', sql`outcome in ('ok', 'refused', 'failed')`),
  ],
);

/** Platform settings (e.g. the disclosure threshold k), key → JSON value. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});
