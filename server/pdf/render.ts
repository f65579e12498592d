import PDFDocument from 'pdfkit';
import { addressListRows, drawAddressListHeader } from './addressList.ts';
import { Canvas, geometry } from './canvas.ts';
import { englishLabels, formatLetterDate, safeLanguage, type PackLabels } from './labels.ts';
import { drawContinuationHeader, drawFooter, letterRows, sharedRows } from './letter.ts';
import { paginate, type Placed } from './paginate.ts';
import { plainText } from './text.ts';
import type { LetterPack } from './types.ts';

function drawPage(canvas: Canvas, placed: Placed<Canvas>[]): void {
  canvas.newPage();
  for (const { row, top } of placed) row.draw(canvas, canvas.page.top + top);
}

/** Renders one letter per office, then the address list, as a print-ready PDF. */
export async function renderLetterPack(pack: LetterPack): Promise<Buffer> {
  if (pack.offices.length === 0) throw new RangeError('a letter pack needs at least one office');
  const labels: PackLabels = { ...englishLabels, ...pack.labels };
  const g = geometry(pack.paperSize);
  const language = safeLanguage(pack.language);
  const dateText = formatLetterDate(pack.date, language);

  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [g.width, g.height],
    margin: 0,
    lang: language,
    displayTitle: true,
    // No default font: PDFKit would otherwise load Helvetica's metrics for every document.
    font: null as unknown as string,
    // Metadata is about the campaign, never the supporter: no Author. A fixed CreationDate (the
    // letters' date) makes the output, including the file ID PDFKit derives from it, repeatable.
    info: { Title: plainText(pack.title).replace(/\s+/g, ' ').trim(), Creator: 'appeal-letters', CreationDate: pack.date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const canvas = new Canvas(doc, g);
  const available = g.bottom - g.top;
  const shared = sharedRows(g, pack, dateText);

  for (const office of pack.offices) {
    const pages = paginate(letterRows(g, pack, office, shared), available);
    pages.forEach((placed, index) => {
      drawPage(canvas, placed);
      if (index > 0) drawContinuationHeader(canvas, office, dateText);
      if (pages.length > 1) drawFooter(canvas, labels.pageOf(index + 1, pages.length));
    });
  }

  const listPages = paginate(addressListRows(g, pack.offices, labels), available);
  listPages.forEach((placed, index) => {
    drawPage(canvas, placed);
    if (index > 0) drawAddressListHeader(canvas, labels);
  });

  doc.end();
  return done;
}

/** "<slug>-2026-11-22.pdf": a campaign slug and the date (UTC), never the supporter's name. */
export function suggestedFileName(slug: string, date: Date): string {
  const safe = slug.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'appeal-letters';
  return `${safe}-${date.toISOString().slice(0, 10)}.pdf`;
}
