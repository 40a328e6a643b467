import { z } from 'zod';
import { id, optionalText, requiredText } from './common';
import { normaliseIssuer, normaliseValueList } from '../sso/rules';

/**
 * An issuer URL: https, or http on this machine only (a provider started by the tests, or a
 * developer's), since over plain http anyone on the way could answer in the provider's place.
 */
const issuer = requiredText(300)
  .refine(
    (v) => {
      try {
        const url = new URL(v);
        const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
        return (url.protocol === 'https:' || (url.protocol === 'http:' && local)) && !url.search && !url.hash;
      } catch {
        return false;
      }
    },
    { error: 'singleSignOn.errors.issuer' },
  )
  .transform(normaliseIssuer);

const valueList = optionalText(500).transform((v) => normaliseValueList(v ?? ''));

/** The platform administrator's form for one organisation's provider (decision 0032). */
export const singleSignOnSchema = z.object({
  organisationId: id,
  enabled: z.boolean(),
  label: requiredText(60),
  issuer,
  clientId: requiredText(200),
  /** Empty keeps the stored secret; required when none is stored yet (the verb checks). */
  clientSecret: z
    .string()
    .max(500, { error: 'errors.tooLong' })
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null)),
  emailClaim: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : 'email'))
    .refine((v) => /^[A-Za-z0-9_.:/-]{1,100}$/.test(v), { error: 'singleSignOn.errors.emailClaim' }),
  secondFactorAcr: valueList,
  secondFactorAmr: valueList,
});
export type SingleSignOnInput = z.infer<typeof singleSignOnSchema>;
