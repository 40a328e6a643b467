import { describe, expect, it } from 'vitest';
import { unansweredRequired } from '@/components/checklist/NextRequired';
import { getCatalogue } from '@/lib/checklist/catalogue';
import { VALID_ADULT_ANSWERS } from '../support/answers';

/** "Next required question" on the check-list (docs/accessibility.md): what it goes through, in the form's order. */
describe('unansweredRequired', () => {
  const catalogue = getCatalogue('2015.2');

  it('lists the 8 questions an empty ONSS check-list needs, in the order of the form', () => {
    expect(unansweredRequired({ 'ctx.service': 'onss' }, catalogue)).toEqual([
      'ctx.control_date',
      'ctx.region',
      'ctx.forms',
      'vic.sex',
      'vic.birth_date',
      'vic.nationality',
      'out.sufficient',
      'out.wish',
    ]);
  });

  it('follows the answers: a question another answer makes required joins, one answered leaves', () => {
    const { 'ctx.sector': _sector, ...withoutSector } = VALID_ADULT_ANSWERS;
    const answers = { ...withoutSector, 'ctx.service': 'onss', 'out.wish': 'refuses' };
    expect(unansweredRequired(answers, catalogue)).toEqual(['ctx.sector', 'out.refusal_reason']);
    expect(unansweredRequired({ ...VALID_ADULT_ANSWERS, 'ctx.service': 'onss' }, catalogue)).toEqual([]);
  });

  it('asks the police for the judicial arrondissement, not the ONSS direction', () => {
    const missing = unansweredRequired({ 'ctx.service': 'police_local' }, catalogue);
    expect(missing).toContain('ctx.judicial_arrondissement');
    expect(missing).not.toContain('ctx.region');
  });

  it('leaves out what is answered but wrong (completion names it in its error summary)', () => {
    const answers = { ...VALID_ADULT_ANSWERS, 'ctx.service': 'onss', 'ctx.control_date': '2999-01-01' };
    expect(unansweredRequired(answers, catalogue)).toEqual([]);
  });
});
