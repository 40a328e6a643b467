/**
 * Roles and organisation kinds (docs/domain/access.md). These constants are the single source:
 * the drizzle columns, the zod enums and the UI derive from them.
 */
export const ROLES = ['referrer', 'centre_staff', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['police', 'onss', 'cls', 'guardianship', 'centre', 'coordination'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Which roles a member of an organisation of a given kind may hold. */
const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  police: ['referrer', 'admin'],
  onss: ['referrer', 'admin'],
  cls: ['referrer', 'admin'],
  guardianship: ['referrer', 'admin'],
  centre: ['centre_staff', 'admin'],
  coordination: ['coordinator', 'admin'],
};

export function rolesAllowedFor(kind: OrganisationKind): readonly Role[] {
  return ROLES_BY_KIND[kind];
}

export function isRoleAllowedFor(role: Role, kind: OrganisationKind): boolean {
  return ROLES_BY_KIND[kind].includes(role);
}

/** The screen each role lands on after sign-in. */
export const HOME_BY_ROLE: Record<Role, string> = {
  referrer: '/checklists',
  centre_staff: '/inbox',
  coordinator: '/dashboard',
  admin: '/admin/users',
};
