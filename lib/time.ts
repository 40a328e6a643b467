/**
 * Time as Belgium reads it. Relais stores instants in UTC; days and years are Brussels days and
 * years: a check-list completed at 23:30 on 31 December in Brussels counts in that year, and a
 * control date "in the future" is judged against the Brussels calendar.
 */
export const BRUSSELS = 'Europe/Brussels';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: BRUSSELS, year: 'numeric', month: '2-digit', day: '2-digit' });
const yearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: BRUSSELS, year: 'numeric' });
const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: BRUSSELS, hour: '2-digit', hourCycle: 'h23' });

/** Today in Belgium, as YYYY-MM-DD. */
export function todayInBrussels(now = new Date()): string {
  return dayFormat.format(now);
}

/** The calendar year in Belgium of an instant. */
export function yearInBrussels(at: Date): number {
  return Number(yearFormat.format(at));
}

/** The UTC instant (ISO) at which a Brussels calendar day YYYY-MM-DD starts. */
export function brusselsDayStart(day: string): string {
  const noonUtc = new Date(`${day}T12:00:00Z`);
  const offsetHours = Number(hourFormat.format(noonUtc)) - 12;
  return new Date(Date.parse(`${day}T00:00:00Z`) - offsetHours * 3_600_000).toISOString();
}

/** The calendar day after YYYY-MM-DD. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
