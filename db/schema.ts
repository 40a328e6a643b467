import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import { REFERRAL_STATUSES } from '../lib/referrals/state-machine';
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
    /** Detecting service of a referring organisation (ctx.service): police_local, police_federal, onss, cls, guardianship. */
    service: text('service'),
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
    /**
     * The administrator who last chose this account's password (creation, reset), and when;
     * null for accounts set up from the server's shell or the seed (decision 0018).
     */
    passwordSetBy: text('password_set_by').references((): AnySQLiteColumn => users.id),
    passwordSetAt: timestamp('password_set_at'),
    /** Cannot sign in until another administrator of its own organisation confirms it (decision 0018). */
    pendingConfirmation: integer('pending_confirmation', { mode: 'boolean' }).notNull().default(false),
    /** Who confirmed the administrator-set password, and when; null while it is unconfirmed. */
    confirmedBy: text('confirmed_by').references((): AnySQLiteColumn => users.id),
    confirmedAt: timestamp('confirmed_at'),
    /**
     * Signs in only through its organisation's OpenID provider (decision 0032): its password hash
     * is of a random password nobody knows, and password sign-in is refused whatever is typed.
     */
    ssoOnly: integer('sso_only', { mode: 'boolean' }).notNull().default(false),
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
    /** While set, the session is half-way through sign-in: `verify` (a second factor is enrolled) or `enrol` (one is required). It reaches nothing but the second step. */
    secondFactorPending: text('second_factor_pending', { enum: ['verify', 'enrol'] }),
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
  updatedAt: timestamp('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/**
 * The check-list side of the yearly statistics as counters, per year, detecting service,
 * dimension of a table and its codes (lib/server/statistics/counts.ts, decision 0015). Kept in
 * step with the records in the same transaction as every write that changes them.
 */
export const statisticsCounts = sqliteTable(
  'statistics_counts',
  {
    year: integer('year').notNull(),
    service: text('service').notNull(),
    dimension: text('dimension').notNull(),
    a: text('a').notNull(),
    b: text('b').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.year, t.dimension, t.service, t.a, t.b] }),
    index('statistics_counts_series_idx').on(t.dimension, t.service, t.year, t.n),
  ],
);

/**
 * Generation numbers of data read as a whole: a trigger (migration 0009) adds one to
 * 'statistics' at every change of statistics_counts, referrals, organisations or settings, so
 * a computed year of statistics can be kept while its generation is current, in any worker
 * process (lib/server/statistics/presented-statistics.ts, decision 0016).
 */
export const dataGenerations = sqliteTable('data_generations', {
  name: text('name').primaryKey(),
  n: integer('n').notNull().default(0),
});

/** Investigations (case files): group the check-lists of one employer, network or control. */
export const investigations = sqliteTable(
  'investigations',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    reference: text('reference').notNull(),
    employer: text('employer'),
    sector: text('sector'),
    region: text('region'),
    /**
     * Presumed victims the investigation met (decision 0020): a whole number ≥ 0 (the verb checks
     * it), null until the referrer records it. Counts in the Brussels year of `created_at`.
     */
    personsMet: integer('persons_met'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [uniqueIndex('investigations_org_reference_uq').on(t.organisationId, t.reference)],
);

/**
 * Presumed victims a referring organisation met in its investigations in one year, as one
 * figure (decision 0020): for services that keep their investigations outside Relais. The
 * statistics take, per organisation and year, the larger of this figure and its investigations'
 * own counts, never their sum.
 */
export const personsMetYearly = sqliteTable(
  'persons_met_yearly',
  {
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    count: integer('count').notNull(),
    updatedBy: text('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('persons_met_yearly_org_year_uq').on(t.organisationId, t.year),
    check('persons_met_yearly_count_ck', sql`${t.count} >= 0`),
  ],
);

export const CHECKLIST_STATUSES = ['draft', 'completed', 'correcting'] as const;

/**
 * One check-list per presumed victim. `answers` is the working copy (JSON keyed by item code);
 * completed versions are kept in checklist_versions. The columns after `answers` are the facts
 * of the current completed version that statistics read: real, indexed columns, never parsed
 * out of JSON (conventions.md).
 */
export const checklists = sqliteTable(
  'checklists',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    /** The client's key for the creating request: a retried or doubled create returns the same check-list. */
    idempotencyKey: text('idempotency_key').notNull(),
    investigationId: text('investigation_id').references(() => investigations.id),
    catalogueVersion: text('catalogue_version').notNull(),
    status: text('status', { enum: CHECKLIST_STATUSES }).notNull(),
    /** Number of completed versions (0 for a first draft). */
    version: integer('version').notNull().default(0),
    /** Incremented by every saved change, for the "saved" indicator and conflict detection. */
    revision: integer('revision').notNull().default(0),
    answers: text('answers').notNull().default('{}'),
    imported: integer('imported', { mode: 'boolean' }).notNull().default(false),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    firstCompletedAt: timestamp('first_completed_at'),
    lastCompletedAt: timestamp('last_completed_at'),
    // Facts of the current completed version (null while a first draft):
    year: integer('year'),
    reference: text('reference'),
    controlDate: text('control_date'),
    service: text('service'),
    region: text('region'),
    sex: text('sex'),
    age: integer('age'),
    minor: integer('minor', { mode: 'boolean' }),
    nationality: text('nationality'),
    euNational: integer('eu_national', { mode: 'boolean' }),
    sector: text('sector'),
    formSexual: integer('form_sexual', { mode: 'boolean' }),
    formEconomic: integer('form_economic', { mode: 'boolean' }),
    formBegging: integer('form_begging', { mode: 'boolean' }),
    formForcedCrime: integer('form_forced_crime', { mode: 'boolean' }),
    formOrgans: integer('form_organs', { mode: 'boolean' }),
    formSmuggling: integer('form_smuggling', { mode: 'boolean' }),
    residence: text('residence'),
    identityDocuments: text('identity_documents'),
    sufficient: integer('sufficient', { mode: 'boolean' }),
    wish: text('wish'),
    /** Set when retention reduced the answers to what the statistics need (lib/server/retention). */
    reducedAt: timestamp('reduced_at'),
  },
  (t) => [
    uniqueIndex('checklists_idempotency_uq').on(t.organisationId, t.idempotencyKey),
    index('checklists_org_updated_idx').on(t.organisationId, t.updatedAt),
    index('checklists_org_status_idx').on(t.organisationId, t.status, t.updatedAt),
    index('checklists_investigation_idx').on(t.investigationId),
    // The yearly tables read counters (statistics_counts, decision 0015); this index serves plain
    // counts of a year's check-lists (the floor of npm run bench:stats) and the year lists.
    index('checklists_stats_idx').on(t.year, t.sufficient, t.service, t.version),
    index('checklists_retention_idx').on(t.status, t.updatedAt),
    index('checklists_reduction_idx').on(t.reducedAt, t.status, t.lastCompletedAt),
    check('checklists_status_ck', sql`status in ('draft', 'completed', 'correcting')`),
  ],
);

/** Every completed version of a check-list, with the catalogue it was filled against and why it was corrected. */
export const checklistVersions = sqliteTable(
  'checklist_versions',
  {
    id: text('id').primaryKey(),
    checklistId: text('checklist_id')
      .notNull()
      .references(() => checklists.id),
    version: integer('version').notNull(),
    catalogueVersion: text('catalogue_version').notNull(),
    answers: text('answers').notNull(),
    reason: text('reason'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('checklist_versions_uq').on(t.checklistId, t.version)],
);

/**
 * The indicators present in the current completed version (sections 2–5), one row each,
 * rewritten in the same transaction as the completion: statistics count them by index.
 */
export const checklistIndicators = sqliteTable(
  'checklist_indicators',
  {
    checklistId: text('checklist_id')
      .notNull()
      .references(() => checklists.id),
    code: text('code').notNull(),
    year: integer('year').notNull(),
    sufficient: integer('sufficient', { mode: 'boolean' }).notNull(),
    service: text('service').notNull(),
  },
  (t) => [uniqueIndex('checklist_indicators_uq').on(t.checklistId, t.code)],
);

/**
 * A referral to a centre, or a request the centre registered from another channel (source ≠
 * `app`, no check-list). `previous_referral_id` keeps the chain across redirects. `version`
 * guards against two people acting at once. The person fields are the minimal packet's facts
 * that the centres' statistics need; `packet` is the minimal packet as sent (JSON).
 */
export const referrals = sqliteTable(
  'referrals',
  {
    id: text('id').primaryKey(),
    checklistId: text('checklist_id').references(() => checklists.id),
    centreId: text('centre_id')
      .notNull()
      .references(() => organisations.id),
    referringOrganisationId: text('referring_organisation_id').references(() => organisations.id),
    /** Set for a minor: the guardianship service sees the referral. */
    guardianshipOrganisationId: text('guardianship_organisation_id').references(() => organisations.id),
    previousReferralId: text('previous_referral_id'),
    source: text('source').notNull(),
    caseType: text('case_type').notNull(),
    status: text('status', { enum: REFERRAL_STATUSES }).notNull(),
    version: integer('version').notNull().default(1),
    idempotencyKey: text('idempotency_key').notNull(),
    minor: integer('minor', { mode: 'boolean' }).notNull(),
    personSex: text('person_sex'),
    personAge: integer('person_age'),
    personNationality: text('person_nationality'),
    forms: text('forms').notNull().default(''),
    choiceReason: text('choice_reason'),
    shareChecklist: integer('share_checklist', { mode: 'boolean' }).notNull().default(false),
    packet: text('packet').notNull().default('{}'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    receivedAt: timestamp('received_at').notNull(),
    year: integer('year').notNull(),
    firstActionAt: timestamp('first_action_at'),
    acceptedAt: timestamp('accepted_at'),
    /** Belgian calendar year the accompaniment started (statistics count it there). */
    acceptedYear: integer('accepted_year'),
    endedAt: timestamp('ended_at'),
    updatedAt: timestamp('updated_at').notNull(),
    /** Seconds from sent to the centre's first action, and to acceptance (statistics table 15). */
    firstActionSeconds: integer('first_action_seconds'),
    acceptedSeconds: integer('accepted_seconds'),
    /** Set when retention erased the packet and notes of this ended referral. */
    reducedAt: timestamp('reduced_at'),
  },
  (t) => [
    uniqueIndex('referrals_idempotency_uq').on(t.createdBy, t.idempotencyKey),
    index('referrals_centre_idx').on(t.centreId, t.status, t.receivedAt),
    /** The centre's inbox, newest first. */
    index('referrals_centre_received_idx').on(t.centreId, t.receivedAt),
    index('referrals_referring_idx').on(t.referringOrganisationId, t.receivedAt),
    index('referrals_guardianship_idx').on(t.guardianshipOrganisationId, t.receivedAt),
    // The columns after the first ones cover the statistics' queries (compute-year-statistics.ts):
    // persons oriented; requests received in the year and response times; accompaniments started.
    index('referrals_checklist_idx').on(t.checklistId, t.acceptedAt, t.firstActionAt, t.status),
    index('referrals_stats_idx').on(
      t.year,
      t.centreId,
      t.status,
      t.referringOrganisationId,
      t.source,
      t.acceptedAt,
      t.receivedAt,
      t.firstActionAt,
    ),
    index('referrals_accepted_year_idx').on(
      t.acceptedYear,
      t.centreId,
      t.minor,
      t.personSex,
      t.caseType,
      t.forms,
      t.personNationality,
    ),
    index('referrals_retention_idx').on(t.reducedAt, t.endedAt),
    index('referrals_times_idx').on(t.year, t.source, t.centreId, t.firstActionSeconds, t.acceptedSeconds),
  ],
);

/** Every change of a referral: who, when it happened and when it was registered, from which status, note and reason — the timeline both sides see. */
export const referralEvents = sqliteTable(
  'referral_events',
  {
    id: text('id').primaryKey(),
    referralId: text('referral_id')
      .notNull()
      .references(() => referrals.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorUserId: text('actor_user_id')
      .notNull()
      .references(() => users.id),
    actorOrganisationId: text('actor_organisation_id').notNull(),
    note: text('note'),
    reason: text('reason'),
    /** When it was registered in Relais. */
    at: timestamp('at').notNull(),
    /** When it happened, which the statistics count (decision 0019): `at` unless registered late. */
    occurredAt: timestamp('occurred_at').notNull(),
    /** Why it was registered more than 7 days after it happened. */
    lateReason: text('late_reason'),
  },
  (t) => [index('referral_events_referral_idx').on(t.referralId, t.at)],
);

/** Each centre's capacity, kept up to date by its staff; referrers see it before choosing. */
export const centreCapacity = sqliteTable('centre_capacity', {
  centreId: text('centre_id')
    .primaryKey()
    .references(() => organisations.id),
  placesFree: integer('places_free').notNull(),
  ambulatoryOpen: integer('ambulatory_open', { mode: 'boolean' }).notNull(),
  updatedAt: timestamp('updated_at').notNull(),
  updatedBy: text('updated_by').references(() => users.id),
});

/** In-app notifications, one per recipient user, with an unread count. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    referralId: text('referral_id')
      .notNull()
      .references(() => referrals.id),
    kind: text('kind').notNull(),
    status: text('status'),
    at: timestamp('at').notNull(),
    readAt: timestamp('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.at)],
);

// --- E-mail (decision 0027) -------------------------------------------------------------------

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'held', 'digested', 'skipped'] as const;

/**
 * The transactional outbox: one row per message to one address, written in the same transaction
 * as the event that causes it and sent by the mail worker (lib/server/mail). `params` holds what
 * the template needs — organisation, case label, link — never a person's details. The row's id is
 * the message's Message-ID, so a resend after a crash is recognisable as the same message.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    /** One message per event and recipient: a scan or a retried request cannot enqueue it twice. */
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull(),
    userId: text('user_id').references(() => users.id),
    organisationId: text('organisation_id').references(() => organisations.id),
    referralId: text('referral_id'),
    locale: text('locale').notNull(),
    params: text('params').notNull().default('{}'),
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: MAIL_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at').notNull(),
    /** While `sending`: until when the worker that claimed it owns it; after that another may. */
    leaseUntil: timestamp('lease_until'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at').notNull(),
    sentAt: timestamp('sent_at'),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_uq').on(t.dedupeKey),
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_outbox_created_idx').on(t.createdAt),
    index('mail_outbox_user_idx').on(t.userId, t.status),
  ],
);

/** A person's e-mail preferences; no row: immediately, in French, not opted in to the organisation's new referrals. */
export const mailPreferences = sqliteTable('mail_preferences', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  /** immediate | digest | off — for messages that are not mandatory. */
  mode: text('mode').notNull().default('immediate'),
  locale: text('locale').notNull().default('fr'),
  /** Also told of every new referral to the organisation (centre and guardianship staff). */
  organisationReferrals: integer('organisation_referrals', { mode: 'boolean' }).notNull().default(false),
  updatedAt: timestamp('updated_at').notNull(),
});

/** An organisation's duty address(es) (one per line) and their language, set by its administrators. */
export const organisationMail = sqliteTable('organisation_mail', {
  organisationId: text('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  dutyAddresses: text('duty_addresses').notNull().default(''),
  locale: text('locale').notNull().default('fr'),
  updatedAt: timestamp('updated_at').notNull(),
  updatedBy: text('updated_by').references(() => users.id),
});

/** Addresses (hashed) a person has signed in from: a sign-in from a new one is told to them. */
export const knownSignInAddresses = sqliteTable(
  'known_sign_in_addresses',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    addressHash: text('address_hash').notNull(),
    firstSeenAt: timestamp('first_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.addressHash] })],
);

// --- Second factor, API tokens (decisions 0025, 0026) -----------------------------------------

/**
 * A person's TOTP second factor. The secret must be readable to check a code, so it is stored as
 * it is (the database file's protection is the host's). `lastTimeStep` is the time step of the
 * last code accepted: a code of that step or an earlier one is refused, so a code cannot be
 * replayed. `mustEnrol`: an administrator reset the factor and the person sets a new one up at
 * the next sign-in whatever the policy.
 */
export const secondFactors = sqliteTable('second_factors', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  totpSecret: text('totp_secret'),
  enrolledAt: timestamp('enrolled_at'),
  lastTimeStep: integer('last_time_step'),
  /** A secret shown for enrolment and not yet confirmed by a code. */
  pendingSecret: text('pending_secret'),
  pendingCreatedAt: timestamp('pending_created_at'),
  mustEnrol: integer('must_enrol', { mode: 'boolean' }).notNull().default(false),
  updatedAt: timestamp('updated_at').notNull(),
});

/** Single-use recovery codes, hashed like passwords; `pending` until the enrolment they were shown with is confirmed. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    pending: integer('pending', { mode: 'boolean' }).notNull().default(false),
    usedAt: timestamp('used_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** Whether a second factor is required, per organisation and role, set by the platform's administrators. No row: the default (required outside demo mode). */
export const secondFactorPolicies = sqliteTable(
  'second_factor_policies',
  {
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role', { enum: ROLES }).notNull(),
    required: integer('required', { mode: 'boolean' }).notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.role] })],
);

/**
 * API tokens for other systems (decision 0026): bound to an organisation and to scopes, stored as
 * the SHA-256 of a 256-bit random token (shown once). Each token acts as a service account of its
 * own (`userId`, never able to sign in), so what it writes and every audit entry name it.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** JSON array of scopes. */
    scopes: text('scopes').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, to recognise it in the list. */
    prefix: text('prefix').notNull(),
    createdBy: text('created_by').references(() => users.id),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    revokedAt: timestamp('revoked_at'),
    revokedBy: text('revoked_by').references(() => users.id),
    lastUsedAt: timestamp('last_used_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_org_idx').on(t.organisationId)],
);

/**
 * Single sign-on over OpenID Connect, one provider per organisation, set by the platform's
 * administrators (decision 0032). The client secret is stored encrypted (AES-256-GCM, key derived
 * from the session-signing secret) and never shown back. The lists of `acr` and `amr` values that
 * count as a second factor are stored space-separated.
 */
export const singleSignOnProviders = sqliteTable('single_sign_on_providers', {
  organisationId: text('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
  label: text('label').notNull(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  clientSecretEncrypted: text('client_secret_encrypted').notNull(),
  emailClaim: text('email_claim').notNull().default('email'),
  secondFactorAcr: text('second_factor_acr').notNull().default(''),
  secondFactorAmr: text('second_factor_amr').notNull().default(''),
  updatedAt: timestamp('updated_at').notNull(),
  updatedBy: text('updated_by').references(() => users.id),
});

/**
 * Passkeys (WebAuthn credentials) as a second factor (decision 0025). `credentialId` and
 * `publicKey` are base64url; `counter` is the authenticator's signature counter, which must go
 * up on each use (a lower one means a cloned authenticator, and the use is refused).
 */
export const passkeys = sqliteTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    /** JSON array of the transports the authenticator said it speaks (usb, nfc, internal…). */
    transports: text('transports').notNull().default('[]'),
    name: text('name').notNull(),
    createdAt: timestamp('created_at').notNull(),
    lastUsedAt: timestamp('last_used_at'),
  },
  (t) => [uniqueIndex('passkeys_credential_uq').on(t.credentialId), index('passkeys_user_idx').on(t.userId)],
);

/**
 * WebAuthn challenges handed out and not yet answered: bound to the session that asked, used
 * once (deleted when answered, right or wrong) and refused after `expiresAt`.
 */
export const webauthnChallenges = sqliteTable(
  'webauthn_challenges',
  {
    challenge: text('challenge').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id),
    purpose: text('purpose', { enum: ['registration', 'authentication'] }).notNull(),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
  },
  (t) => [index('webauthn_challenges_session_idx').on(t.sessionId)],
);

/**
 * Check-lists filled and completed in the browser, maybe without a connection, then sent
 * (decision 0033): the key each was sent under, the browser's own id for it and a digest of
 * what was sent. A retry with the same key and content answers the same check-list; other
 * content under the same key is a conflict. Goes with its check-list.
 */
export const checklistSubmissions = sqliteTable(
  'checklist_submissions',
  {
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    idempotencyKey: text('idempotency_key').notNull(),
    clientId: text('client_id').notNull(),
    checklistId: text('checklist_id')
      .notNull()
      .references(() => checklists.id, { onDelete: 'cascade' }),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    contentDigest: text('content_digest').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('checklist_submissions_key_uq').on(t.organisationId, t.idempotencyKey),
    index('checklist_submissions_checklist_idx').on(t.checklistId),
  ],
);
