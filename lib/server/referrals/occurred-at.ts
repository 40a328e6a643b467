import 'server-only';
import { parseMoment, todayInBrussels } from '../../time';
import { DomainError } from '../errors';

/** Further back than this, registering an event needs a reason (docs/domain/referrals.md#effective-dates). */
export const LATE_AFTER_MS = 7 * 86_400_000;

/** A typed moment a minute ahead of the server clock is "now" (a minute-precision field, clocks that differ). */
const CLOCK_TOLERANCE_MS = 60_000;

/**
 * When an event of a referral happened, as given by the user (decision 0019): absent means now;
 * otherwise a day or a date-time (lib/time.ts parseMoment), never in the future, never before
 * `notBefore` (the previous event of the referral, or what the referral started from), and more
 * than 7 days back only with a reason. A day alone stands for its first moment in Brussels, or
 * for `notBefore` when that falls on the same day, so "today" after an event of this morning
 * is accepted. Each refusal names `field`, the input that carried the moment, or `lateReason`.
 */
export function resolveOccurredAt({
  value,
  notBefore,
  notBeforeError = 'errors.referral.occurredBeforePrevious',
  lateReason,
  now,
  field = 'occurredAt',
}: {
  value: string | null | undefined;
  notBefore: string | null;
  notBeforeError?: string;
  lateReason: string | null | undefined;
  now: Date;
  field?: string;
}): { occurredAt: string; lateReason: string | null } {
  const reason = lateReason?.trim() || null;
  if (value === null || value === undefined || value.trim() === '')
    return { occurredAt: now.toISOString(), lateReason: reason };
  const refuse = (key: string, on = field): never => {
    throw new DomainError(key, { [on]: [key] });
  };
  const moment = parseMoment(value.trim());
  if (!moment) return refuse('errors.referral.occurredAtInvalid');
  let at = moment.instant.getTime();
  const floor = notBefore === null ? null : Date.parse(notBefore);
  if (moment.day !== null) {
    if (moment.day > todayInBrussels(now)) return refuse('errors.referral.occurredInFuture');
    if (floor !== null && at < floor) {
      if (moment.day < todayInBrussels(new Date(floor))) return refuse(notBeforeError);
      at = floor;
    }
    at = Math.min(at, now.getTime());
  } else {
    if (at > now.getTime() + CLOCK_TOLERANCE_MS) return refuse('errors.referral.occurredInFuture');
    at = Math.min(at, now.getTime());
    if (floor !== null && at < floor) return refuse(notBeforeError);
  }
  if (now.getTime() - at > LATE_AFTER_MS && !reason) return refuse('errors.referral.lateReasonRequired', 'lateReason');
  return { occurredAt: new Date(at).toISOString(), lateReason: reason };
}
