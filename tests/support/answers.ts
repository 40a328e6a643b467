/**
 * The smallest valid completed check-list, shared by the unit and end-to-end tests: an adult,
 * economic exploitation (construction), detected in Brussels (PAG-ASA suggested), who accepts a
 * referral. Tests spread it and change what they are about.
 */
export const VALID_ADULT_ANSWERS = {
  'ctx.control_date': '2026-03-10',
  'ctx.region': 'bru',
  'ctx.forms': ['economic'],
  'ctx.sector': 'construction',
  'vic.sex': 'm',
  'vic.birth_date': '1990-04-02',
  'vic.nationality': 'RO',
  'out.sufficient': 'yes',
  'out.wish': 'accepts_referral',
};
