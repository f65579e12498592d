import type { Office } from '../content/office.ts';
import { type Canvas, drawLines, type Geometry, INK, lineRows, MUTED, textRows } from './canvas.ts';
import { paginate, paragraphBreaks, type Placed, type Row } from './paginate.ts';
import { plainText, singleLine, wrapText, type TextStyle } from './text.ts';
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

/** A ruled line to write on by hand sits at the bottom of this much space (wide-ruled paper's 7 mm). */
const WRITING_SPACE = 20;
/** Street, town and postcode, country: the name goes under the signature. */
const WRITING_LINES_FOR_ADDRESS = 3;
const CAPTION: TextStyle = { style: 'regular', size: 8.5, cache: true };
const CAPTION_LEADING = 11;

/**
 * A letter printed for an event, written up by whoever picks it up: ruled lines stand in for the return address,
 * the signature and the printed name (labelled `nameLabel`).
 */
export interface BlankSender {
  blank: true;
  nameLabel: string;
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

/** The supporter's return address (name and address lines) and the date, as a block on the right. */
export function senderRows(g: Geometry, sender: Sender, dateText: string): Rows {
  const date = singleLine(dateText, DATE);
  if (isBlank(sender)) {
    const width = g.textWidth * SENDER_MAX_SHARE;
    const x = g.right - width;
    return [
      ...Array.from({ length: WRITING_LINES_FOR_ADDRESS }, () => writingLineRow(x, width, 0)),
      ...lineRows([date], { text: DATE, leading: SENDER_LEADING, x, spaceBefore: 12, breaks: [] }),
    ];
  }
  const address = cleanLines(sender.addressLines);
  if (address.length === 0) {
    return lineRows([date], { text: DATE, leading: SENDER_LEADING, x: g.right, align: 'right' });
  }
  const maxWidth = g.textWidth * SENDER_MAX_SHARE;
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

/** The addressee, then "c/o" and the office's postal address. */
export function insideAddressRows(g: Geometry, letter: LetterPack['letter'], office: Office): Rows {
  const [first = '', ...rest] = office.addressLines;
  const careOf = plainText(letter.careOf).trim();
  const lines = cleanLines([...letter.addressee, careOf ? `${careOf} ${first}` : first, ...rest]);
  return textRows(lines.join('\n'), g.textWidth, {
    text: BODY,
    leading: 15,
    x: g.left,
    spaceBefore: 34,
    breaks: [],
  });
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

/** Campaign paragraphs, the supporter's own, then the campaign's closing ones; no paragraph leaves a single line alone on a page. */
export function bodyRows(g: Geometry, letter: LetterPack['letter']): Rows {
  const paragraphs = [
    ...paragraphsOf(letter.paragraphs).map((p) => ({ text: p, style: BODY })),
    ...paragraphsOf(letter.ownWords).map((p) => ({ text: p, style: OWN })),
    ...paragraphsOf(letter.closingParagraphs ?? []).map((p) => ({ text: p, style: BODY })),
  ];
  const rows = paragraphs.flatMap((p, index) => {
    const lines = wrapText(p.text, g.textWidth, p.style);
    return lineRows(lines, {
      text: p.style,
      leading: BODY_LEADING,
      x: g.left,
      spaceBefore: PARAGRAPH_GAP,
      // The first paragraph stays with the salutation.
      breaks: paragraphBreaks(lines.length, index > 0),
    });
  });
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
    const width = g.textWidth * 0.5;
    // The signature line sits about where a printed name's baseline would.
    return [
      ...closing,
      writingLineRow(g.left, width, SIGNING_SPACE + BODY_LEADING - WRITING_SPACE),
      writingLineRow(g.left, width, 0, sender.nameLabel),
    ];
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

export function sharedRows(g: Geometry, content: LetterContent, dateText: string): SharedRows {
  return {
    sender: senderRows(g, content.sender, dateText),
    salutation: salutationRows(g, content.letter),
    body: bodyRows(g, content.letter),
    signature: signatureRows(g, content.letter, content.sender),
  };
}

export function letterRows(g: Geometry, content: LetterContent, office: Office, shared: SharedRows): Rows {
  return [
    ...shared.sender,
    ...insideAddressRows(g, content.letter, office),
    ...shared.salutation,
    ...shared.body,
    ...shared.signature,
  ];
}

/** One office's letter, laid out onto pages. */
export function letterPages(g: Geometry, content: LetterContent, office: Office, shared: SharedRows): Placed<Canvas>[][] {
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
