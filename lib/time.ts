/**
 * Time as Belgium reads it. Relais stores instants in UTC; days and years are Brussels days and
 * years: a check-list completed at 23:30 on 31 December in Brussels counts in that year, and a
 * control date "in the future" is judged against the Brussels calendar.
 */
export const BRUSSELS = 'Europe/Brussels';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BRUSSELS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
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

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: BRUSSELS,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Brussels' offset from UTC (ms) at an instant: +1 h in winter, +2 h in summer. */
function brusselsOffsetAt(t: number): number {
  const p = Object.fromEntries(partsFormat.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return local - Math.floor(t / 1000) * 1000;
}

/** Whether YYYY, MM, DD name a day of the calendar (2026-02-30 does not). */
function isCalendarDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1000 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A moment a user gives for when something happened, read as Belgium reads it:
 * - a calendar day `YYYY-MM-DD`: that Brussels day (`instant` is its first moment, `day` is set);
 * - a date-time with its offset (`2025-03-03T10:00:00Z`, `…+01:00`): that instant;
 * - a date-time without one (`2025-03-03T10:00`, what a datetime-local field sends): Brussels
 *   wall-clock time.
 * Null for anything else, a day that is not in the calendar included.
 */
export function parseMoment(value: string): { instant: Date; day: string | null } | null {
  const day = DAY.exec(value);
  if (day) {
    if (!isCalendarDay(Number(day[1]), Number(day[2]), Number(day[3]))) return null;
    return { instant: new Date(brusselsDayStart(value)), day: value };
  }
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s = '0', ms = '0'] = m.slice(1, 8).map((x) => x ?? undefined) as string[];
  const zone = m[8];
  if (!isCalendarDay(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return null;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms.padEnd(3, '0')),
  );
  if (zone) {
    const offset =
      zone === 'Z'
        ? 0
        : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
    if (Math.abs(offset) > 14 * 3_600_000 || Number(zone.slice(4, 6)) > 59) return null;
    return { instant: new Date(wall - offset), day: null };
  }
  // Brussels wall-clock time: the offset at the guess, checked again once (summer time changes).
  const guess = wall - brusselsOffsetAt(wall);
  return { instant: new Date(wall - brusselsOffsetAt(guess)), day: null };
}

/** An instant as a Brussels wall-clock `YYYY-MM-DDTHH:mm` (the value of a datetime-local field). */
export function brusselsDateTimeLocal(at: Date): string {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
