import { SECTORS, type Region } from '../../lib/checklist/catalogue';
import type { AgeBand } from '../../lib/statistics/tables';
import { VALID_ADULT_ANSWERS } from './answers';

/**
 * The ONSS check-list tables of 2019, transcribed from the Belgian government's report on
 * trafficking and smuggling of human beings 2019–2020, chapter 11.1.2.1.2.3 "Analyse des
 * check-lists" (the government report on trafficking 2019-2020, line numbers of that
 * text), and a fixture built from them: one complete check-list per presumed victim.
 *
 * Each table is written in the report's own row and column order, with the report's label
 * beside the Relais code, so that it can be checked against the page line by line.
 *
 * Which tables agree (checked by tests/unit/statistics-report-2019.test.ts):
 * - T4 (l. 2974–2998), the columns of T5 (l. 3001–3052) and T7 (l. 3108–3133) all count 120,
 *   with the same 10 per-direction totals; so does the text (l. 2971 "Au total, 120
 *   check-lists") and T9 (l. 3346–3359, 120 for 2019).
 * - T7 gives 103 men / 17 women; T6 (l. 3055–3104) gives 99 / 21. The text sides with T7
 *   (l. 3134–3135: "85% des victimes potentielles … sont des hommes (103/120)"), so the sexes
 *   come from T7 and T6's split by sex is not used.
 * - T6's per-nationality totals (men + women) do agree with the text (l. 3140–3141: 66/120
 *   from third countries; 54 EU nationals, 4 Belgians, 39 Romanians), so the nationalities
 *   come from those totals.
 * - T14 (l. 3709) is titled "2019" but sits in the 2020 section, and the text under it
 *   (l. 3729–3730: "119/134") is about 2020: it is not used.
 */

export type Sector = (typeof SECTORS)[number];
export type Sex = 'm' | 'f';

/** Tableau 4 : le nombre de check-lists établie par direction provinciale (l. 2974–2998). */
export const T4_2019: readonly { region: Region; label: string; count: number }[] = [
  { region: 'wvl', label: 'Flandre occidentale', count: 11 },
  { region: 'ovl', label: 'Flandre orientale', count: 20 },
  { region: 'ant', label: 'Anvers', count: 11 },
  { region: 'lim', label: 'Limbourg', count: 7 },
  { region: 'hai', label: 'Hainaut', count: 4 },
  { region: 'nam_lux', label: 'Namur-Luxembourg', count: 39 },
  { region: 'lie', label: 'Liège', count: 4 },
  { region: 'vbr', label: 'Brabant flamand', count: 4 },
  { region: 'bru', label: 'Bruxelles', count: 20 },
  { region: 'bwa', label: 'Brabant wallon', count: 0 },
];
export const T4_2019_TOTAL = 120;

/**
 * Tableau 5 : le nombre des check-lists – répartition par secteur d'activité – 2019
 * (l. 3001–3052). Columns as printed. In the text the empty cells survive as single spaces
 * between values; each row below was read with them and checked against its row total and
 * the printed TOTAL row.
 */
export const T5_2019_COLUMNS: readonly Region[] = [
  'nam_lux',
  'bru',
  'lie',
  'hai',
  'lim',
  'bwa',
  'vbr',
  'ant',
  'ovl',
  'wvl',
];
export const T5_2019: readonly { sector: Sector; label: string; cells: readonly number[]; total: number }[] = [
  //                                                         NL BRU LIE HAI LIM BWA VBR ANT OVL WVL
  { sector: 'butchery', label: 'Boucherie/Abattoir', cells: [0, 0, 0, 0, 0, 0, 3, 0, 0, 0], total: 3 },
  { sector: 'bakery', label: 'Boulangerie', cells: [0, 1, 0, 0, 0, 0, 0, 0, 2, 0], total: 3 },
  { sector: 'carwash', label: 'Carwash et Truckwash', cells: [2, 0, 0, 1, 0, 0, 0, 0, 0, 0], total: 3 },
  { sector: 'hairdressing_beauty', label: 'Coiffure et esthétique', cells: [0, 2, 0, 0, 0, 0, 0, 0, 0, 2], total: 4 },
  { sector: 'retail', label: 'Commerce de détail', cells: [0, 2, 1, 0, 0, 0, 0, 0, 0, 0], total: 3 },
  { sector: 'construction', label: 'Construction', cells: [0, 2, 0, 0, 5, 0, 0, 0, 12, 3], total: 22 },
  { sector: 'horeca', label: 'Horeca', cells: [1, 13, 3, 3, 1, 0, 0, 2, 2, 6], total: 31 },
  { sector: 'horticulture', label: 'Horticulture/Fruiticulture', cells: [34, 0, 0, 0, 1, 0, 0, 0, 0, 0], total: 35 },
  { sector: 'logistics', label: 'Logistique', cells: [0, 0, 0, 0, 0, 0, 0, 9, 0, 0], total: 9 },
  { sector: 'riding_stable', label: 'Manège', cells: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], total: 1 },
  { sector: 'cleaning', label: 'Nettoyage', cells: [1, 0, 0, 0, 0, 0, 1, 0, 0, 0], total: 2 },
  { sector: 'transport', label: 'Transport', cells: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0], total: 1 },
  { sector: 'sorting_recycling', label: 'Tri/Recyclage', cells: [0, 0, 0, 0, 0, 0, 0, 0, 3, 0], total: 3 },
];
/** The printed TOTAL row of T5 (l. 3052), in T5_2019_COLUMNS order; its last cell is T5_2019_TOTAL. */
export const T5_2019_TOTALS: readonly number[] = [39, 20, 4, 4, 7, 0, 4, 11, 20, 11];
export const T5_2019_TOTAL = 120;

/**
 * Tableau 7 : le nombre des check-lists – répartition selon l'âge et le sexe des victimes
 * présumées – 2019 (l. 3108–3133). The report's bands overlap ("Entre 18 et 30 ans", "Entre 30
 * et 40 ans"); Relais reads them as 18–29, 30–39, 40–49 (docs/domain/statistics.md), and the fixture
 * only uses ages well inside each band, so the reading does not matter here.
 */
export const T7_2019: readonly { band: Exclude<AgeBand, 'unknown'>; label: string; m: number; f: number }[] = [
  { band: 'minor', label: 'Mineurs (-18 ans)', m: 1, f: 0 },
  { band: '18_29', label: 'Entre 18 et 30 ans', m: 43, f: 8 },
  { band: '30_39', label: 'Entre 30 et 40 ans', m: 26, f: 4 },
  { band: '40_49', label: 'Entre 40 et 50 ans', m: 25, f: 4 },
  { band: '50_plus', label: 'Plus de 50 ans', m: 8, f: 1 },
];
export const T7_2019_TOTALS = { m: 103, f: 17 } as const;

/**
 * Tableau 6 (l. 3055–3104), nationality × sex — its sex split (99 / 21) contradicts T7 and the
 * text, so only its per-nationality totals (men + women) are kept; they agree with the text
 * (66 third-country nationals, 54 EU nationals of whom 4 Belgians and 39 Romanians).
 */
export const T6_2019_NATIONALITY_TOTALS: readonly { nationality: string; label: string; total: number }[] = [
  { nationality: 'AF', label: 'Afghanistan', total: 2 },
  { nationality: 'DZ', label: 'Algérie', total: 1 },
  { nationality: 'BE', label: 'Belgique', total: 4 },
  { nationality: 'BR', label: 'Brésil', total: 1 },
  { nationality: 'CN', label: 'Chine', total: 2 },
  { nationality: 'CI', label: "Côte d'Ivoire", total: 1 }, // printed "Côté d'Ivoire"
  { nationality: 'EG', label: 'Egypte', total: 10 },
  { nationality: 'EC', label: 'Equateur', total: 2 },
  { nationality: 'ES', label: 'Espagne', total: 3 },
  { nationality: 'GH', label: 'Ghana', total: 5 },
  { nationality: 'HU', label: 'Hongrie', total: 5 },
  { nationality: 'IN', label: 'Inde', total: 2 },
  { nationality: 'IT', label: 'Italie', total: 3 },
  { nationality: 'MA', label: 'Maroc', total: 15 },
  { nationality: 'NP', label: 'Népal', total: 1 },
  { nationality: 'NG', label: 'Nigeria', total: 5 },
  { nationality: 'PK', label: 'Pakistan', total: 3 },
  { nationality: 'PH', label: 'Philippines', total: 1 },
  { nationality: 'RO', label: 'Roumanie', total: 39 },
  { nationality: 'TR', label: 'Turquie', total: 1 },
  { nationality: 'UA', label: 'Ukraine', total: 12 },
  { nationality: 'VN', label: 'Vietnam', total: 2 },
];
/** Text, l. 3140–3141. */
export const TEXT_2019_EU = { eu: 54, non_eu: 66 } as const;

/** An age well inside each band; the minor is 17, as the report says (l. 3137–3138). */
const AGE_OF_BAND: Record<Exclude<AgeBand, 'unknown'>, number> = {
  minor: 17,
  '18_29': 24,
  '30_39': 35,
  '40_49': 45,
  '50_plus': 55,
};

export interface FixtureRow {
  organisation: string;
  completedOn: string;
  answers: Record<string, string | string[]>;
}

/** Each cell of a table repeated as often as it counts, in the table's order. */
function expand<T>(cells: readonly { value: T; count: number }[]): T[] {
  return cells.flatMap((c) => Array.from({ length: c.count }, () => c.value));
}

function takeOne<T>(list: T[], match: (x: T) => boolean): T {
  const i = list.findIndex(match);
  if (i < 0) throw new Error('report-2019-onss: the fixture asks for a value the tables do not hold');
  return list.splice(i, 1)[0]!;
}

/**
 * One complete check-list per presumed victim of 2019, such that counting them gives T4, T5
 * and T7 exactly. The report gives no joint distribution, so the rows pair (direction,
 * sector) from T5 walked cell by cell, (age band, sex) from T7 walked band by band (men then
 * women), and the nationality from T6's totals, in parallel. The first row is the one person
 * the text describes (l. 3137–3138): the Vietnamese minor, 17, working in a nail bar in
 * Brussels.
 */
export function report2019OnssRows(): FixtureRow[] {
  const places = expand(
    T5_2019.flatMap((row) =>
      row.cells.map((count, j) => ({ value: { region: T5_2019_COLUMNS[j]!, sector: row.sector }, count })),
    ),
  );
  const persons = expand(
    T7_2019.flatMap((row) => (['m', 'f'] as const).map((sex) => ({ value: { band: row.band, sex }, count: row[sex] }))),
  );
  const nationalities = expand(T6_2019_NATIONALITY_TOTALS.map((n) => ({ value: n.nationality, count: n.total })));

  if (persons.length !== places.length || nationalities.length !== places.length)
    throw new Error('report-2019-onss: the tables do not count the same persons');

  const first = {
    place: takeOne(places, (p) => p.region === 'bru' && p.sector === 'hairdressing_beauty'),
    person: takeOne(persons, (p) => p.band === 'minor'),
    nationality: takeOne(nationalities, (n) => n === 'VN'),
    subsector: 'bar à ongles',
  };
  const all = [
    first,
    ...places.map((place, i) => ({ place, person: persons[i]!, nationality: nationalities[i]!, subsector: undefined })),
  ];

  return all.map(({ place, person, nationality, subsector }, i) => {
    // Spread over the year: control on the 15th of a month, completed on the 25th; born on the
    // 1st of the same month, so the age at the control date is exactly the chosen one.
    const month = String((i % 12) + 1).padStart(2, '0');
    const age = AGE_OF_BAND[person.band];
    const minor = person.band === 'minor';
    const answers: Record<string, string | string[]> = {
      ...VALID_ADULT_ANSWERS,
      'ctx.control_date': `2019-${month}-15`,
      'ctx.region': place.region,
      'ctx.forms': ['economic'],
      'ctx.sector': place.sector,
      'vic.sex': person.sex,
      'vic.birth_date': `${2019 - age}-${month}-01`,
      'vic.nationality': nationality,
      'agg.victim_minor': minor ? 'yes' : 'no',
      'out.sufficient': 'yes',
    };
    // Asked for minors only; the report does not say, a 17-year-old Vietnamese in a nail bar is taken as unaccompanied.
    if (minor) answers['vic.unaccompanied'] = 'yes';
    if (subsector) answers['ctx.subsector'] = subsector;
    return { organisation: `onss-${place.region}`, completedOn: `2019-${month}-25`, answers };
  });
}

/** RFC 4180: a field with a separator, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The fixture in the import format (lib/server/checklists/import-checklists.ts): UTF-8, a
 * header of column names, `organisation` and `completed_on`, then item codes; multi-choice
 * values joined with `|`; an empty cell is no answer; `ctx.service` left to the organisation.
 */
export function report2019OnssCsv(): string {
  const rows = report2019OnssRows();
  const codes = [...new Set(rows.flatMap((r) => Object.keys(r.answers)))];
  const header = ['organisation', 'completed_on', ...codes];
  const lines = rows.map((r) =>
    [
      r.organisation,
      r.completedOn,
      ...codes.map((code) => {
        const v = r.answers[code];
        return v === undefined ? '' : Array.isArray(v) ? v.join('|') : v;
      }),
    ]
      .map(csvField)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
