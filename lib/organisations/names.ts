import { REGIONS, type Region } from '../checklist/catalogue';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales';

/**
 * The names of the reference organisations (db/reference-organisations.ts) in the four
 * interface languages: reference data, like the catalogue's labels. An organisation's stored
 * name is its French one; every screen names a reference organisation in the reader's language
 * with `organisationName`, and an organisation an administrator added keeps the name it was
 * given. No name repeats its own abbreviation.
 */
type Names = Readonly<Record<Locale, string>>;

const PROVINCES: Readonly<Record<Region, Names>> = {
  wvl: { fr: 'Flandre occidentale', nl: 'West-Vlaanderen', de: 'Westflandern', en: 'West Flanders' },
  ovl: { fr: 'Flandre orientale', nl: 'Oost-Vlaanderen', de: 'Ostflandern', en: 'East Flanders' },
  ant: { fr: 'Anvers', nl: 'Antwerpen', de: 'Antwerpen', en: 'Antwerp' },
  lim: { fr: 'Limbourg', nl: 'Limburg', de: 'Limburg', en: 'Limburg' },
  hai: { fr: 'Hainaut', nl: 'Henegouwen', de: 'Hennegau', en: 'Hainaut' },
  nam_lux: { fr: 'Namur-Luxembourg', nl: 'Namen-Luxemburg', de: 'Namur-Luxemburg', en: 'Namur-Luxembourg' },
  lie: { fr: 'Liège', nl: 'Luik', de: 'Lüttich', en: 'Liège' },
  vbr: { fr: 'Brabant flamand', nl: 'Vlaams-Brabant', de: 'Flämisch-Brabant', en: 'Flemish Brabant' },
  bru: { fr: 'Bruxelles', nl: 'Brussel', de: 'Brüssel', en: 'Brussels' },
  bwa: { fr: 'Brabant wallon', nl: 'Waals-Brabant', de: 'Wallonisch-Brabant', en: 'Walloon Brabant' },
};

const ONSS_DIRECTIONS = Object.fromEntries(
  REGIONS.map((r): [string, Names] => [
    `onss-${r}`,
    {
      fr: `ONSS — Direction provinciale ${PROVINCES[r].fr}`,
      nl: `RSZ — Provinciale directie ${PROVINCES[r].nl}`,
      de: `LSS — Provinzdirektion ${PROVINCES[r].de}`,
      en: `NSSO — ${PROVINCES[r].en} provincial directorate`,
    },
  ]),
);

export const ORGANISATION_NAMES: Readonly<Record<string, Names>> = {
  'police-bru-ixelles': {
    fr: 'Zone de police Bruxelles-Capitale/Ixelles',
    nl: 'Politiezone Brussel-Hoofdstad/Elsene',
    de: 'Polizeizone Brüssel-Hauptstadt/Ixelles',
    en: 'Brussels-Capital/Ixelles police zone',
  },
  'police-antwerpen': {
    fr: 'Zone de police d’Anvers',
    nl: 'Politiezone Antwerpen',
    de: 'Polizeizone Antwerpen',
    en: 'Antwerp police zone',
  },
  'police-liege': {
    fr: 'Zone de police de Liège',
    nl: 'Politiezone Luik',
    de: 'Polizeizone Lüttich',
    en: 'Liège police zone',
  },
  'police-gent': {
    fr: 'Zone de police de Gand',
    nl: 'Politiezone Gent',
    de: 'Polizeizone Gent',
    en: 'Ghent police zone',
  },
  'police-djsoc-teh': {
    fr: 'Police fédérale — DJSOC, service Traite des êtres humains',
    nl: 'Federale politie — DJSOC, dienst Mensenhandel',
    de: 'Föderale Polizei — DJSOC, Dienst Menschenhandel',
    en: 'Federal Police — DJSOC, Trafficking in Human Beings unit',
  },
  ...ONSS_DIRECTIONS,
  cls: {
    fr: 'Contrôle des lois sociales',
    nl: 'Toezicht op de sociale wetten',
    de: 'Kontrolle der Sozialgesetze',
    en: 'Social Law Inspectorate',
  },
  tutelles: {
    fr: 'Service des Tutelles',
    nl: 'Dienst Voogdij',
    de: 'Vormundschaftsdienst',
    en: 'Guardianship Service',
  },
  'pag-asa': { fr: 'PAG-ASA', nl: 'PAG-ASA', de: 'PAG-ASA', en: 'PAG-ASA' },
  payoke: { fr: 'Payoke', nl: 'Payoke', de: 'Payoke', en: 'Payoke' },
  surya: { fr: 'Sürya', nl: 'Sürya', de: 'Sürya', en: 'Sürya' },
  esperanto: { fr: 'Esperanto', nl: 'Esperanto', de: 'Esperanto', en: 'Esperanto' },
  cic: {
    fr: 'Cellule interdépartementale de coordination',
    nl: 'Interdepartementale Coördinatiecel',
    de: 'Interdepartementale Koordinierungszelle',
    en: 'Interdepartmental Coordination Unit',
  },
  spc: {
    fr: 'Service de la Politique criminelle',
    nl: 'Dienst voor het Strafrechtelijk Beleid',
    de: 'Dienst für Kriminalpolitik',
    en: 'Criminal Policy Service',
  },
  myria: {
    fr: 'Myria — Centre fédéral Migration',
    nl: 'Myria — Federaal Migratiecentrum',
    de: 'Myria — Föderales Migrationszentrum',
    en: 'Myria — Federal Migration Centre',
  },
};

/** Names stored by earlier seeds, so that a database seeded before still reads in every language. */
const EARLIER_NAMES: Readonly<Record<string, string>> = {
  'Politiezone Antwerpen': 'police-antwerpen',
  'Politiezone Gent': 'police-gent',
  'Contrôle des lois sociales (CLS)': 'cls',
  'Cellule interdépartementale de coordination (CIC)': 'cic',
  'Service de la Politique criminelle (SPC)': 'spc',
};

const CODE_OF_NAME = new Map<string, string>([
  ...Object.entries(ORGANISATION_NAMES).flatMap(([code, names]) =>
    Object.values(names).map((n): [string, string] => [n, code]),
  ),
  ...Object.entries(EARLIER_NAMES),
]);

/**
 * An organisation's name in the reader's language: by its code when known, else by its stored
 * name (the French one of a reference organisation); any other organisation keeps its name.
 */
export function organisationName(
  locale: Locale | string,
  stored: string | null | undefined,
  code?: string | null,
): string {
  // An interface language ('nl') or a formatting tag of one ('nl-BE', as next-intl reports it).
  const language = locale.slice(0, 2).toLowerCase();
  const lang: Locale = isLocale(language) ? language : DEFAULT_LOCALE;
  const key =
    (code && Object.hasOwn(ORGANISATION_NAMES, code) ? code : undefined) ??
    (stored ? CODE_OF_NAME.get(stored) : undefined);
  return key ? ORGANISATION_NAMES[key]![lang] : (stored ?? '');
}

/** The stored (French) name of a reference organisation, for the seed. */
export function referenceOrganisationName(code: string): string | undefined {
  return ORGANISATION_NAMES[code]?.fr;
}
