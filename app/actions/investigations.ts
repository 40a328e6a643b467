'use server';

import { revalidatePath } from 'next/cache';
import { formStateAction } from '@/lib/http/server-action';
import { setInvestigationPersonsMet } from '@/lib/server/investigations/set-investigation-persons-met';
import { setYearlyPersonsMet } from '@/lib/server/investigations/set-yearly-persons-met';
import { investigationPersonsMetSchema, yearlyPersonsMetSchema } from '@/lib/validation/investigations';

/** Records how many presumed victims an investigation met; an empty field removes the count. */
export const setInvestigationPersonsMetAction = formStateAction({
  schema: investigationPersonsMetSchema,
  input: (form) => ({
    investigationId: form.raw('investigationId'),
    personsMet: form.wholeNumber('personsMet') ?? null,
  }),
  run: ({ actor, input }) =>
    setInvestigationPersonsMet({ actor, id: input.investigationId, input: { personsMet: input.personsMet } }),
  done: (_result, input) => {
    revalidatePath(`/investigations/${input.investigationId}`);
    revalidatePath('/investigations');
  },
});

/** Sets the organisation's yearly figure of presumed victims met in investigations. */
export const setYearlyPersonsMetAction = formStateAction({
  schema: yearlyPersonsMetSchema,
  input: (form) => ({ year: form.wholeNumber('year'), count: form.wholeNumber('count') }),
  run: ({ actor, input }) => setYearlyPersonsMet({ actor, input }),
  done: () => revalidatePath('/investigations'),
});
