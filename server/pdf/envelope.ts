import type { EnvelopeSize } from '../content/countries.ts';
import type { Office } from '../content/office.ts';
import { type Canvas, drawLines, type Geometry, inch, mm } from './canvas.ts';
import { cleanLines } from './letter.ts';
import { wrapText, type Line, type TextStyle } from './text.ts';
import type { LetterPack } from './types.ts';

/**
 * Landscape envelope sizes, each taking its paper folded in three: US #10 for Letter, DL for A4, and where people
 * buy another size for a letter, that one: 長形3号 (Naga 3) in Japan, the 220 × 105 mm standard envelope in Korea.
 */
const ENVELOPE: Record<EnvelopeSize, [number, number]> = {
  us10: [inch(9.5), inch(4.125)],
  dl: [mm(220), mm(110)],
  naga3: [mm(235), mm(120)],
  kr: [mm(220), mm(105)],
};

/** Printers cannot reach the outermost few millimetres. */
const EDGE = inch(0.375);
/** Sorting machines print a barcode along the bottom edge... */
const BARCODE_ZONE = inch(0.625);
/** ...and read the delivery address from the band above it, up to this height above the bottom edge. */
const READ_AREA_TOP = inch(2.75);
/** The delivery address starts a little left of the centre line (the top right is the stamp's). */
const DELIVERY_LEFT_SHARE = 0.42;
/** Postal guidance keeps the delivery address at least half an inch from the envelope's right edge. */
const DELIVERY_RIGHT_CLEAR = inch(0.5);
const GUTTER = 18;

const DELIVERY: TextStyle = { style: 'regular', size: 12, cache: true };
const DELIVERY_SMALLEST = 10;
/** The supporter's return address: measured without caching. */
const RETURN: TextStyle = { style: 'regular', size: 9.5, cache: false };
const RETURN_SMALLEST = 8;

/** An envelope page: `top` and `left` are the return address's corner, `bottom` the top of the barcode zone. */
export function envelopeGeometry(size: EnvelopeSize): Geometry {
  const [width, height] = ENVELOPE[size];
  return {
    width,
    height,
    left: EDGE,
    right: width - EDGE,
    top: EDGE,
    bottom: height - BARCODE_ZONE,
    textWidth: width - 2 * EDGE,
  };
}

export interface Block {
  lines: Line[];
  style: TextStyle;
  leading: number;
}

/**
 * Lays out address lines in a box: at the largest size (in half points, down to `smallest`) at which
 * every line fits unwrapped, else wrapped at the largest size whose lines fit the box's height; when even
 * `smallest` does not fit, wrapped at `smallest` (taller than the box).
 */
export function fitBlock(texts: string[], width: number, height: number, base: TextStyle, smallest: number): Block {
  let wrapped: Block | undefined;
  let last: Block | undefined;
  for (let size = base.size; size >= smallest; size -= 0.5) {
    const style = { ...base, size };
    const block = { lines: texts.flatMap((t) => wrapText(t, width, style)), style, leading: size * 1.25 };
    const fits = block.lines.length * block.leading <= height;
    if (fits && block.lines.length === texts.length) return block;
    if (fits) wrapped ??= block;
    last = block;
  }
  return wrapped ?? last!;
}

/**
 * Where the sender's address goes: the top left corner, as USPS, Royal Mail, Deutsche Post and Korea Post read an
 * envelope; on a Japanese envelope written across, the bottom left (the recipient reads from the top).
 */
export const returnCornerOf = (size: EnvelopeSize): 'top' | 'bottom' => (size === 'naga3' ? 'bottom' : 'top');

/** One envelope: the office's postal address, and the supporter's return address when they gave one. */
export function drawEnvelope(canvas: Canvas, office: Office, sender: LetterPack['sender'], returnCorner: 'top' | 'bottom' = 'top'): void {
  const g = canvas.page;
  canvas.newPage();

  const x = g.width * DELIVERY_LEFT_SHARE;
  const readTop = g.height - READ_AREA_TOP;
  const area = g.bottom - readTop;
  const delivery = fitBlock(cleanLines(office.addressLines), g.width - DELIVERY_RIGHT_CLEAR - x, area, DELIVERY, DELIVERY_SMALLEST);
  const height = delivery.lines.length * delivery.leading;
  // Centred in the read area, which puts it a little below the middle; an oversized block ends at its bottom.
  const top = height <= area ? readTop + (area - height) / 2 : Math.max(g.top, g.bottom - height);
  drawLines(canvas, delivery.lines, x, top, delivery.style, delivery.leading);

  const address = cleanLines(sender.addressLines);
  if (address.length === 0) return;
  const from = fitBlock(
    cleanLines([sender.name, ...address]),
    x - GUTTER - g.left,
    g.height / 2 - g.top,
    RETURN,
    RETURN_SMALLEST,
  );
  const fromTop = returnCorner === 'top' ? g.top : g.bottom - from.lines.length * from.leading;
  drawLines(canvas, from.lines, g.left, fromTop, from.style, from.leading);
}
