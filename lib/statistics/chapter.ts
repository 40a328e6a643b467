import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { biennialGrid, isBiennial, presentedGrid, type BiennialTable, type Cell, type Grid } from './biennial';
import type { PresentedTable } from './present';

/**
 * The statistical chapter as a Word document (DOCX, decision 0022): every table of a year, or of
 * two years side by side, each with its number in the report, its title, the grid of numbers as
 * shown on screen (the publication switch applied), its notes and its source line, under a
 * heading that states the filters and the publication state. Built for pasting into the report:
 * plain paragraphs and real tables (header rows repeated on a new page), Word's own heading
 * styles, the document's language set so that the spelling checker reads French or Dutch.
 */
export interface ChapterTable {
  table: PresentedTable | BiennialTable;
  /** "Tableau T4, T11 : Check-lists par direction provinciale", or the title alone. */
  caption: string;
  /** Where the report has it (its number, its text, or that it has not). */
  reportLine: string;
  /** How it is counted, and any definition where Relais differs from the report. */
  notes: string[];
  source: string;
}

export interface ChapterInput {
  /** BCP 47 language of the document's text, e.g. "fr-BE". */
  language: string;
  title: string;
  /** The filters, the publication state, when it was produced. */
  preamble: string[];
  sections: { heading: string; tables: ChapterTable[] }[];
  totalLabel: string;
}

function gridTable(grid: Grid, language: string): Table {
  // Numbers as the report writes them in its language ("1 234" in French, "1.234" in Dutch).
  const number = new Intl.NumberFormat(language);
  const text = (value: Cell): string =>
    value === null ? '—' : typeof value === 'number' ? number.format(value) : String(value);
  const cell = (value: Cell, options: { header?: boolean; first?: boolean; span?: number; total?: boolean }) =>
    new TableCell({
      columnSpan: options.span && options.span > 1 ? options.span : undefined,
      children: [
        new Paragraph({
          alignment: options.first ? AlignmentType.LEFT : options.header ? AlignmentType.CENTER : AlignmentType.RIGHT,
          children: [new TextRun({ text: text(value), bold: options.header || options.total })],
        }),
      ],
    });
  const rows = [
    ...grid.header.map(
      (cells) =>
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: cells.map((c, i) => cell(c.text ?? '', { header: true, first: i === 0, span: c.span })),
        }),
    ),
    ...grid.body.map(
      (cells) => new TableRow({ cantSplit: true, children: cells.map((v, i) => cell(v, { first: i === 0 })) }),
    ),
    ...(grid.footer
      ? [
          new TableRow({
            cantSplit: true,
            children: grid.footer.map((v, i) => cell(v, { first: i === 0, total: true })),
          }),
        ]
      : []),
  ];
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

/** The chapter as a DOCX file. */
export async function buildChapter(input: ChapterInput): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(input.title)] }),
    ...input.preamble.map((line) => new Paragraph({ children: [new TextRun(line)] })),
  ];
  for (const section of input.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.heading)] }));
    for (const t of section.tables) {
      const grid = isBiennial(t.table)
        ? biennialGrid(t.table, input.totalLabel)
        : presentedGrid(t.table, input.totalLabel);
      children.push(
        new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, children: [new TextRun(t.caption)] }),
        new Paragraph({ keepNext: true, children: [new TextRun({ text: t.reportLine, italics: true })] }),
        gridTable(grid, input.language),
        ...t.notes
          .filter((n) => n.trim() !== '')
          .map((n) => new Paragraph({ children: [new TextRun({ text: n, size: 18 })] })),
        new Paragraph({
          spacing: { after: 240 },
          children: [new TextRun({ text: t.source, italics: true, size: 18 })],
        }),
      );
    }
  }
  const document = new Document({
    creator: 'Relais',
    title: input.title,
    styles: { default: { document: { run: { font: 'Calibri', size: 20, language: { value: input.language } } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
