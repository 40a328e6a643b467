import type { OrganisationKind, Role } from '../../roles';
import type { TokenScope } from '../../tokens/scopes';

/** The signed-in user of one request, as read from the database for that request. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  /** Detecting service of a referring organisation (ctx.service), else null. */
  organisationService: string | null;
  sessionId: string;
  mustChangePassword: boolean;
  /** Client address of the request, for the audit trail. */
  ip: string | null;
  /** An API token's call (decision 0026): the token's service account, limited to these scopes. */
  token?: { id: string; scopes: readonly TokenScope[] };
}
