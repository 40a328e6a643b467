import type { CentreCode } from '../../lib/referrals/routing';

/**
 * The specialised centres' tables of 2019, transcribed from the Belgian government's report on
 * trafficking and smuggling of human beings 2019–2020, chapter 11 "Chiffres": section 11.1.5
 * "Centres spécialisés – données relatives aux victimes" (Tableaux 26, 27, 29, 30, 31) and
 * section 11.2.4 on the victims of smuggling with aggravating circumstances (Tableaux 42, 43);
 * and a fixture built from them: one request per row, in the centres' import format
 * (docs/import-centres.md).
 *
 * Each table is written in the report's own row and column order, with Relais codes (and the
 * report's labels where they are not the centres' names), so that it can be checked against the
 * page.
 *
 * What the report says and what the fixture trusts (checked by
 * tests/unit/statistics-report-2019-centres.test.ts):
 * - T26, T27 and T30 agree: 56 accompaniments for PAG-ASA, 52 for Payoke, 37 for Sürya, 145 in
 *   all, as the text says ("sur les 145 victimes"). T31's nationalities also add up to 145.
 * - T29 (minor / adult) contradicts itself. Its printed cells add up to 7 minors and 139 adults
 *   (146), and its Payoke row (2 + 51 = 53) to one more than Payoke's 52 of T26, T27 and T30;
 *   its printed totals are 10 minors and 135 adults (145), and the text repeats "10 étaient
 *   mineures". The fixture keeps the centres' totals (T26/T27/T30), the printed totals and
 *   text (10 / 135), and the PAG-ASA and Sürya rows, which add up to their centre's total. That
 *   leaves one Payoke row: 10 − 1 − 4 = 5 minors and 135 − 55 − 33 = 47 adults, which make 52.
 *   So the printed Payoke row (2, 51) is not used; both of its cells differ from the fixture's.
 * - T31 has Romania 11; the text above it says "la Roumanie (7)" in the top five. T31 adds up
 *   to 145 only with 11 (7 is Bulgaria's figure, the next row), so T31 is trusted.
 * - T26's "Aucune victime de traite des êtres humains" cells (432, 202, 145) add up to 779; its
 *   printed total is 932. 932 is the text's 1,085 requests ("respectivement 1085 et 838
 *   demandes") less T26's 145 and T42's 8 accompaniments, and the cells are another 153 short
 *   of it (2020 has the same gaps: cells 656, printed 747, text 838, each 91 apart). A Relais
 *   table is compared cell by cell, so the fixture keeps the cells; it does not invent the
 *   missing requests, which the report places in no centre. The fixture's 2019 requests are
 *   thus 145 + 779 + 8, and neither the printed 932 nor the text's 1,085 is rebuilt.
 * - T42 counts 8 accompaniments of victims of smuggling with aggravating circumstances in 2019,
 *   outside T26–T31's 145: T43 gives two of them Eritrean and Sudanese nationalities, which T31
 *   does not list; and T27's rows add up to their totals with the five forms of trafficking
 *   alone. The fixture has them as 8 more accompaniments, of that case type and that form only.
 * - Esperanto is not in these tables (the report gives its 7 victims of honour-related violence
 *   in 2019 in a sentence, section 11.1.8, with nothing else about them): the fixture has no
 *   Esperanto request, so Relais's Esperanto column stays empty.
 * - The report gives no joint distribution (which form goes with which sex, nationality or
 *   age), so the fixture pairs them in a fixed order, centre by centre; only the margins above
 *   are the report's.
 */

export type ReportCentre = Exclude<CentreCode, 'esperanto'>;
/** The centres of T26–T31 and T42, in the report's order. */
export const REPORT_CENTRES: readonly ReportCentre[] = ['pag-asa', 'payoke', 'surya'];
const CENTRE_LABELS: Record<ReportCentre, string> = { 'pag-asa': 'PAG-ASA', payoke: 'PAYOKE', surya: 'SÜRYA' };

/**
 * Tableau 26 : nombre de demandes en 2019 et 2020 — the 2019 columns "Accompagnements mis en
 * route" and "Aucune victime de traite des êtres humains", and its printed total row.
 */
export const T26_2019: readonly { centre: ReportCentre; label: string; accepted: number; notAVictim: number }[] = [
  { centre: 'pag-asa', label: CENTRE_LABELS['pag-asa'], accepted: 56, notAVictim: 432 },
  { centre: 'payoke', label: CENTRE_LABELS.payoke, accepted: 52, notAVictim: 202 },
  { centre: 'surya', label: CENTRE_LABELS.surya, accepted: 37, notAVictim: 145 },
];
/** T26's printed total row for 2019; its second cell is not the sum of the column (779, see above). */
export const T26_2019_PRINTED_TOTALS = { accepted: 145, notAVictim: 932 } as const;
/** Section 11.1.5, text above T26: "En 2019 et 2020, les centres … ont reçu respectivement 1085 et 838 demandes." */
export const TEXT_2019_REQUESTS = 1085;

/** The forms of T27's columns, in the report's order. */
export const T27_FORMS = ['sexual', 'economic', 'begging', 'forced_crime', 'organs'] as const;
export type ThbForm = (typeof T27_FORMS)[number];
export const T27_FORM_LABELS: Record<ThbForm, string> = {
  sexual: 'Exploitation sexuelle',
  economic: 'Exploitation économique',
  begging: 'Exploitation de la mendicité',
  forced_crime: 'Commission forcée d’infractions',
  organs: 'Trafic illégal d’organes',
};

/**
 * Tableau 27 : types d’exploitation constatés dans les nouveaux accompagnements – 2019. Cells in
 * T27_FORMS order, then the printed row total. Each row adds up to its total, so each
 * accompaniment has exactly one form; the text agrees (87 economic, 52 sexual, 3 begging, 3
 * forced crime).
 */
export const T27_2019: readonly { centre: ReportCentre; cells: readonly number[]; total: number }[] = [
  //                       sex eco beg crime organs
  { centre: 'pag-asa', cells: [16, 38, 1, 1, 0], total: 56 },
  { centre: 'payoke', cells: [25, 25, 1, 1, 0], total: 52 },
  { centre: 'surya', cells: [11, 24, 1, 1, 0], total: 37 },
];
/** T27's printed total row, in T27_FORMS order, then the grand total. */
export const T27_2019_TOTALS: readonly number[] = [52, 87, 3, 3, 0];
export const T27_2019_TOTAL = 145;

/** Tableau 29 : âge des victimes accompagnées – 2019, "<18 ans" and ">18 ans", as printed (see above: not all used). */
export const T29_2019_PRINTED: readonly { centre: ReportCentre; minor: number; adult: number }[] = [
  { centre: 'pag-asa', minor: 1, adult: 55 },
  { centre: 'payoke', minor: 2, adult: 51 },
  { centre: 'surya', minor: 4, adult: 33 },
];
/** T29's printed total row and "Total" line for 2019; the text: "Sur les 145 victimes recensées en 2019, 10 étaient mineures." */
export const T29_2019_TOTALS = { minor: 10, adult: 135, total: 145 } as const;
/** T29 as the fixture reads it: the printed rows, but Payoke's set by the totals (see above). */
export const T29_2019: readonly { centre: ReportCentre; minor: number; adult: number }[] = [
  { centre: 'pag-asa', minor: 1, adult: 55 },
  { centre: 'payoke', minor: 5, adult: 47 },
  { centre: 'surya', minor: 4, adult: 33 },
];

/**
 * Tableau 30 : sexe des victimes accompagnées – 2019. Its column totals (56, 52, 37) are T26's;
 * the text: "69 sont des femmes et 76 des hommes".
 */
export const T30_2019: readonly { centre: ReportCentre; f: number; m: number; total: number }[] = [
  { centre: 'pag-asa', f: 26, m: 30, total: 56 },
  { centre: 'payoke', f: 25, m: 27, total: 52 },
  { centre: 'surya', f: 18, m: 19, total: 37 },
];
export const T30_2019_TOTALS = { f: 69, m: 76, total: 145 } as const;

/** Tableau 31 : nationalité des victimes accompagnées – 2019, all centres together, in the printed order. */
export const T31_2019: readonly { nationality: string; label: string; count: number }[] = [
  { nationality: 'MA', label: 'MAROC', count: 24 },
  { nationality: 'NG', label: 'NIGERIA', count: 16 },
  { nationality: 'EG', label: 'ÉGYPTE', count: 13 },
  { nationality: 'BR', label: 'BRÉSIL', count: 11 },
  { nationality: 'RO', label: 'ROUMANIE', count: 11 },
  { nationality: 'BG', label: 'BULGARIE', count: 7 },
  { nationality: 'DZ', label: 'ALGÉRIE', count: 5 },
  { nationality: 'VN', label: 'VIETNAM', count: 5 },
  { nationality: 'CN', label: 'CHINE', count: 4 },
  { nationality: 'HU', label: 'HONGRIE', count: 4 },
  { nationality: 'BE', label: 'BELGIQUE', count: 3 },
  { nationality: 'BF', label: 'BURKINA FASO', count: 3 },
  { nationality: 'ES', label: 'ESPAGNE', count: 3 },
  { nationality: 'IN', label: 'INDE', count: 3 },
  { nationality: 'MK', label: 'MACÉDOINE', count: 3 },
  { nationality: 'PK', label: 'PAKISTAN', count: 3 },
  { nationality: 'AM', label: 'ARMÉNIE', count: 2 },
  { nationality: 'EC', label: 'ÉQUATEUR', count: 2 },
  { nationality: 'RS', label: 'SERBIE', count: 2 },
  { nationality: 'AF', label: 'AFGHANISTAN', count: 1 },
  { nationality: 'AL', label: 'ALBANIE', count: 1 },
  { nationality: 'CU', label: 'CUBA', count: 1 },
  { nationality: 'CI', label: 'CÔTE D’IVOIRE', count: 1 },
  { nationality: 'IT', label: 'ITALIE', count: 1 },
  { nationality: 'IQ', label: 'IRAK', count: 1 },
  { nationality: 'GN', label: 'GUINÉE', count: 1 },
  { nationality: 'KZ', label: 'KAZAKHSTAN', count: 1 },
  { nationality: 'ML', label: 'MALI', count: 1 },
  { nationality: 'ME', label: 'MONTÉNÉGRO', count: 1 },
  { nationality: 'UG', label: 'OUGANDA', count: 1 },
  { nationality: 'PH', label: 'PHILIPPINES', count: 1 },
  { nationality: 'PL', label: 'POLOGNE', count: 1 },
  { nationality: 'CD', label: 'RD CONGO', count: 1 },
  { nationality: 'RW', label: 'RWANDA', count: 1 },
  { nationality: 'SO', label: 'SOMALIE', count: 1 },
  { nationality: 'UA', label: 'UKRAINE', count: 1 },
  { nationality: 'TN', label: 'TUNISIE', count: 1 },
  { nationality: 'TR', label: 'TURQUIE', count: 1 },
  { nationality: 'VE', label: 'VENEZUELA', count: 1 },
  { nationality: 'YE', label: 'YÉMEN', count: 1 },
];
export const T31_2019_TOTAL = 145;

/**
 * Tableau 42 : nombre d’accompagnements des victimes de trafic des êtres humains mis en route par
 * les centres d’accueil spécialisés – 2019. The text: "8 victimes … avec circonstances
 * aggravantes en 2019".
 */
export const T42_2019: readonly { centre: ReportCentre; count: number }[] = [
  { centre: 'pag-asa', count: 7 },
  { centre: 'payoke', count: 1 },
  { centre: 'surya', count: 0 },
];
export const T42_2019_TOTAL = 8;

/**
 * Tableau 43 : nombre de victimes de trafic des êtres humains, par nationalité, sexe et âge –
 * 2019: women under / over 18, men under / over 18. Its Ethiopian row is all zeros. The text:
 * as many women as men, the minors Vietnamese.
 */
export const T43_2019: readonly {
  nationality: string;
  label: string;
  fMinor: number;
  fAdult: number;
  mMinor: number;
  mAdult: number;
}[] = [
  { nationality: 'ER', label: 'Érythrée', fMinor: 0, fAdult: 0, mMinor: 0, mAdult: 1 },
  { nationality: 'ET', label: 'Éthiopie', fMinor: 0, fAdult: 0, mMinor: 0, mAdult: 0 },
  { nationality: 'MA', label: 'Maroc', fMinor: 0, fAdult: 1, mMinor: 0, mAdult: 1 },
  { nationality: 'SD', label: 'Soudan', fMinor: 0, fAdult: 0, mMinor: 0, mAdult: 1 },
  { nationality: 'VN', label: 'Vietnam', fMinor: 2, fAdult: 1, mMinor: 1, mAdult: 0 },
];
export const T43_2019_TOTALS = { fMinor: 2, fAdult: 2, mMinor: 1, mAdult: 3 } as const;

/** One request in the centres' import format (docs/import-centres.md). */
export interface CentreRequestRow {
  centre: ReportCentre;
  received_on: string;
  source: string;
  sex: 'm' | 'f' | 'x';
  age: number | null;
  nationality: string;
  forms: string;
  case_type: 'thb' | 'smuggling_aggravated';
  outcome: 'accepted' | 'not_a_victim';
  outcome_reason: string;
  outcome_on: string;
}

/** Each cell of a table repeated as often as it counts, in the table's order. */
function expand<T>(cells: readonly { value: T; count: number }[]): T[] {
  return cells.flatMap((c) => Array.from({ length: c.count }, () => c.value));
}

const day = (n: number) => String(n).padStart(2, '0');
/** The i-th request of a list, received on a day of 2019 spread over the months; its outcome a week later, still in 2019. */
function dates(i: number): { received_on: string; outcome_on: string } {
  const month = day((i % 12) + 1);
  const d = (Math.floor(i / 12) % 20) + 1;
  return { received_on: `2019-${month}-${day(d)}`, outcome_on: `2019-${month}-${day(d + 7)}` };
}

/** Ages well inside each side of 18; the import derives "minor" from them. */
const MINOR_AGE = 16;
const ADULT_AGE = 30;

/**
 * The 145 accompaniments of T26–T31: for each centre, its forms (T27), minor / adult (T29 as
 * read above) and sexes (T30) walked in parallel; the nationalities of T31 walked across the
 * three centres in turn. Received and accepted in 2019, so each counts both as a 2019 request
 * and as a 2019 accompaniment.
 */
export function report2019AccompanimentRows(): CentreRequestRow[] {
  const nationalities = expand(T31_2019.map((n) => ({ value: n.nationality, count: n.count })));
  const rows: CentreRequestRow[] = [];
  for (const centre of REPORT_CENTRES) {
    const forms = expand(T27_FORMS.map((form, j) => ({ value: form, count: of(T27_2019, centre).cells[j]! })));
    const t29 = of(T29_2019, centre);
    const minors = expand([
      { value: true, count: t29.minor },
      { value: false, count: t29.adult },
    ]);
    const t30 = of(T30_2019, centre);
    const sexes = expand([
      { value: 'f' as const, count: t30.f },
      { value: 'm' as const, count: t30.m },
    ]);
    if (minors.length !== forms.length || sexes.length !== forms.length)
      throw new Error(`report-2019-centres: T27, T29 and T30 do not count the same ${centre} accompaniments`);
    forms.forEach((form, i) =>
      rows.push({
        centre,
        ...dates(rows.length),
        source: 'other',
        sex: sexes[i]!,
        age: minors[i] ? MINOR_AGE : ADULT_AGE,
        nationality: nationalities[rows.length]!,
        forms: form,
        case_type: 'thb',
        outcome: 'accepted',
        outcome_reason: '',
      }),
    );
  }
  if (rows.length !== nationalities.length)
    throw new Error('report-2019-centres: T31 does not count the accompaniments of T27');
  return rows;
}

/**
 * T26's requests that came to "Aucune victime de traite des êtres humains": received in 2019,
 * closed as `not_a_victim` in 2019. The report says nothing else about them; sex, nationality
 * and form are left as unknown as the import allows (sex `x`, nationality `unknown`), the form
 * the person came with set to economic and the reason to `other`.
 */
export function report2019NotAVictimRows(): CentreRequestRow[] {
  const rows: CentreRequestRow[] = [];
  for (const { centre, notAVictim } of T26_2019)
    for (let i = 0; i < notAVictim; i++)
      rows.push({
        centre,
        ...dates(rows.length),
        source: 'other',
        sex: 'x',
        age: null,
        nationality: 'unknown',
        forms: 'economic',
        case_type: 'thb',
        outcome: 'not_a_victim',
        outcome_reason: 'other',
      });
  return rows;
}

/**
 * The 8 accompaniments of victims of smuggling with aggravating circumstances of T42 / T43: the
 * persons of T43 row by row (women under 18, women over 18, men under 18, men over 18), the
 * first 7 to PAG-ASA and the last to Payoke (T42). T43 gives no centre, so which of them is
 * PAG-ASA's is the fixture's choice; the counts per centre (T42) and per nationality, sex and
 * age (T43) are the report's.
 */
export function report2019SmugglingRows(): CentreRequestRow[] {
  const persons = T43_2019.flatMap((n) =>
    expand([
      { value: { nationality: n.nationality, sex: 'f' as const, minor: true }, count: n.fMinor },
      { value: { nationality: n.nationality, sex: 'f' as const, minor: false }, count: n.fAdult },
      { value: { nationality: n.nationality, sex: 'm' as const, minor: true }, count: n.mMinor },
      { value: { nationality: n.nationality, sex: 'm' as const, minor: false }, count: n.mAdult },
    ]),
  );
  const centres = expand(T42_2019.map((c) => ({ value: c.centre, count: c.count })));
  if (centres.length !== persons.length)
    throw new Error('report-2019-centres: T42 and T43 do not count the same persons');
  return persons.map((p, i) => ({
    centre: centres[i]!,
    ...dates(i),
    source: 'other',
    sex: p.sex,
    age: p.minor ? MINOR_AGE : ADULT_AGE,
    nationality: p.nationality,
    forms: 'smuggling_aggravated',
    case_type: 'smuggling_aggravated',
    outcome: 'accepted',
    outcome_reason: '',
  }));
}

function of<T extends { centre: ReportCentre }>(table: readonly T[], centre: ReportCentre): T {
  const row = table.find((r) => r.centre === centre);
  if (!row) throw new Error(`report-2019-centres: no ${centre} row`);
  return row;
}

const COLUMNS = [
  'centre',
  'received_on',
  'source',
  'sex',
  'age',
  'nationality',
  'forms',
  'case_type',
  'outcome',
  'outcome_reason',
  'outcome_on',
] as const;

/** Rows as a CSV file of the import (docs/import-centres.md): a header, one line per request, CRLF line ends. */
export function centresCsv(rows: readonly CentreRequestRow[]): string {
  const lines = rows.map((r) => COLUMNS.map((c) => (r[c] === null ? '' : String(r[c]))).join(','));
  return [COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The requests of T26 (its 145 accompaniments and 779 others), as the import takes them. */
export function report2019CentresCsv(): string {
  return centresCsv([...report2019AccompanimentRows(), ...report2019NotAVictimRows()]);
}

/** The accompaniments of T42 / T43, as the import takes them. */
export function report2019SmugglingCsv(): string {
  return centresCsv(report2019SmugglingRows());
}
