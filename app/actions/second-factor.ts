'use server';

import { revalidatePath } from 'next/cache';
import { formStateAction } from '@/lib/http/server-action';
import { confirmTotpEnrolment } from '@/lib/server/auth/confirm-totp-enrolment';
import { resetSecondFactor } from '@/lib/server/auth/reset-second-factor';
import { setSecondFactorPolicy } from '@/lib/server/auth/set-second-factor-policy';
import { secondFactorPolicySchema, totpCodeSchema } from '@/lib/validation/second-factor';
import { userIdSchema } from '@/lib/validation/users';

// Second factor (decision 0025): enrolment from the account page, an administrator's reset,
// the platform's policy. The second step of sign-in itself goes through next-auth's provider.

export const confirmTotpEnrolmentAction = formStateAction({
  schema: totpCodeSchema,
  run: ({ actor, input }) => confirmTotpEnrolment({ actor, input }),
  done: () => revalidatePath('/account'),
});

export const resetSecondFactorAction = formStateAction({
  schema: userIdSchema,
  run: ({ actor, input }) => resetSecondFactor({ actor, input }),
  done: () => revalidatePath('/admin/users'),
});

export const setSecondFactorPolicyAction = formStateAction({
  schema: secondFactorPolicySchema,
  run: ({ actor, input }) => setSecondFactorPolicy({ actor, input }),
  done: () => revalidatePath('/admin/second-factor'),
});
