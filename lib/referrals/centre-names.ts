/** The centres' own names (proper names, the same in every language). */
export const CENTRE_NAMES: Record<string, string> = {
  'pag-asa': 'PAG-ASA',
  payoke: 'Payoke',
  surya: 'Sürya',
  esperanto: 'Esperanto',
};
