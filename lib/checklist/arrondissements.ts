import type { JudicialArrondissement, Region } from './catalogue';

/**
 * The ONSS provincial direction each judicial arrondissement lies in (decision 0024), reference
 * data: the police name the arrondissement of the facts, the statistics count by direction.
 * Every arrondissement lies within one province, so within one direction: the two Brabants and
 * Brussels are apart (Halle-Vilvoorde and Leuven: Flemish Brabant), Eupen is in the province
 * of Liège, Namur and Luxembourg share a direction.
 */
export const DIRECTION_OF_ARRONDISSEMENT: Readonly<Record<JudicialArrondissement, Region>> = {
  antwerpen: 'ant',
  limburg: 'lim',
  oost_vlaanderen: 'ovl',
  west_vlaanderen: 'wvl',
  leuven: 'vbr',
  halle_vilvoorde: 'vbr',
  brussels: 'bru',
  brabant_wallon: 'bwa',
  hainaut: 'hai',
  liege: 'lie',
  eupen: 'lie',
  namur: 'nam_lux',
  luxembourg: 'nam_lux',
};

/** The direction of an arrondissement code, or null for anything else. */
export function directionOfArrondissement(code: unknown): Region | null {
  return typeof code === 'string' && Object.hasOwn(DIRECTION_OF_ARRONDISSEMENT, code)
    ? DIRECTION_OF_ARRONDISSEMENT[code as JudicialArrondissement]
    : null;
}
