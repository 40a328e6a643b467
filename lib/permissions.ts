import type { OrganisationKind, Role } from './roles';

/**
 * The one permission table (docs/domain/access.md). Every verb of the data access layer checks a
 * permission by name against it; the UI only uses it to decide what to show, never as the
 * defence. Scope (which organisation's records) is applied by the verbs in their WHERE clause.
 */
export const PERMISSIONS = {
  'account.read': ['referrer', 'centre_staff', 'coordinator', 'admin'],
  'account.change_password': ['referrer', 'centre_staff', 'coordinator', 'admin'],
  'checklist.read': ['referrer'],
  'checklist.write': ['referrer'],
  // Its author throws away a first draft (decision 0023); the verb checks the author.
  'checklist.discard': ['referrer'],
  'referral.create': ['referrer'],
  'referral.read': ['referrer', 'centre_staff'],
  'referral.act': ['referrer', 'centre_staff'],
  'centre.capacity.update': ['centre_staff'],
  'centre_request.create': ['centre_staff'],
  'statistics.read': ['coordinator'],
  'statistics.export': ['coordinator'],
  'checklist.import': ['coordinator', 'admin'],
  'centre_request.import': ['coordinator', 'centre_staff'],
  'user.list': ['admin'],
  'user.create': ['admin'],
  'user.disable': ['admin'],
  'user.reset_password': ['admin'],
  'user.change_role': ['admin'],
  'user.confirm': ['admin'],
  'audit.read': ['admin'],
  'settings.update': ['admin'],
  'replication.read': ['admin'],
  // Second factor and API tokens (decisions 0025, 0026). Setting the policy also needs the coordination platform.
  'account.second_factor': ['referrer', 'centre_staff', 'coordinator', 'admin'],
  'user.reset_second_factor': ['admin'],
  'settings.second_factor_policy': ['admin'],
  // Single sign-on per organisation (decision 0032); also needs the coordination platform.
  'settings.single_sign_on': ['admin'],
  'api_token.manage': ['admin'],
  'mail.admin': ['admin'],
  'account.mail_preferences': ['referrer', 'centre_staff', 'coordinator', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/**
 * Administrators manage the users of their own organisation; administrators of the
 * coordination platform manage the users of every organisation (decision 0004).
 */
export function adminScopeIsPlatform(kind: OrganisationKind): boolean {
  return kind === 'coordination';
}

/** Roles that read persons' records (check-lists, referrals). */
export function readsPersonsRecords(role: Role): boolean {
  return can(role, 'checklist.read') || can(role, 'referral.read');
}

/**
 * Roles whose account, once an administrator has chosen its password, waits for another
 * administrator of its own organisation (decision 0018): those that read persons' records, and
 * the administrators themselves, who could otherwise confirm the accounts of the one who set them up.
 */
export function needsConfirmationWhenSetByAnAdministrator(role: Role): boolean {
  return readsPersonsRecords(role) || can(role, 'user.confirm');
}
