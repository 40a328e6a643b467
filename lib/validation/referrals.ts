import { z } from 'zod';
import { FORMS } from '../checklist/catalogue';
import { NATIONALITY_CODES } from '../checklist/countries';
import { CENTRE_CODES, CHOICE_REASONS } from '../referrals/routing';
import {
  allowedTransitions,
  CASE_TYPES,
  REFERRAL_STATUSES,
  REQUEST_SOURCES,
  type ReferralStatus,
} from '../referrals/state-machine';
import { parseMoment, todayInBrussels } from '../time';
import { isValidIsoDate } from '../checklist/derived';
import { id, idempotencyKey, optionalText } from './common';

/**
 * When an event happened, if earlier than now (decision 0019): an ISO date-time (with its offset,
 * or without one as Brussels time) or a day YYYY-MM-DD. Absent or blank means now. Whether it is
 * in the future, before the referral's previous event or late is for the verb, which knows both.
 */
export const occurredAt = z
  .string({ error: 'errors.referral.occurredAtInvalid' })
  .trim()
  .max(40, { error: 'errors.referral.occurredAtInvalid' })
  .refine((v) => v === '' || parseMoment(v) !== null, { error: 'errors.referral.occurredAtInvalid' })
  .optional()
  .nullable()
  .transform((v) => (v ? v : null))
  .optional();

/** Why an event is registered more than 7 days after it happened. */
export const lateReason = optionalText(500).optional();

/** What a registered request may already have come to: the centre's moves from acknowledged. */
export const REQUEST_OUTCOMES = allowedTransitions('acknowledged', 'centre').map((t) => t.to) as [
  ReferralStatus,
  ...ReferralStatus[],
];

export const createReferralSchema = z.object({
  checklistId: id,
  centre: z.enum(CENTRE_CODES, { error: 'errors.invalidOption' }).optional(),
  choiceReason: z.enum(CHOICE_REASONS, { error: 'errors.invalidOption' }).optional().nullable(),
  caseType: z.enum(CASE_TYPES, { error: 'errors.invalidOption' }).default('thb'),
  urgentNeeds: optionalText(1000),
  phone: optionalText(40),
  shareChecklist: z.boolean({ error: 'errors.wrongType' }).optional(),
  sentAt: occurredAt,
  occurredAt,
  lateReason,
  idempotencyKey,
});

export const transitionSchema = z.object({
  to: z.enum(REFERRAL_STATUSES, { error: 'errors.invalidOption' }),
  note: optionalText(2000),
  reason: z.string({ error: 'errors.wrongType' }).max(40, { error: 'errors.tooLong' }).optional().nullable(),
  expectedVersion: z
    .number({ error: 'errors.expectedVersion' })
    .int({ error: 'errors.expectedVersion' })
    .min(1, { error: 'errors.expectedVersion' }),
  redirectTo: z.enum(CENTRE_CODES, { error: 'errors.invalidOption' }).optional().nullable(),
  occurredAt,
  lateReason,
});

export const capacitySchema = z.object({
  placesFree: z
    .number({ error: 'errors.wholeNumber' })
    .int({ error: 'errors.wholeNumber' })
    .min(0, { error: 'errors.outOfRange' })
    .max(1000, { error: 'errors.outOfRange' }),
  ambulatoryOpen: z.boolean({ error: 'errors.wrongType' }),
});

export const centreRequestSchema = z.object({
  source: z.enum(REQUEST_SOURCES.filter((s) => s !== 'app') as [string, ...string[]], {
    error: 'errors.invalidOption',
  }),
  receivedOn: z
    .string({ error: 'errors.required' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.invalidDate' })
    // A day of the calendar: Date.parse takes 2026-02-30 for 2 March.
    .refine((d) => isValidIsoDate(d) && d >= '1990-01-01', { error: 'errors.invalidDate' })
    .refine((d) => d <= todayInBrussels(), { error: 'errors.dateInFuture' }),
  sex: z.enum(['m', 'f', 'x'], { error: 'errors.invalidOption' }),
  age: z
    .number({ error: 'errors.wholeNumber' })
    .int({ error: 'errors.wholeNumber' })
    .min(0, { error: 'errors.outOfRange' })
    .max(110, { error: 'errors.outOfRange' })
    .optional(),
  minor: z.boolean({ error: 'errors.wrongType' }).optional(),
  nationality: z.enum(NATIONALITY_CODES, { error: 'errors.invalidOption' }),
  forms: z
    .array(z.enum(FORMS, { error: 'errors.invalidOption' }), { error: 'errors.invalidOption' })
    .min(1, { error: 'errors.required' })
    // A form counted twice would count the person twice in the statistics.
    .refine((forms) => new Set(forms).size === forms.length, { error: 'errors.invalidOption' }),
  caseType: z.enum(CASE_TYPES, { error: 'errors.invalidOption' }).default('thb'),
  note: optionalText(1000),
  outcome: z.enum(REQUEST_OUTCOMES, { error: 'errors.invalidOption' }).optional().nullable(),
  outcomeReason: z.string({ error: 'errors.wrongType' }).max(40, { error: 'errors.tooLong' }).optional().nullable(),
  outcomeOn: occurredAt,
  lateReason,
  idempotencyKey,
});
export type CentreRequestInput = z.infer<typeof centreRequestSchema>;
