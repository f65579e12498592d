import PDFDocument from 'pdfkit';
import { asPostedFrom, hasFax, hasPostalAddress, type Office } from '../content/office.ts';
import { envelopeFor } from '../content/countries.ts';
import { utcDay } from '../shared/day.ts';
import { addressListRows, drawAddressListHeader, SPACINGS, type SpacingName } from './addressList.ts';
import { Canvas, geometry, type Geometry } from './canvas.ts';
import { drawEnvelope, envelopeGeometry, returnCornerOf } from './envelope.ts';
import { faxCoverRows } from './fax.ts';
import { formatLetterDate, labelsFor, labelsLocale, letterLabelsLanguage, safeLanguage, type PackLabels } from './labels.ts';
import { cleanLine, drawContinuationHeader, drawFooter, FAX_FURNITURE, LETTER_FURNITURE, letterPages, sharedRows, translationRows, type Furniture } from './letter.ts';
import { scriptPreferenceOf, setScriptPreference } from './fonts.ts';
import { paginate, type Placed } from './paginate.ts';
import type { LetterPack, PackKind } from './types.ts';

export function drawPage(canvas: Canvas, placed: Placed<Canvas>[]): void {
  canvas.newPage();
  for (const { row, top } of placed) row.draw(canvas, canvas.page.top + top);
}

/** What drawing a letter takes besides the letter. */
export interface LetterContext {
  canvas: Canvas;
  /** The words on the pages the office gets (page numbers, the fax cover), in the letter's language. */
  letterLabels: PackLabels;
  dateText: string;
}

/** What every kind of pack draws with. */
interface Context extends LetterContext {
  pack: LetterPack;
  /** The words on the pages the supporter keeps, in the pack's labelsLanguage. */
  labels: PackLabels;
}

/**
 * `furniture` sets the page numbers and the continuation header. A letter's pages are numbered when it has more than
 * one; `numbering` numbers them within something larger instead (a fax: its cover is page 1), on every page.
 */
export function drawLetter(
  c: LetterContext,
  office: Office,
  pages: Placed<Canvas>[][],
  { furniture = LETTER_FURNITURE, numbering }: { furniture?: Furniture; numbering?: { first: number; total: number } } = {},
): void {
  pages.forEach((placed, index) => {
    drawPage(c.canvas, placed);
    if (index > 0) drawContinuationHeader(c.canvas, office, c.dateText, furniture);
    if (numbering) drawFooter(c.canvas, c.letterLabels.pageOf(numbering.first + index, numbering.total), furniture);
    else if (pages.length > 1) drawFooter(c.canvas, c.letterLabels.pageOf(index + 1, pages.length), furniture);
  });
}

function drawLetters(c: Context): void {
  const g = geometry(c.pack.paperSize);
  const shared = sharedRows(g, c.pack, c.dateText);
  const translation = c.pack.translation && translationPages(g, c.pack, c.pack.translation);
  for (const office of c.pack.offices) {
    drawLetter(c, office, letterPages(g, c.pack, office, shared));
    if (translation) drawLetter({ ...c, letterLabels: translation.labels }, office, translation.pages);
  }

  // A letter to be addressed by hand has no address to list.
  if (!c.pack.offices.some(hasPostalAddress)) return;
  const later = c.pack.reportLater;
  const report = later && { later, untilText: formatLetterDate(later.until, labelsLocale(c.pack.labelsLanguage, c.pack.language)) };
  // The address list with its usual spacing, or the first tighter one that saves a page; one page cannot be
  // bettered, so tighter ones are then not laid out.
  const layout = (spacing: SpacingName) => paginate(addressListRows(g, c.pack.offices, c.labels, { spacing, report }), g.bottom - g.top);
  let listPages = layout(SPACINGS[0]);
  for (const spacing of SPACINGS.slice(1)) {
    if (listPages.length === 1) break;
    const tighter = layout(spacing);
    if (tighter.length < listPages.length) listPages = tighter;
  }
  listPages.forEach((placed, index) => {
    drawPage(c.canvas, placed);
    if (index > 0) drawAddressListHeader(c.canvas, c.labels);
  });
}

/**
 * The courtesy translation's pages, laid out once (they are the same for every office), in the translation's
 * language and its CJK design (Chinese Han forms after a Korean or Japanese letter).
 */
function translationPages(g: ReturnType<typeof geometry>, pack: LetterPack, translation: NonNullable<LetterPack['translation']>) {
  const language = safeLanguage(translation.language);
  const labels = labelsFor(letterLabelsLanguage(language));
  const previous = setScriptPreference(scriptPreferenceOf(language));
  try {
    const rows = translationRows(g, translation.letter, pack.letter, pack.sender, {
      heading: labels.translationHeading,
      intro: labels.translationIntro,
      ownWordsNote: labels.translationOwnWords,
    });
    return { labels, pages: paginate(rows, g.bottom - g.top) };
  } finally {
    setScriptPreference(previous);
  }
}

/** Per office with a fax number: a cover sheet, then the letter, all in black (a fax turns grey into noise). */
function drawFaxes(c: Context, offices: Office[]): void {
  const g = geometry(c.pack.paperSize);
  const shared = sharedRows(g, c.pack, c.dateText);
  for (const office of offices) {
    const letter = letterPages(g, c.pack, office, shared);
    const coverFor = (pages: number) =>
      paginate(faxCoverRows(g, c.pack, office, c.dateText, pages, c.letterLabels), g.bottom - g.top);
    let cover = coverFor(1 + letter.length);
    // Only a pathologically long name or title pushes the cover onto a second page; the count then says so.
    if (cover.length > 1) cover = coverFor(cover.length + letter.length);
    // One fax, numbered as a whole: the cover is page 1, the letter's pages follow.
    const total = cover.length + letter.length;
    cover.forEach((placed, index) => {
      drawPage(c.canvas, placed);
      drawFooter(c.canvas, c.letterLabels.pageOf(index + 1, total), FAX_FURNITURE);
    });
    drawLetter(c, office, letter, { furniture: FAX_FURNITURE, numbering: { first: cover.length + 1, total } });
  }
}

/** A PDF with pages of `g`'s size. `language` must have been through safeLanguage. */
export function openDocument(g: Geometry, title: string, language: string, date: Date): PDFKit.PDFDocument {
  return new PDFDocument({
    autoFirstPage: false,
    size: [g.width, g.height],
    margin: 0,
    lang: language,
    displayTitle: true,
    // No default font: PDFKit would otherwise load Helvetica's metrics for every document.
    font: null as unknown as string,
    // Metadata is about the campaign, never the supporter: no Author. A fixed CreationDate (the
    // letters' date) makes the output, including the file ID PDFKit derives from it, repeatable.
    info: { Title: cleanLine(title), Creator: 'appeal-letters', CreationDate: date },
  });
}

/**
 * Renders the pack as a print-ready PDF: by default one letter per office, then the address list; or
 * each letter behind a fax cover sheet; or one envelope per office.
 */
export async function renderLetterPack(posted: LetterPack): Promise<Buffer> {
  if (posted.offices.length === 0) throw new RangeError('a letter pack needs at least one office');
  const pack = { ...posted, offices: posted.offices.map(asPostedFrom(posted.fromCountry)) };
  const kind: PackKind = pack.kind ?? 'letter';
  const faxable = pack.offices.filter(hasFax);
  if (kind === 'fax' && faxable.length === 0) {
    throw new RangeError('a fax pack needs at least one office with a fax number, and none of these has one');
  }
  const envelope = envelopeFor(pack.fromCountry ?? '', pack.paperSize);
  const g = kind === 'envelope' ? envelopeGeometry(envelope) : geometry(pack.paperSize);
  const language = safeLanguage(pack.language);
  const dateText = formatLetterDate(pack.date, language);

  const doc = openDocument(g, pack.title, language, pack.date);
  // Han characters take the letter's language's design while its text is laid out (drawing is synchronous).
  const previousScript = setScriptPreference(scriptPreferenceOf(language));
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const context: Context = {
    pack,
    canvas: new Canvas(doc, g),
    labels: labelsFor(pack.labelsLanguage),
    letterLabels: labelsFor(letterLabelsLanguage(language)),
    dateText,
  };
  try {
    if (kind === 'fax') drawFaxes(context, faxable);
    else if (kind === 'envelope') for (const office of pack.offices) drawEnvelope(context.canvas, office, pack.sender, returnCornerOf(envelope));
    else drawLetters(context);
  } finally {
    setScriptPreference(previousScript);
  }

  doc.end();
  return done;
}

const FILE_KIND: Record<PackKind, string> = { letter: '', fax: '-fax', envelope: '-envelopes' };

/** "<slug>-2026-11-22.pdf" ("<slug>-fax-...", "<slug>-envelopes-..."): the campaign and the date (UTC), never the supporter's name. */
export function suggestedFileName(slug: string, date: Date, kind: PackKind = 'letter'): string {
  const safe = slug.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'appeal-letters';
  return `${safe}${FILE_KIND[kind]}-${utcDay(date)}.pdf`;
}
