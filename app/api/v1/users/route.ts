import { json } from '@/lib/http/api-responses';
import { apiRoute } from '@/lib/http/route-handler';
import { createUser } from '@/lib/server/users/create-user';
import { findOrganisationUsers } from '@/lib/server/users/find-organisation-users';
import { apiCreateUserSchema } from '@/lib/validation/users-api';

/** GET /api/v1/users — the users of the caller's organisation (permission user.list; a token needs `users:manage`). */
export const GET = apiRoute({
  permission: 'user.list',
  run: ({ actor }) => ({ users: findOrganisationUsers({ actor }) }),
});

/**
 * POST /api/v1/users — creates a user in the caller's organisation with a one-time password,
 * answered once (201). Body: { "email", "name", "role", "signIn"? }: `"signIn": "sso"` makes an account
 * without a password, signing in only through the organisation's OpenID provider (no oneTimePassword).
 */
export const POST = apiRoute({
  permission: 'user.create',
  body: apiCreateUserSchema,
  run: async ({ actor, body }) => {
    const created = await createUser({ actor, input: { ...body, organisationId: actor.organisationId } });
    const user = findOrganisationUsers({ actor }).find((u) => u.id === created.userId);
    // An account that signs in only through single sign-on has no password to hand over (decision 0032).
    return json(
      created.oneTimePassword === null
        ? { user, confirmation: created.confirmation }
        : { user, oneTimePassword: created.oneTimePassword, confirmation: created.confirmation },
      201,
    );
  },
});
