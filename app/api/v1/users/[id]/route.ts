import { z } from 'zod';
import { apiRoute } from '@/lib/http/route-handler';
import { updateOrganisationUser } from '@/lib/server/users/update-organisation-user';
import { id } from '@/lib/validation/common';
import { apiPatchUserSchema } from '@/lib/validation/users-api';

const params = z.object({ id });

/**
 * PATCH /api/v1/users/{id} — disables or re-enables (`active`) and/or changes the role (`role`)
 * of a user of the caller's organisation; answers the user as it now is.
 */
export const PATCH = apiRoute({
  params,
  body: apiPatchUserSchema,
  run: ({ actor, params: { id }, body }) => ({ user: updateOrganisationUser({ actor, userId: id, patch: body }) }),
});
