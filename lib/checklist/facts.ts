import type { Answers } from './answers';
import { directionOfArrondissement } from './arrondissements';
import { getCatalogue, itemsOf, type Catalogue } from './catalogue';
import { indicatorPresent } from './decision-support';
import { derive } from './derived';

/** The facts of a completed check-list that statistics read, as real columns (see db/schema.ts). */
export function factsOf(answers: Answers, year: number) {
  const d = derive(answers);
  const forms = Array.isArray(answers['ctx.forms']) ? (answers['ctx.forms'] as string[]) : [];
  const str = (code: string) => (typeof answers[code] === 'string' ? (answers[code] as string) : null);
  return {
    year,
    reference: str('ctx.reference'),
    controlDate: str('ctx.control_date'),
    service: str('ctx.service'),
    // The ONSS direction: answered, or (the police) that of the judicial arrondissement.
    region: str('ctx.region') ?? directionOfArrondissement(answers['ctx.judicial_arrondissement']),
    sex: str('vic.sex'),
    age: d.age,
    minor: d.minor,
    nationality: str('vic.nationality'),
    euNational: d.euNational,
    sector: str('ctx.sector'),
    formSexual: forms.includes('sexual'),
    formEconomic: forms.includes('economic'),
    formBegging: forms.includes('begging'),
    formForcedCrime: forms.includes('forced_crime'),
    formOrgans: forms.includes('organs'),
    formSmuggling: forms.includes('smuggling_aggravated'),
    residence: str('doc.residence'),
    identityDocuments: str('doc.identity'),
    sufficient: answers['out.sufficient'] === 'yes',
    wish: str('out.wish'),
  };
}

/** Indicators of sections 2–5 present in the answers (statistics table 6). */
export function presentIndicators(answers: Answers, catalogue: Catalogue = getCatalogue()): string[] {
  return itemsOf(catalogue)
    .filter((i) => ['doc', 'pay', 'exp', 'agg'].includes(i.section))
    .filter((i) => i.type.kind === 'yesno' || i.type.kind === 'yesnounknown' || i.presentWhen)
    .filter((i) => indicatorPresent(i.code, i.presentWhen, answers[i.code]))
    .map((i) => i.code);
}
