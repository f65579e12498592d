import { asPostedFrom, type Office } from '../content/office.ts';
import { drawAddressLabels, LABEL_SHEETS } from './address-labels.ts';
import { Canvas, drawLines, type Geometry, geometry, MUTED, RULE, textRows } from './canvas.ts';
import { formatLetterDate, labelsFor, labelsLocale, letterLabelsLanguage, safeLanguage, type PackLabels } from './labels.ts';
import { cleanLine, cleanLines, letterPages, type LetterContent, sharedRows } from './letter.ts';
import { paginate, type Row } from './paginate.ts';
import { drawLetter, drawPage, openDocument } from './render.ts';
import { singleLine, wrapText, type Line, type TextStyle } from './text.ts';
import type { BulkPack, BulkResult, BulkSigner, BulkSink } from './types.ts';

type Rows = Row<Canvas>[];

function check(job: BulkPack): void {
  if (job.offices.length === 0) throw new RangeError('a print run needs at least one office');
  if (job.mode === 'signers' && job.signers.length === 0) throw new RangeError('a print run of signers needs at least one signer');
  if (job.mode === 'event') {
    if (!Number.isInteger(job.blankLetters) || job.blankLetters! < 1) {
      throw new RangeError('an event print run needs blankLetters, a whole number of at least 1');
    }
    if (!job.eventParagraphs) throw new RangeError('an event print run needs eventParagraphs');
  }
}

function signerLetter(job: BulkPack, signer: BulkSigner): LetterContent {
  const { name, addressLines, paragraphs, ownWords, closingParagraphs } = signer;
  return { sender: { name, addressLines }, letter: { ...job.letter, paragraphs, ownWords, closingParagraphs } };
}

const HEADING: TextStyle = { style: 'bold', size: 16, cache: true };
const TITLE: TextStyle = { style: 'regular', size: 12, cache: true };
const SUBHEADING: TextStyle = { style: 'bold', size: 12, cache: true };
const TEXT: TextStyle = { style: 'regular', size: 10, cache: true };
const STRONG: TextStyle = { ...TEXT, style: 'bold' };
const DETAIL: TextStyle = { style: 'regular', size: 8.5, cache: true };
const LEADING = 14;
const DETAIL_LEADING = 11;
const FIELD_NAME_WIDTH = 100;
const COUNT_WIDTH = 70;
const BULLET_INDENT = 14;

/** Lines set in one style at `x` (`right`: their right ends at `x`), `dy` below the row's top. */
interface Cell {
  lines: Line[];
  style: TextStyle;
  x: number;
  right?: boolean;
  leading?: number;
  dy?: number;
  color?: string;
}

/** Cells side by side (or stacked, through `dy`), kept together on one page. */
function cellsRow(cells: Cell[], spaceBefore: number, ruleAbove?: Geometry): Row<Canvas> {
  const bottom = (c: Cell) => (c.dy ?? 0) + c.lines.length * (c.leading ?? LEADING);
  return {
    height: Math.max(...cells.map(bottom)),
    spaceBefore,
    breakBefore: true,
    draw: (canvas, top) => {
      if (ruleAbove) canvas.rule(ruleAbove.left, ruleAbove.right, top - spaceBefore / 2, RULE);
      for (const c of cells) {
        const y = top + (c.dy ?? 0);
        const leading = c.leading ?? LEADING;
        if (!c.right) drawLines(canvas, c.lines, c.x, y, c.style, leading, c.color);
        else c.lines.forEach((line, i) => drawLines(canvas, [line], c.x - line.width, y + i * leading, c.style, leading, c.color));
      }
    },
  };
}

/** The last page: what was printed, how many letters each office gets, and how to post them. */
function summaryRows(g: Geometry, job: BulkPack, labels: PackLabels, dateText: string, perOffice: number, labelSheets: number): Rows {
  const labelCount = job.addressLabels === 'letter' ? perOffice * job.offices.length : job.offices.length;
  const onePer = job.addressLabels === 'letter' ? 'letter' : 'office';
  const labelText =
    job.addressLabels === 'none' ? labels.noLabels : labels.labelSummary(LABEL_SHEETS[job.paperSize].name, onePer, labelCount, labelSheets);
  const facts: [string, string][] = [
    [labels.printRunDate, dateText],
    [labels.printRunPaper, labels.paperName(job.paperSize)],
    [labels.printRunLetters, job.mode === 'event' ? labels.blankLetterCount(perOffice) : labels.signerCount(perOffice)],
    [labels.printRunLabels, labelText],
  ];
  const valueX = g.left + FIELD_NAME_WIDTH;
  const nameWidth = g.textWidth - COUNT_WIDTH;
  const countRow = (name: Cell[], count: number | string, style: TextStyle, spaceBefore: number, ruleAbove?: Geometry) =>
    cellsRow([...name, { lines: [singleLine(String(count), style)], style, x: g.right, right: true }], spaceBefore, ruleAbove);
  const officeRow = (office: Office, index: number) => {
    const name = wrapText(cleanLine(office.name), nameWidth, TEXT);
    const [, ...postal] = cleanLines(office.addressLines);
    const where = wrapText(postal.join(', '), nameWidth, DETAIL);
    return countRow(
      [
        { lines: name, style: TEXT, x: g.left },
        { lines: where, style: DETAIL, x: g.left, leading: DETAIL_LEADING, dy: name.length * LEADING, color: MUTED },
      ],
      perOffice,
      TEXT,
      index === 0 ? 10 : 8,
      index === 0 ? g : undefined,
    );
  };
  const bullet = singleLine('\u2022', TEXT);
  const advice = [
    job.addressLabels === 'letter' ? labels.postEachLetter : labels.postStacks,
    job.mode === 'event' ? labels.fillInAtEvent : labels.signBeforePosting,
    labels.internationalPostage,
  ];
  return [
    ...textRows(cleanLine(labels.printRunHeading), g.textWidth, { text: HEADING, leading: 22, x: g.left }),
    ...textRows(cleanLine(job.title), g.textWidth, { text: TITLE, leading: 16, x: g.left, spaceBefore: 4, breaks: [] }),
    ...facts.map(([name, value], i) =>
      cellsRow(
        [
          { lines: wrapText(cleanLine(name), FIELD_NAME_WIDTH - 10, STRONG), style: STRONG, x: g.left },
          { lines: wrapText(cleanLine(value), g.right - valueX, TEXT), style: TEXT, x: valueX },
        ],
        i === 0 ? 18 : 4,
      ),
    ),
    countRow(
      [{ lines: wrapText(cleanLine(labels.office), nameWidth, STRONG), style: STRONG, x: g.left }],
      cleanLine(labels.letterCount),
      STRONG,
      24,
    ),
    ...job.offices.map(officeRow),
    countRow([{ lines: [singleLine(labels.total, STRONG)], style: STRONG, x: g.left }], perOffice * job.offices.length, STRONG, 12, g),
    ...textRows(cleanLine(labels.howToPostHeading), g.textWidth, { text: SUBHEADING, leading: 17, x: g.left, spaceBefore: 28 }),
    ...advice.map((text) =>
      cellsRow(
        [
          { lines: [bullet], style: TEXT, x: g.left + 2 },
          { lines: wrapText(cleanLine(text), g.textWidth - BULLET_INDENT, TEXT), style: TEXT, x: g.left + BULLET_INDENT },
        ],
        5,
      ),
    ),
  ];
}

/** Lets the finished pages flow out to the sink, and waits for a sink whose reader has fallen behind. */
async function betweenLetters(sink: BulkSink): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await sink.ready?.();
}

/**
 * Renders an organizer's print run as one PDF, streamed to `sink` page by page: every letter for the first office
 * (each starting on a new page), then for the next office, and so on; then the address labels; then a summary page.
 * Letters are drawn one at a time and forgotten, so memory does not grow with the number of letters.
 */
export async function renderBulkPack(posted: BulkPack, sink: BulkSink): Promise<BulkResult> {
  check(posted);
  const job = { ...posted, offices: posted.offices.map(asPostedFrom(posted.fromCountry)) };
  const labels: PackLabels = labelsFor(job.labelsLanguage);
  const g = geometry(job.paperSize);
  const language = safeLanguage(job.language);
  const dateText = formatLetterDate(job.date, language);
  // The summary page is the organizer's: its date reads the way its words do.
  const summaryDate = formatLetterDate(job.date, labelsLocale(job.labelsLanguage, language));

  const doc = openDocument(g, job.title, language, job.date);
  let pages = 0;
  doc.on('pageAdded', () => pages++);
  doc.on('data', (chunk: Uint8Array) => sink.write(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const context = { canvas: new Canvas(doc, g), letterLabels: labelsFor(letterLabelsLanguage(language)), dateText };

  // Event letters are all alike, so they are laid out once. A signer's letter is laid out afresh for each office:
  // keeping it for the next office would mean keeping every signer's, as the letters go out office by office.
  const blank: LetterContent | undefined =
    job.mode === 'event'
      ? {
          sender: { blank: true, nameLabel: labels.printedName, ownWordsLabel: labels.ownWordsByHand },
          letter: { ...job.letter, paragraphs: job.eventParagraphs!, ownWords: [], closingParagraphs: job.eventClosingParagraphs ?? [] },
        }
      : undefined;
  const blankRows = blank && sharedRows(g, blank, dateText);
  const perOffice = blank ? job.blankLetters! : job.signers.length;
  const total = perOffice * job.offices.length;
  const lettersPerOffice: Record<string, number> = {};

  let done = 0;
  for (const office of job.offices) {
    lettersPerOffice[office.id] = (lettersPerOffice[office.id] ?? 0) + perOffice;
    for (let i = 0; i < perOffice; i++) {
      const content = blank ?? signerLetter(job, job.signers[i]!);
      const shared = blankRows ?? sharedRows(g, content, dateText);
      drawLetter(context, office, letterPages(g, content, office, shared));
      sink.progress(++done, total);
      await betweenLetters(sink);
    }
  }

  let labelSheets = 0;
  if (job.addressLabels !== 'none') {
    const each = job.addressLabels === 'letter' ? job.offices.flatMap((office) => Array<Office>(perOffice).fill(office)) : job.offices;
    labelSheets = drawAddressLabels(context.canvas, LABEL_SHEETS[job.paperSize], each);
  }
  for (const placed of paginate(summaryRows(g, job, labels, summaryDate, perOffice, labelSheets), g.bottom - g.top)) {
    drawPage(context.canvas, placed);
  }

  doc.end();
  await ended;
  return { letters: total, pages, lettersPerOffice };
}
