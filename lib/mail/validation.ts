import { z } from 'zod';
import { LOCALES } from '../i18n/locales';
import { email, id } from '../validation/common';

export const MAIL_MODE_VALUES = ['immediate', 'digest', 'off'] as const;

/** A person's e-mail preferences (account page). */
export const mailPreferencesSchema = z.object({
  mode: z.enum(MAIL_MODE_VALUES, { error: 'errors.validation' }),
  locale: z.enum(LOCALES, { error: 'errors.validation' }),
  organisationReferrals: z.boolean(),
});

/** An organisation's duty addresses, typed one per line (at most 10). */
export const dutyAddressesSchema = z.object({
  addresses: z
    .string()
    .max(2000, { error: 'errors.tooLong' })
    .transform((text) => [
      ...new Set(
        text
          .split(/[\n,;]+/)
          .map((a) => a.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(email).max(10, { error: 'errors.tooLong' })),
  locale: z.enum(LOCALES, { error: 'errors.validation' }),
});

export const retryMailSchema = z.object({ id });
