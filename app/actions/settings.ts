'use server';

import { revalidatePath } from 'next/cache';
import { formStateAction } from '@/lib/http/server-action';
import { setDisclosureThreshold } from '@/lib/server/statistics/set-disclosure-threshold';
import { disclosureThresholdSchema } from '@/lib/validation/settings';

export const setDisclosureThresholdAction = formStateAction({
  schema: disclosureThresholdSchema,
  run: ({ actor, input }) => setDisclosureThreshold({ actor, k: input.k }),
  done: ({ k }) => {
    revalidatePath('/admin/settings');
    return { k };
  },
});
