'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { formStateAction } from '@/lib/http/server-action';
import { beginPasskeyRegistration } from '@/lib/server/auth/begin-passkey-registration';
import { confirmTotpEnrolment } from '@/lib/server/auth/confirm-totp-enrolment';
import { finishPasskeyRegistration } from '@/lib/server/auth/finish-passkey-registration';
import { removePasskey } from '@/lib/server/auth/remove-passkey';
import { resetSecondFactor } from '@/lib/server/auth/reset-second-factor';
import { setSecondFactorPolicy } from '@/lib/server/auth/set-second-factor-policy';
import {
  passkeyIdSchema,
  passkeyRegistrationSchema,
  secondFactorPolicySchema,
  totpCodeSchema,
} from '@/lib/validation/second-factor';
import { userIdSchema } from '@/lib/validation/users';

// Second factor (decision 0025): enrolment from the account page (the app, passkeys), an
// administrator's reset, the platform's policy. The second step of sign-in itself goes through next-auth's provider.

export const confirmTotpEnrolmentAction = formStateAction({
  schema: totpCodeSchema,
  run: ({ actor, input }) => confirmTotpEnrolment({ actor, input }),
  done: () => revalidatePath('/account'),
});

/** The browser's options to create a passkey, with a challenge kept for this session. */
export const beginPasskeyRegistrationAction = formStateAction({
  schema: z.object({}),
  run: ({ actor }) => beginPasskeyRegistration({ actor }),
  done: (options) => options,
});

export const finishPasskeyRegistrationAction = formStateAction({
  schema: passkeyRegistrationSchema,
  run: ({ actor, input }) => finishPasskeyRegistration({ actor, input }),
  done: () => revalidatePath('/account/second-factor'),
});

export const removePasskeyAction = formStateAction({
  schema: passkeyIdSchema,
  run: ({ actor, input }) => removePasskey({ actor, input }),
  done: () => revalidatePath('/account/second-factor'),
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
