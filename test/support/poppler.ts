import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Real poppler tools on real files: the PDF as a reader's software sees it. */
export class PdfFiles {
  private folder: string | undefined;
  private count = 0;

  /** Made on first use, so a test file that is skipped leaves no folder behind. */
  get dir(): string {
    this.folder ??= mkdtempSync(path.join(tmpdir(), 'appeal-pdf-'));
    return this.folder;
  }

  write(pdf: Buffer): string {
    const file = path.join(this.dir, `pack-${++this.count}.pdf`);
    writeFileSync(file, pdf);
    return file;
  }

  cleanup(): void {
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
}

/** The text a person would copy out of the PDF, via poppler's pdftotext (layout order, pages joined). */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'appeal-letters-pdf-'));
  try {
    const file = path.join(dir, 'pack.pdf');
    writeFileSync(file, pdf);
    return pdftotext(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Collapses white space, so a paragraph can be found whatever the line breaks (see also flat()). */
export const flatten = (text: string) => text.replace(/\s+/g, ' ').trim();

export function pdftotext(file: string, pages?: { first: number; last: number }): string {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  return run('pdftotext', [...range, '-enc', 'UTF-8', file, '-']);
}

/** Text of each page, in order. */
export function pagesText(file: string): string[] {
  // pdftotext ends every page with a form feed.
  return pdftotext(file).split('\f').slice(0, -1);
}

/** Whitespace collapsed, so sentences can be found across line breaks. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ').normalize('NFC');
}

/** Width and height in points of every page. */
export function pageSizes(file: string): [number, number][] {
  const pages = pdfinfo(file).Pages!;
  return run('pdfinfo', ['-f', '1', '-l', pages, file])
    .split('\n')
    .flatMap((line) => {
      const match = /^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/.exec(line);
      return match ? [[Number(match[1]), Number(match[2])] as [number, number]] : [];
    });
}

export interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word on a page with its bounding box in points, from the top left corner. */
export function wordBoxes(file: string, page: number): WordBox[] {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-']);
  const words = html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g);
  const unescape = (t: string) =>
    t.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...words].map((m) => ({
    text: unescape(m[5]!),
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

export function pdfinfo(file: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run('pdfinfo', [file]).split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) info[match[1]!] = match[2]!;
  }
  return info;
}

export interface FontRow {
  name: string;
  type: string;
  emb: string;
  sub: string;
  uni: string;
}

export function pdffonts(file: string): FontRow[] {
  const lines = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    // name, type (may contain spaces), encoding, emb, sub, uni, object, ID
    const parts = line.trim().split(/\s+/);
    const [uni, sub, emb] = parts.slice(-5, -2).reverse();
    return { name: parts[0]!, type: parts.slice(1, -6).join(' '), emb: emb!, sub: sub!, uni: uni! };
  });
}

export interface Raster {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * Renders one page in greyscale (8-bit PGM) at `dpi`. Without anti-aliasing, black ink is exactly 0 and paper
 * exactly 255, so any other value is ink that is really grey.
 */
export function rasterize(file: string, page: number, dpi = 50, { antialias = true } = {}): Raster {
  const prefix = path.join(path.dirname(file), `${path.basename(file, '.pdf')}-p${page}-${dpi}${antialias ? '' : '-aliased'}`);
  const aa = antialias ? [] : ['-aa', 'no', '-aaVector', 'no'];
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', ...aa, '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
  const data = readFileSync(`${prefix}.pgm`);
  // Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: data.subarray(header[0].length, header[0].length + width * height) };
}

/** Number of pixels clearly between black and white. */
export function greys(raster: Raster): number {
  let n = 0;
  for (const p of raster.pixels) if (p >= 30 && p <= 225) n++;
  return n;
}

/** Number of pixels darker than mid-grey. */
export function ink(raster: Raster): number {
  let n = 0;
  for (const p of raster.pixels) if (p < 160) n++;
  return n;
}
