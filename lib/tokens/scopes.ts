import { can, type Permission } from '../permissions';
import { rolesAllowedFor, type OrganisationKind } from '../roles';

/**
 * What an API token may be given (decision 0026): each scope opens a few permissions, and a
 * token holds a permission only if its organisation's members could hold it too — a centre's
 * token with `checklists:write` still writes no check-list.
 */
export const TOKEN_SCOPES = {
  'checklists:read': ['checklist.read'],
  'checklists:write': ['checklist.read', 'checklist.write'],
  'referrals:read': ['referral.read'],
  'referrals:write': ['referral.read', 'referral.create', 'referral.act'],
  'centre-requests:write': ['centre_request.create', 'centre.capacity.update'],
  'statistics:read': ['statistics.read', 'statistics.export'],
  'users:manage': ['user.list', 'user.create', 'user.disable', 'user.change_role'],
} as const satisfies Record<string, readonly Permission[]>;

export type TokenScope = keyof typeof TOKEN_SCOPES;
export const TOKEN_SCOPE_NAMES = Object.keys(TOKEN_SCOPES) as TokenScope[];

export function isTokenScope(s: string): s is TokenScope {
  return Object.hasOwn(TOKEN_SCOPES, s);
}

/** Whether some role of an organisation of this kind holds the permission. */
export function organisationMayHold(kind: OrganisationKind, permission: Permission): boolean {
  return rolesAllowedFor(kind).some((role) => can(role, permission));
}

/** A token's permission: one of its scopes opens it, and its organisation may hold it. */
export function tokenAllows(scopes: readonly TokenScope[], kind: OrganisationKind, permission: Permission): boolean {
  return (
    scopes.some((s) => (TOKEN_SCOPES[s] as readonly Permission[]).includes(permission)) &&
    organisationMayHold(kind, permission)
  );
}

/** The scopes an organisation of this kind can use (one that opens nothing for it is not offered). */
export function scopesFor(kind: OrganisationKind): TokenScope[] {
  return TOKEN_SCOPE_NAMES.filter((s) => TOKEN_SCOPES[s].some((p) => organisationMayHold(kind, p)));
}

/** Longest life of a token: a year. */
export const TOKEN_MAX_DAYS = 365;
