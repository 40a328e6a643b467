import { isEuNational } from './countries';
import type { Answers } from './answers';

/**
 * Values derived from the answers, never typed (docs/domain/checklist.md): age at the control date,
 * minor (age < 18, or age in doubt — treated as a minor until the guardianship service has
 * decided), EU national.
 */
export function ageAtDate(birthDate: string, onDate: string): number | null {
  const b = parseIsoDate(birthDate);
  const d = parseIsoDate(onDate);
  // ISO dates compare as strings; a birth after the date has no age.
  if (!b || !d || birthDate > onDate) return null;
  let age = d.y - b.y;
  if (d.m < b.m || (d.m === b.m && d.d < b.d)) age--;
  return age;
}

function parseIsoDate(s: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return { y, m: mo, d };
}

export function isValidIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null;
}

export interface Derived {
  /** Age in whole years at the control date: from the birth date, else the estimate; null if neither. */
  age: number | null;
  ageSource: 'birth_date' | 'estimate' | null;
  minor: boolean;
  /** Why minor: under 18, or age in doubt. */
  minorBecause: 'age' | 'doubt' | null;
  euNational: boolean | null;
}

export function derive(answers: Answers): Derived {
  const control = typeof answers['ctx.control_date'] === 'string' ? answers['ctx.control_date'] : null;
  const birth = typeof answers['vic.birth_date'] === 'string' ? answers['vic.birth_date'] : null;
  const estimate = typeof answers['vic.age_estimate'] === 'number' ? answers['vic.age_estimate'] : null;
  let age: number | null = null;
  let ageSource: Derived['ageSource'] = null;
  if (birth && control) {
    age = ageAtDate(birth, control);
    if (age !== null) ageSource = 'birth_date';
  }
  if (age === null && estimate !== null) {
    age = estimate;
    ageSource = 'estimate';
  }
  const doubt = answers['vic.age_doubt'] === 'yes';
  const under18 = age !== null && age < 18;
  return {
    age,
    ageSource,
    minor: under18 || doubt,
    minorBecause: under18 ? 'age' : doubt ? 'doubt' : null,
    euNational: isEuNational(typeof answers['vic.nationality'] === 'string' ? answers['vic.nationality'] : undefined),
  };
}

/** pay.example → the hourly equivalent the form shows (amount per hour of work). */
export function hourlyEquivalent(answers: Answers): number | null {
  const amount = answers['pay.example_amount'];
  const unit = answers['pay.example_unit'];
  const hours = answers['pay.example_hours'];
  if (typeof amount !== 'number') return null;
  if (unit === 'hour') return amount;
  if (typeof hours === 'number' && hours > 0) return Math.round((amount / hours) * 100) / 100;
  return null;
}
