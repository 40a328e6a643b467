import { z } from 'zod';
import { FORMS } from '../checklist/catalogue';
import { NATIONALITY_CODES } from '../checklist/countries';
import { CENTRE_CODES, CHOICE_REASONS } from '../referrals/routing';
import { CASE_TYPES, REFERRAL_STATUSES, REQUEST_SOURCES } from '../referrals/state-machine';
import { todayInBrussels } from '../time';
import { isValidIsoDate } from '../checklist/derived';
import { id, idempotencyKey, optionalText } from './common';

export const createReferralSchema = z.object({
  checklistId: id,
  centre: z.enum(CENTRE_CODES, { error: 'errors.invalidOption' }).optional(),
  choiceReason: z.enum(CHOICE_REASONS, { error: 'errors.invalidOption' }).optional().nullable(),
  caseType: z.enum(CASE_TYPES, { error: 'errors.invalidOption' }).default('thb'),
  urgentNeeds: optionalText(1000),
  phone: optionalText(40),
  shareChecklist: z.boolean({ error: 'errors.wrongType' }).optional(),
  idempotencyKey,
});

export const transitionSchema = z.object({
  to: z.enum(REFERRAL_STATUSES, { error: 'errors.invalidOption' }),
  note: optionalText(2000),
  reason: z.string({ error: 'errors.wrongType' }).max(40, { error: 'errors.tooLong' }).optional().nullable(),
  expectedVersion: z.number({ error: 'errors.expectedVersion' }).int({ error: 'errors.expectedVersion' }).min(1, { error: 'errors.expectedVersion' }),
  redirectTo: z.enum(CENTRE_CODES, { error: 'errors.invalidOption' }).optional().nullable(),
});

export const capacitySchema = z.object({
  placesFree: z.number({ error: 'errors.wholeNumber' }).int({ error: 'errors.wholeNumber' }).min(0, { error: 'errors.outOfRange' }).max(1000, { error: 'errors.outOfRange' }),
  ambulatoryOpen: z.boolean({ error: 'errors.wrongType' }),
});

export const centreRequestSchema = z.object({
  source: z.enum(REQUEST_SOURCES.filter((s) => s !== 'app') as [string, ...string[]], { error: 'errors.invalidOption' }),
  receivedOn: z
    .string({ error: 'errors.required' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.invalidDate' })
    // A day of the calendar: Date.parse takes 2026-02-30 for 2 March.
    .refine((d) => isValidIsoDate(d) && d >= '1990-01-01', { error: 'errors.invalidDate' })
    .refine((d) => d <= todayInBrussels(), { error: 'errors.dateInFuture' }),
  sex: z.enum(['m', 'f', 'x'], { error: 'errors.invalidOption' }),
  age: z.number({ error: 'errors.wholeNumber' }).int({ error: 'errors.wholeNumber' }).min(0, { error: 'errors.outOfRange' }).max(110, { error: 'errors.outOfRange' }).optional(),
  minor: z.boolean({ error: 'errors.wrongType' }).optional(),
  nationality: z.enum(NATIONALITY_CODES, { error: 'errors.invalidOption' }),
  forms: z
    .array(z.enum(FORMS, { error: 'errors.invalidOption' }), { error: 'errors.invalidOption' })
    .min(1, { error: 'errors.required' })
    // A form counted twice would count the person twice in the statistics.
    .refine((forms) => new Set(forms).size === forms.length, { error: 'errors.invalidOption' }),
  caseType: z.enum(CASE_TYPES, { error: 'errors.invalidOption' }).default('thb'),
  note: optionalText(1000),
  idempotencyKey,
});
export type CentreRequestInput = z.infer<typeof centreRequestSchema>;
