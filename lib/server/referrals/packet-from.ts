import type { Answers } from '../../checklist/answers';
import type { Derived } from '../../checklist/derived';

/**
 * The minimal packet a centre receives (docs/domain/referrals.md): who the person is and how to reach
 * them safely, languages and interpreter needs, the suspected forms of exploitation, minor or
 * not, urgent needs, who referred them and how to call back. Investigation details stay with
 * the referring service unless it chooses to share the check-list.
 */
export interface ReferralPacket {
  person: {
    name: string | null;
    sex: string | null;
    age: number | null;
    minor: boolean;
    nationality: string | null;
    contact: string | null;
    noSafeContact: boolean;
    languages: string | null;
    interpreter: string | null;
  };
  forms: string[];
  urgentNeeds: string | null;
  referrer: { name: string; organisation: string; phone: string | null } | null;
  /** The whole check-list, only when the referring service chose to share it. */
  checklist?: { catalogueVersion: string; answers: Answers };
  /** Set when the person's details were removed before retention, and why (reduce-packet.ts). */
  minimised?: PacketMinimisation;
}

/** Why a referral's packet was reduced before the retention period: its withdrawal, or the acceptance of the referral it was redirected into. */
export interface PacketMinimisation {
  at: string;
  because: 'withdrawn' | 'accepted_elsewhere';
}

export function packetFrom(
  answers: Answers,
  derived: Derived,
  extra: { urgentNeeds: string | null; referrer: ReferralPacket['referrer']; share: boolean; catalogueVersion: string },
): ReferralPacket {
  const str = (c: string) => (typeof answers[c] === 'string' ? (answers[c] as string) : null);
  return {
    person: {
      name: str('vic.name'),
      sex: str('vic.sex'),
      age: derived.age,
      minor: derived.minor,
      nationality: str('vic.nationality'),
      contact: str('vic.contact'),
      noSafeContact: answers['vic.no_safe_contact'] === 'yes',
      languages: str('vic.languages'),
      interpreter: str('vic.interpreter'),
    },
    forms: Array.isArray(answers['ctx.forms']) ? (answers['ctx.forms'] as string[]) : [],
    urgentNeeds: extra.urgentNeeds,
    referrer: extra.referrer,
    ...(extra.share ? { checklist: { catalogueVersion: extra.catalogueVersion, answers } } : {}),
  };
}
