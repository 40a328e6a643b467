'use server';

import { revalidatePath } from 'next/cache';
import { formStateAction } from '@/lib/http/server-action';
import { setSingleSignOn } from '@/lib/server/auth/set-single-sign-on';
import { singleSignOnSchema } from '@/lib/validation/single-sign-on';

// Single sign-on per organisation (decision 0032): the platform administrators' settings. The
// sign-in itself goes through next-auth's route.

export const setSingleSignOnAction = formStateAction({
  schema: singleSignOnSchema,
  input: (form) => ({ ...form.values, clientSecret: form.raw('clientSecret'), enabled: form.checked('enabled') }),
  run: ({ actor, input }) => setSingleSignOn({ actor, input }),
  done: () => revalidatePath('/admin/single-sign-on'),
});
