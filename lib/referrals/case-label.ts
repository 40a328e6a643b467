/**
 * The label a case goes by in lists, notifications, e-mails and page titles: the check-list's
 * reference when the referrer gave one, otherwise Relais's own short case number. The number is
 * derived from the check-list when there is one (a redirect opens a new referral for the same
 * person: it keeps the label), else from the referral's id (a request a centre registered), so
 * every party reads the same label for the same case. It names no person (decision 0023).
 */
export function caseLabel({
  referralId,
  reference,
  checklistId = null,
}: {
  referralId: string;
  reference: string | null;
  checklistId?: string | null;
}): string {
  const given = reference?.trim();
  if (given) return given;
  return caseNumber(checklistId ?? referralId);
}

/** Relais's short case number: 8 characters of the record's id, stable for its life. */
export function caseNumber(id: string): string {
  return `R-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

/**
 * What a list may show of the person beside the case label (decision 0023): initials, sex and
 * age — enough for the people who hold the case to recognise it, not enough for a passer-by to
 * identify the person. The full name stays on the referral's own page, in the packet.
 */
export interface PersonGlimpse {
  initials: string | null;
  sex: string | null;
  age: number | null;
  minor: boolean;
}

/** "Maria del Carmen Lopez" → "M. D. C. L." — at most four letters; null without a name. */
export function initialsOf(name: string | null | undefined): string | null {
  const words = (name ?? '')
    .trim()
    .split(/[\s\-']+/u)
    .filter(Boolean);
  if (words.length === 0) return null;
  return words
    .slice(0, 4)
    .map((w) => `${w.charAt(0).toLocaleUpperCase()}.`)
    .join(' ');
}

/** The glimpse from a referral's stored packet (JSON); what minimisation or retention removed stays absent. */
export function glimpseFromPacket(
  packet: string | null,
  fallback: { sex: string | null; age: number | null; minor: boolean },
): PersonGlimpse {
  let person: { name?: unknown; sex?: unknown; age?: unknown } = {};
  try {
    person = (JSON.parse(packet ?? '{}') as { person?: typeof person }).person ?? {};
  } catch {
    person = {};
  }
  return {
    initials: initialsOf(typeof person.name === 'string' ? person.name : null),
    sex: typeof person.sex === 'string' ? person.sex : fallback.sex,
    age: typeof person.age === 'number' ? person.age : fallback.age,
    minor: fallback.minor,
  };
}
