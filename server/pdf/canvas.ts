import type { PaperSize } from '../shared/paper.ts';
import { fontFor, type FaceId } from './fonts.ts';
import type { Row } from './paginate.ts';
import { wrapText, type Line, type TextStyle } from './text.ts';

/** Page sizes in points. */
const PAPER: Record<PaperSize, [number, number]> = {
  letter: [612, 792],
  a4: [595.28, 841.89],
};

/** Lengths in PDF points (1/72 inch). */
export const inch = (n: number) => n * 72;
export const mm = (n: number) => (n * 72) / 25.4;

/** One-inch margins: A4 is narrower and Letter shorter, and both print well with 72 pt all round. */
const MARGIN = 72;

export interface Geometry {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  textWidth: number;
}

/** A rectangle on the page, in points from its top left corner. */
export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Where a window envelope shows a letter folded in three, on each paper: a #10 envelope's window (4½ × 1⅛ in,
 * ⅞ in from the left and ½ in from the bottom) for US Letter, and DIN 5008's address field (form B: 20–105 mm
 * across, 45–90 mm down, the DL window) for A4.
 */
export const WINDOW_ZONES: Record<PaperSize, Box> = {
  letter: { left: inch(0.875), right: inch(5.375), top: inch(2.5), bottom: inch(3.625) },
  a4: { left: mm(20), right: mm(105), top: mm(45), bottom: mm(90) },
};

/** A letter page: its margins, and where the inside address must sit to show in a window envelope. */
export interface LetterGeometry extends Geometry {
  window: Box;
}

export function geometry(paper: PaperSize): LetterGeometry {
  const [width, height] = PAPER[paper];
  return {
    window: WINDOW_ZONES[paper],
    width,
    height,
    left: MARGIN,
    right: width - MARGIN,
    top: MARGIN,
    bottom: height - MARGIN,
    textWidth: width - 2 * MARGIN,
  };
}

export const INK = '#000000';
export const MUTED = '#555555';
export const RULE = '#9a9a9a';

/** Where the alphabetic baseline sits in a line box of `leading`, from Noto Serif's ascent and descent. */
function baselineOffset(size: number, leading: number): number {
  const ascent = 1.069;
  const descent = 0.293;
  return (leading - size * (ascent + descent)) / 2 + size * ascent;
}

const SHARED_LIMIT = 20_000;
const sharedLayouts = new Map<FaceId, Map<string, unknown>>();

/**
 * PDFKit shapes every word with fontkit (GSUB/GPOS) and caches the result per document, which made
 * shaping most of the cost of a pack. This cache object replaces a document's own: shaped campaign
 * and office words are shared by all documents (positions are in font units, the same at every size),
 * while the supporter's words stay in the document's private part and go away with it.
 */
function layoutCache(face: FaceId, canvas: Canvas): object {
  let shared = sharedLayouts.get(face);
  if (!shared) sharedLayouts.set(face, (shared = new Map()));
  const store = shared;
  const local = new Map<string, unknown>();
  return new Proxy(Object.create(null) as object, {
    get: (_, key) => (typeof key === 'string' ? (local.get(key) ?? store.get(key)) : undefined),
    set: (_, key, value) => {
      if (typeof key !== 'string') return false;
      if (canvas.trusted && store.size < SHARED_LIMIT) store.set(key, value);
      else local.set(key, value);
      return true;
    },
  });
}

/** A PDFKit document plus what the text drawing needs: which faces it has opened, the current colour. */
export class Canvas {
  private readonly opened = new Set<FaceId>();
  private color = '';
  /** Whether the text being drawn is campaign or office text (see layoutCache). */
  trusted = false;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly page: Geometry,
  ) {}

  private useFace(face: FaceId, size: number): void {
    if (!this.opened.has(face)) {
      // PDFKit takes a parsed fontkit font as a font source (its types only list paths and buffers).
      this.doc.registerFont(face, fontFor(face) as unknown as PDFKit.Mixins.PDFFontSource);
      this.opened.add(face);
      this.doc.font(face);
      // PDFKit internals (0.20): the EmbeddedFont just opened keeps its shaping cache in `layoutCache`.
      const embedded = (this.doc as unknown as { _font?: { layoutCache?: unknown } })._font;
      if (embedded && typeof embedded.layoutCache === 'object') embedded.layoutCache = layoutCache(face, this);
    }
    this.doc.font(face).fontSize(size);
  }

  private fill(color: string): void {
    if (color !== this.color) {
      this.doc.fillColor(color);
      this.color = color;
    }
  }

  /** Draws a measured line with its left end at x and its baseline at `baseline`. */
  drawLine(line: Line, x: number, baseline: number, text: TextStyle, color: string = INK): void {
    this.fill(color);
    this.trusted = text.cache;
    let cursor = x;
    for (const run of line.runs) {
      this.useFace(run.face, text.size);
      this.doc.text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cursor += run.width;
    }
  }

  /** Makes a rectangle of the page open `url` when clicked in a PDF viewer. */
  link(x: number, y: number, width: number, height: number, url: string): void {
    this.doc.link(x, y, width, height, url);
  }

  rule(x1: number, x2: number, y: number, color: string = RULE, width = 0.5): void {
    this.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  /** Starts a new page of this document's size (PDFKit then flushes the previous one). */
  newPage(): void {
    this.doc.addPage({ size: [this.page.width, this.page.height], margin: 0 });
    this.color = '';
  }
}

export interface TextBlockOptions {
  text: TextStyle;
  leading: number;
  color?: string;
  /** Left edge of the lines; `align: 'right'` puts their right ends at `x` instead. */
  x: number;
  align?: 'left' | 'right';
  /** Space above the first line. */
  spaceBefore?: number;
  /** Per-line page-break permission (missing entries: no break); default: a break only before the block. */
  breaks?: boolean[];
}

/** One row per line. */
export function lineRows(lines: Line[], o: TextBlockOptions): Row<Canvas>[] {
  const offset = baselineOffset(o.text.size, o.leading);
  return lines.map((line, i) => ({
    height: o.leading,
    spaceBefore: i === 0 ? (o.spaceBefore ?? 0) : 0,
    breakBefore: o.breaks ? (o.breaks[i] ?? false) : i === 0,
    draw: (canvas, top) => {
      const x = o.align === 'right' ? o.x - line.width : o.x;
      canvas.drawLine(line, x, top + offset, o.text, o.color);
    },
  }));
}

/** Wraps plain text to `width` and returns its line rows. */
export function textRows(text: string, width: number, o: TextBlockOptions): Row<Canvas>[] {
  return lineRows(wrapText(text, width, o.text), o);
}

/** Draws pre-wrapped lines directly (inside composite rows); returns the height used. */
export function drawLines(
  canvas: Canvas,
  lines: Line[],
  x: number,
  top: number,
  text: TextStyle,
  leading: number,
  color: string = INK,
): number {
  const offset = baselineOffset(text.size, leading);
  lines.forEach((line, i) => canvas.drawLine(line, x, top + i * leading + offset, text, color));
  return lines.length * leading;
}
