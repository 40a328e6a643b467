'use server';

import { revalidatePath } from 'next/cache';
import { formStateAction } from '@/lib/http/server-action';
import { issueApiToken } from '@/lib/server/tokens/issue-api-token';
import { revokeApiToken } from '@/lib/server/tokens/revoke-api-token';
import { issueTokenSchema } from '@/lib/validation/tokens';
import { id } from '@/lib/validation/common';
import { z } from 'zod';

// API tokens (decision 0026): issued by an organisation's administrator, shown once, revocable.

const tokensChanged = () => revalidatePath('/admin/tokens');

export const issueApiTokenAction = formStateAction({
  schema: issueTokenSchema,
  input: (form) => ({ name: form.raw('name'), scopes: form.all('scopes'), days: form.raw('days') }),
  run: ({ actor, input }) => issueApiToken({ actor, input }),
  done: ({ token, expiresAt }) => {
    tokensChanged();
    return { token, expiresAt };
  },
});

export const revokeApiTokenAction = formStateAction({
  schema: z.object({ tokenId: id }),
  run: ({ actor, input }) => revokeApiToken({ actor, input }),
  done: tokensChanged,
});
