import { hasPostalAddress, type Office } from '../content/office.ts';
import { type Canvas, drawLines, type Geometry, inch, INK, type LetterGeometry, lineRows, MUTED, textRows } from './canvas.ts';
import { paginate, paragraphBreaks, type Placed, type Row } from './paginate.ts';
import { type Line, plainText, singleLine, wrapText, type TextStyle } from './text.ts';
import type { LetterPack } from './types.ts';

type Rows = Row<Canvas>[];

const BODY_SIZE = 11;
const BODY_LEADING = 15.5;
const PARAGRAPH_GAP = 9;
/** Campaign and office text: widths may be cached across requests. */
const BODY: TextStyle = { style: 'regular', size: BODY_SIZE, cache: true };
/** What the supporter typed: measured without caching. */
const OWN: TextStyle = { ...BODY, cache: false };

const SENDER_SIZE = 10.5;
const SENDER_LEADING = 14;
/** The return address block sits at the top right and is at most this share of the text width. */
const SENDER_MAX_SHARE = 0.5;

const SENDER: TextStyle = { style: 'regular', size: SENDER_SIZE, cache: false };
const DATE: TextStyle = { style: 'regular', size: SENDER_SIZE, cache: true };

const SIGNING_SPACE = 3 * BODY_LEADING;
/** On an event letter, from the closing to the line signed on. */
const SIGNING_SPACE_BY_HAND = inch(0.5);

/** A ruled line to write on by hand sits at the bottom of this much space (wide-ruled paper's 7 mm). */
const WRITING_SPACE = 20;
/** Street and number, town, postcode and region, country: the name goes under the signature. */
const WRITING_LINES_FOR_ADDRESS = 4;
/** A sentence or two in the writer's own hand, before the closing paragraphs. */
const WRITING_LINES_FOR_OWN_WORDS = 2;
const CAPTION: TextStyle = { style: 'regular', size: 8.5, cache: true };
const CAPTION_LEADING = 11;

/**
 * A letter printed for an event, written up by whoever picks it up: ruled lines stand in for the return address,
 * the writer's own words (under `ownWordsLabel`), the signature and the printed name (labelled `nameLabel`).
 */
export interface BlankSender {
  blank: true;
  nameLabel: string;
  ownWordsLabel: string;
}

export type Sender = LetterPack['sender'] | BlankSender;

/** Everything in a letter except its office. */
export interface LetterContent {
  sender: Sender;
  letter: LetterPack['letter'];
}

function isBlank(sender: Sender): sender is BlankSender {
  return 'blank' in sender;
}

/** A line to write on, `width` long, with an optional caption in small type beneath it. */
function writingLineRow(x: number, width: number, spaceBefore: number, caption?: string): Row<Canvas> {
  const captionLine = caption ? singleLine(caption, CAPTION) : undefined;
  return {
    height: WRITING_SPACE + (captionLine ? CAPTION_LEADING : 0),
    spaceBefore,
    breakBefore: false,
    draw: (canvas, top) => {
      canvas.rule(x, x + width, top + WRITING_SPACE, MUTED, 0.75);
      if (captionLine) drawLines(canvas, [captionLine], x, top + WRITING_SPACE + 1, CAPTION, CAPTION_LEADING, MUTED);
    },
  };
}

/** Paragraph texts as typeset: a blank line inside one entry also starts a new paragraph. */
export function paragraphsOf(texts: string[]): string[] {
  return texts
    .flatMap((t) => plainText(t).split(/\n[ ]*(?:\n[ ]*)+/))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** One line of plain text, white space collapsed. */
export function cleanLine(text: string): string {
  return plainText(text).replace(/\s+/g, ' ').trim();
}

export function cleanLines(lines: string[]): string[] {
  return lines.map(cleanLine).filter((l) => l.length > 0);
}

/**
 * The letter's head, laid out for a window envelope: the return address and the date at the top right, the inside
 * address where the paper's window shows it. The return address sits above the window when it fits there, beside it
 * otherwise, and never inside it.
 */
const HEAD_TOP = inch(0.75);
/** Between the return address and the window, either way. */
const HEAD_GUTTER = 18;
/** How far the inside address keeps from the window's edges: USPS asks ⅛ in across, so a letter may shift a little. */
const WINDOW_CLEARANCE_X = inch(1 / 8);
const WINDOW_CLEARANCE_Y = inch(1 / 16);
/** The inside address is set at the first of these sizes that fits the window (USPS machines read 10 pt and up). */
const INSIDE_ADDRESS_SIZES = [11, 10.5, 10];
const INSIDE_ADDRESS_LEADING = 1.15;
/** The share of a line box that a line's glyphs fill (Noto Serif's ascent plus descent, per em): see baselineOffset. */
const INK_PER_EM = 1.069 + 0.293;

/** The height of rows stacked one under the other (the first one's space above not counted). */
function stackHeight(rows: Rows): number {
  return rows.reduce((height, row, i) => height + (i > 0 ? row.spaceBefore : 0) + row.height, 0);
}

function drawStack(canvas: Canvas, rows: Rows, top: number): void {
  let y = top;
  rows.forEach((row, i) => {
    if (i > 0) y += row.spaceBefore;
    row.draw(canvas, y);
    y += row.height;
  });
}

/** The supporter's return address (name and address lines) and the date, as a block `maxWidth` wide at most, on the right. */
function senderBlockRows(g: Geometry, sender: Sender, dateText: string, maxWidth: number): Rows {
  const date = singleLine(dateText, DATE);
  if (isBlank(sender)) {
    const x = g.right - maxWidth;
    return [
      ...Array.from({ length: WRITING_LINES_FOR_ADDRESS }, () => writingLineRow(x, maxWidth, 0)),
      ...lineRows([date], { text: DATE, leading: SENDER_LEADING, x, spaceBefore: 12, breaks: [] }),
    ];
  }
  const address = cleanLines(sender.addressLines);
  if (address.length === 0) {
    return lineRows([date], { text: DATE, leading: SENDER_LEADING, x: g.right, align: 'right' });
  }
  const name = cleanLine(sender.name);
  // Regular weight, like the rest of the block: the CJK fallback fonts have no bold here.
  const nameLines = name ? wrapText(name, maxWidth, SENDER) : [];
  const addressLines = address.flatMap((l) => wrapText(l, maxWidth, SENDER));
  const width = Math.max(date.width, ...nameLines.map((l) => l.width), ...addressLines.map((l) => l.width));
  const x = g.right - width;
  const block = { leading: SENDER_LEADING, x, breaks: [] };
  return [
    ...lineRows([...nameLines, ...addressLines], { ...block, text: SENDER }),
    ...lineRows([date], { ...block, text: DATE, spaceBefore: 12 }),
  ];
}

/** The return address block: above the window when it ends in time, else narrower, beside it. */
export function senderRows(g: LetterGeometry, sender: Sender, dateText: string): Rows {
  const above = senderBlockRows(g, sender, dateText, g.textWidth * SENDER_MAX_SHARE);
  if (HEAD_TOP + stackHeight(above) <= g.window.top - HEAD_GUTTER / 2) return above;
  return senderBlockRows(g, sender, dateText, g.right - g.window.right - HEAD_GUTTER);
}

interface InsideAddress {
  /** Where its lines start across the page. */
  left: number;
  lines: Line[];
  style: TextStyle;
  leading: number;
  /** From the top of the first line's glyphs to the bottom of the last one's. */
  ink: number;
}

/** The addressee, then "c/o" and the office's postal address, as lines that fit the window at the largest size that can. */
export function insideAddressLines(g: LetterGeometry, letter: LetterPack['letter'], office: Office): InsideAddress {
  const [first = '', ...rest] = office.addressLines;
  const careOf = plainText(letter.careOf).trim();
  // An office with no address is written in by hand: only the addressee is printed (headRow adds the lines).
  const text = cleanLines(!hasPostalAddress(office) ? letter.addressee : [...letter.addressee, careOf ? `${careOf} ${first}` : first, ...rest]);
  const left = Math.max(g.left, g.window.left + WINDOW_CLEARANCE_X);
  const width = g.window.right - WINDOW_CLEARANCE_X - left;
  const room = g.window.bottom - g.window.top - 2 * WINDOW_CLEARANCE_Y;
  const set = (size: number) => {
    const style: TextStyle = { ...BODY, size };
    const leading = size * INSIDE_ADDRESS_LEADING;
    const lines = text.flatMap((line) => wrapText(line, width, style));
    return { left, lines, style, leading, ink: (lines.length - 1) * leading + size * INK_PER_EM };
  };
  // The smallest size is used even when it does not fit: the lines then run on below the window, but none is lost.
  const sizes = INSIDE_ADDRESS_SIZES.map(set);
  return sizes.find((s) => s.ink <= room) ?? sizes.at(-1)!;
}

/**
 * The head as one row, the first on the letter's first page (so it is drawn at fixed places on the page): the
 * return address from HEAD_TOP, the inside address centred in the window zone.
 */
export function headRow(g: LetterGeometry, letter: LetterPack['letter'], office: Office, sender: Rows): Row<Canvas> {
  const address = insideAddressLines(g, letter, office);
  const { left } = address;
  const byHand = !hasPostalAddress(office);
  // Centred in the window; an address to be written in starts at the top, leaving the rest for the lines.
  const inkTop = byHand ? g.window.top + WINDOW_CLEARANCE_Y : Math.max(g.window.top + WINDOW_CLEARANCE_Y, (g.window.top + g.window.bottom - address.ink) / 2);
  // drawLines takes the top of the first line box, which has half the leading's spare room above the glyphs.
  const addressTop = inkTop - (address.leading - address.style.size * INK_PER_EM) / 2;
  const boxHeight = address.lines.length * address.leading;
  const bottom = Math.max(HEAD_TOP + stackHeight(sender), addressTop + boxHeight, g.window.bottom);
  // Lines to write the office's address on by hand, the first after "c/o", down to the window's bottom.
  const careOf = singleLine(plainText(letter.careOf).trim(), address.style);
  const handwrittenLines = byHand ? Math.max(2, Math.floor((g.window.bottom - WINDOW_CLEARANCE_Y - (addressTop + boxHeight)) / WRITING_SPACE)) : 0;
  const drawHandwritten = (canvas: Canvas) => {
    for (let i = 0; i < handwrittenLines; i++) {
      const baseline = addressTop + boxHeight + (i + 1) * WRITING_SPACE;
      const captioned = i === 0 && careOf.width > 0;
      if (captioned) canvas.drawLine(careOf, left, baseline - 2, address.style);
      canvas.rule(captioned ? left + careOf.width + 4 : left, g.window.right - WINDOW_CLEARANCE_X, baseline, MUTED, 0.75);
    }
  };
  return {
    height: bottom - g.top,
    spaceBefore: 0,
    breakBefore: false,
    draw: (canvas) => {
      drawStack(canvas, sender, HEAD_TOP);
      drawLines(canvas, address.lines, left, addressTop, address.style, address.leading);
      drawHandwritten(canvas);
    },
  };
}

export function salutationRows(g: Geometry, letter: LetterPack['letter']): Rows {
  return textRows(plainText(letter.salutation), g.textWidth, {
    text: BODY,
    leading: BODY_LEADING,
    x: g.left,
    spaceBefore: 22,
    breaks: [],
  });
}

/** Ruled lines across the text width for the writer's own words, the first led by a caption; kept together. */
function ownWordsByHandRows(g: Geometry, label: string): Rows {
  const caption = singleLine(label, CAPTION);
  const captionGap = 6;
  const first: Row<Canvas> = {
    height: WRITING_SPACE,
    spaceBefore: PARAGRAPH_GAP,
    breakBefore: true,
    draw: (canvas, top) => {
      canvas.drawLine(caption, g.left, top + WRITING_SPACE - 2, CAPTION, MUTED);
      canvas.rule(g.left + caption.width + captionGap, g.right, top + WRITING_SPACE, MUTED, 0.75);
    },
  };
  const rest = Array.from({ length: WRITING_LINES_FOR_OWN_WORDS - 1 }, () => writingLineRow(g.left, g.textWidth, 0));
  return [first, ...rest];
}

/**
 * Campaign paragraphs, the supporter's own (or, on an event letter, lines to write them on), then the campaign's
 * closing ones; no paragraph leaves a single line alone on a page.
 */
export function bodyRows(g: Geometry, letter: LetterPack['letter'], sender: Sender, { ownWordsAreOurs = false } = {}): Rows {
  const paragraphRows = (texts: string[], style: TextStyle, first: boolean) =>
    paragraphsOf(texts).flatMap((text, index) => {
      const lines = wrapText(text, g.textWidth, style);
      return lineRows(lines, {
        text: style,
        leading: BODY_LEADING,
        x: g.left,
        spaceBefore: PARAGRAPH_GAP,
        // The first paragraph stays with the salutation.
        breaks: paragraphBreaks(lines.length, !(first && index === 0)),
      });
    });
  const body = paragraphRows(letter.paragraphs, BODY, true);
  const rows = [
    ...body,
    ...(isBlank(sender) ? ownWordsByHandRows(g, sender.ownWordsLabel) : paragraphRows(letter.ownWords, ownWordsAreOurs ? TRANSLATION_INTRO : OWN, body.length === 0)),
    ...paragraphRows(letter.closingParagraphs ?? [], BODY, false),
  ];
  // The closing follows the last line, and never with that line alone: a one-line last paragraph ("Thank you for
  // your consideration…") takes at least one line before it onto its page.
  const last = rows.at(-1);
  if (last && rows.length >= 2) last.breakBefore = false;
  return rows;
}

/**
 * The closing, room to sign by hand, and the printed name (for a blank sender: a line to sign on and one for the
 * name). Nothing here may start a page, so the closing always shares its page with the last lines of the letter
 * (the paragraph rule keeps two).
 */
export function signatureRows(g: Geometry, letter: LetterPack['letter'], sender: Sender): Rows {
  const closing = textRows(plainText(letter.closing), g.textWidth, {
    text: BODY,
    leading: BODY_LEADING,
    x: g.left,
    spaceBefore: 16,
    breaks: [],
  });
  if (isBlank(sender)) {
    // A line to sign on and, beside it, one for the printed name: side by side, so the letter keeps to one sheet.
    const width = (g.textWidth - HEAD_GUTTER) / 2;
    const sign = writingLineRow(g.left, width, SIGNING_SPACE_BY_HAND - WRITING_SPACE);
    const name = writingLineRow(g.left + width + HEAD_GUTTER, width, 0, sender.nameLabel);
    return [...closing, { ...name, draw: (canvas, top) => (sign.draw(canvas, top), name.draw(canvas, top)), spaceBefore: sign.spaceBefore }];
  }
  const name = cleanLine(sender.name);
  const nameLines = name ? wrapText(name, g.textWidth * 0.6, OWN) : [{ runs: [], width: 0 }];
  const printed = lineRows(nameLines, {
    text: OWN,
    leading: BODY_LEADING,
    x: g.left,
    spaceBefore: SIGNING_SPACE,
    breaks: [],
  });
  return [...closing, ...printed];
}

/** The parts of a letter that are the same whichever office it goes to: laid out once per pack. */
export interface SharedRows {
  sender: Rows;
  salutation: Rows;
  body: Rows;
  signature: Rows;
}

export function sharedRows(g: LetterGeometry, content: LetterContent, dateText: string): SharedRows {
  return {
    sender: senderRows(g, content.sender, dateText),
    salutation: salutationRows(g, content.letter),
    body: bodyRows(g, content.letter, content.sender),
    signature: signatureRows(g, content.letter, content.sender),
  };
}

export function letterRows(g: LetterGeometry, content: LetterContent, office: Office, shared: SharedRows): Rows {
  return [
    headRow(g, content.letter, office, shared.sender),
    ...shared.salutation,
    ...shared.body,
    ...shared.signature,
  ];
}

/** One office's letter, laid out onto pages. */
export function letterPages(g: LetterGeometry, content: LetterContent, office: Office, shared: SharedRows): Placed<Canvas>[][] {
  return paginate(letterRows(g, content, office, shared), g.bottom - g.top);
}

const SMALL: TextStyle = { style: 'regular', size: 8.5, cache: true };

/** The page numbers and running header: small and grey on a letter; black and at least 11 pt on a fax. */
export interface Furniture {
  color: string;
  style: TextStyle;
}
export const LETTER_FURNITURE: Furniture = { color: MUTED, style: SMALL };
export const FAX_FURNITURE: Furniture = { color: INK, style: { style: 'regular', size: 11, cache: true } };

/** "Page 2 of 3", centred in the bottom margin. */
export function drawFooter(canvas: Canvas, text: string, furniture: Furniture = LETTER_FURNITURE): void {
  const g = canvas.page;
  const line = singleLine(text, furniture.style);
  canvas.drawLine(line, (g.left + g.right - line.width) / 2, g.bottom + 34, furniture.style, furniture.color);
}

/** On a letter's later pages: which office and date the page belongs to, so loose pages can be sorted. */
export function drawContinuationHeader(canvas: Canvas, office: Office, dateText: string, furniture: Furniture = LETTER_FURNITURE): void {
  const g = canvas.page;
  const text = `${office.addressLines[0] ?? office.name} \u00B7 ${dateText}`;
  const line = wrapText(plainText(text), g.textWidth, furniture.style)[0];
  if (line) canvas.drawLine(line, g.left, g.top - 30, furniture.style, furniture.color);
}

const TRANSLATION_HEADING: TextStyle = { style: 'bold', size: 14, cache: true };
const TRANSLATION_INTRO: TextStyle = { style: 'italic', size: 9.5, cache: true };

/**
 * A letter's courtesy translation, laid out once per pack: a heading and a sentence saying what it is, then the
 * translated salutation, paragraphs and closing, with `ownWordsNote` where the writer's own words stand in the
 * original, and the writer's printed name. No inside address: the page travels with the letter before it.
 */
export function translationRows(
  g: LetterGeometry,
  translated: Omit<LetterPack['letter'], 'ownWords'>,
  original: LetterPack['letter'],
  sender: LetterPack['sender'],
  words: { heading: string; intro: string; ownWordsNote: string },
): Rows {
  const heading = textRows(plainText(words.heading), g.textWidth, { text: TRANSLATION_HEADING, leading: 19, x: g.left, spaceBefore: 0, breaks: [] });
  const intro = textRows(plainText(words.intro), g.textWidth, { text: TRANSLATION_INTRO, leading: 13, x: g.left, spaceBefore: 6, breaks: [], color: MUTED });
  const letter: LetterPack['letter'] = { ...translated, ownWords: original.ownWords.length > 0 ? [words.ownWordsNote] : [] };
  // The note is ours, not the writer's: measured with the cache like campaign text.
  return [...heading, ...intro, ...salutationRows(g, letter), ...bodyRows(g, letter, sender, { ownWordsAreOurs: true }), ...signatureRows(g, letter, sender)];
}
