import { z } from 'zod';
import { isTokenScope, TOKEN_MAX_DAYS, type TokenScope } from '../tokens/scopes';
import { requiredText } from './common';

export const issueTokenSchema = z.object({
  name: requiredText(100),
  scopes: z
    .array(z.string())
    .min(1, { error: 'tokens.errors.noScope' })
    .refine((a) => a.every(isTokenScope), { error: 'tokens.errors.unknownScope' })
    .transform((a) => [...new Set(a)] as TokenScope[]),
  days: z.coerce
    .number({ error: 'errors.required' })
    .int({ error: 'tokens.errors.days' })
    .min(1, { error: 'tokens.errors.days' })
    .max(TOKEN_MAX_DAYS, { error: 'tokens.errors.days' }),
});
export type IssueTokenInput = z.infer<typeof issueTokenSchema>;
