'use server';

import { revalidatePath } from 'next/cache';
import { formAction, formStateAction } from '@/lib/http/server-action';
import { dutyAddressesSchema, mailPreferencesSchema, retryMailSchema } from '@/lib/mail/validation';
import { retryMail } from '@/lib/server/mail/retry-mail';
import { setDutyAddresses } from '@/lib/server/mail/set-duty-addresses';
import { setMailPreferences } from '@/lib/server/mail/set-mail-preferences';

/** The signed-in person's e-mail preferences (account page). */
export const setMailPreferencesAction = formStateAction({
  schema: mailPreferencesSchema,
  input: (form) => ({
    mode: form.raw('mode'),
    locale: form.raw('locale'),
    organisationReferrals: form.checked('organisationReferrals'),
  }),
  run: ({ actor, input }) => setMailPreferences({ actor, input }),
  done: () => revalidatePath('/account'),
});

/** The duty addresses of the administrator's organisation (e-mail screen). */
export const setDutyAddressesAction = formStateAction({
  schema: dutyAddressesSchema,
  run: ({ actor, input }) => setDutyAddresses({ actor, addresses: input.addresses, locale: input.locale }),
  done: (result) => {
    revalidatePath('/admin/mail');
    return result;
  },
});

/** Sends a failed message again (e-mail screen's button). */
export const retryMailAction = formAction({
  schema: retryMailSchema,
  run: ({ actor, input }) => retryMail({ actor, id: input.id }),
  done: () => revalidatePath('/admin/mail'),
});
