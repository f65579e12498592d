import type { Office } from '../offices/schema.ts';
import { type Canvas, type Geometry, lineRows, MUTED, textRows } from './canvas.ts';
import type { Row } from './paginate.ts';
import { paragraphBreaks } from './paginate.ts';
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

/** Paragraph texts as typeset: a blank line inside one entry also starts a new paragraph. */
export function paragraphsOf(texts: string[]): string[] {
  return texts
    .flatMap((t) => plainText(t).split(/\n[ ]*(?:\n[ ]*)+/))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function cleanLines(lines: string[]): string[] {
  return lines.map((l) => plainText(l).replace(/\s+/g, ' ').trim()).filter((l) => l.length > 0);
}

/** The supporter's return address (name and address lines) and the date, as a block on the right. */
export function senderRows(g: Geometry, sender: LetterPack['sender'], dateText: string): Rows {
  const date = singleLine(dateText, DATE);
  const address = cleanLines(sender.addressLines);
  if (address.length === 0) {
    return lineRows([date], { text: DATE, leading: SENDER_LEADING, x: g.right, align: 'right' });
  }
  const maxWidth = g.textWidth * SENDER_MAX_SHARE;
  const name = plainText(sender.name).replace(/\s+/g, ' ').trim();
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

/** Campaign paragraphs then the supporter's own; no paragraph leaves a single line alone on a page. */
export function bodyRows(g: Geometry, letter: LetterPack['letter']): Rows {
  const paragraphs = [
    ...paragraphsOf(letter.paragraphs).map((p) => ({ text: p, style: BODY })),
    ...paragraphsOf(letter.ownWords).map((p) => ({ text: p, style: OWN })),
  ];
  return paragraphs.flatMap((p, index) => {
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
}

/**
 * The closing, room to sign by hand, and the printed name. Nothing here may start a page, so the
 * closing always shares its page with the last lines of the letter (the paragraph rule keeps two).
 */
export function signatureRows(g: Geometry, letter: LetterPack['letter'], senderName: string): Rows {
  const closing = textRows(plainText(letter.closing), g.textWidth, {
    text: BODY,
    leading: BODY_LEADING,
    x: g.left,
    spaceBefore: 16,
    breaks: [],
  });
  const name = plainText(senderName).replace(/\s+/g, ' ').trim();
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

export function sharedRows(g: Geometry, pack: LetterPack, dateText: string): SharedRows {
  return {
    sender: senderRows(g, pack.sender, dateText),
    salutation: salutationRows(g, pack.letter),
    body: bodyRows(g, pack.letter),
    signature: signatureRows(g, pack.letter, pack.sender.name),
  };
}

export function letterRows(g: Geometry, pack: LetterPack, office: Office, shared: SharedRows): Rows {
  return [
    ...shared.sender,
    ...insideAddressRows(g, pack.letter, office),
    ...shared.salutation,
    ...shared.body,
    ...shared.signature,
  ];
}

const SMALL: TextStyle = { style: 'regular', size: 8.5, cache: true };

/** "Page 2 of 3", centred in the bottom margin. */
export function drawFooter(canvas: Canvas, text: string, color: string = MUTED): void {
  const g = canvas.page;
  const line = singleLine(text, SMALL);
  canvas.drawLine(line, (g.left + g.right - line.width) / 2, g.bottom + 34, SMALL, color);
}

/** On a letter's later pages: which office and date the page belongs to, so loose pages can be sorted. */
export function drawContinuationHeader(canvas: Canvas, office: Office, dateText: string, color: string = MUTED): void {
  const g = canvas.page;
  const text = `${office.addressLines[0] ?? office.name} \u00B7 ${dateText}`;
  const line = wrapText(plainText(text), g.textWidth, SMALL)[0];
  if (line) canvas.drawLine(line, g.left, g.top - 30, SMALL, color);
}
