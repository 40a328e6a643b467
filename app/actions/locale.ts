'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { signedOutAction } from '@/lib/http/server-action';
import { LOCALES, LOCALE_COOKIE } from '@/lib/i18n/locales';

/** Remembers the interface language for a year. Needs no sign-in: the sign-in page has the switch too. */
export const setLocaleAction = signedOutAction({
  schema: z.object({ locale: z.enum(LOCALES) }),
  run: async ({ locale }) => {
    (await cookies()).set(LOCALE_COOKIE, locale, {
      path: '/',
      maxAge: 60 * 60 * 24 * 365,
      sameSite: 'lax',
      httpOnly: true,
      secure: (process.env.NEXTAUTH_URL ?? '').startsWith('https://'),
    });
    revalidatePath('/', 'layout');
  },
});
