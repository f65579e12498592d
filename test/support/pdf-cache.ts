import PDFDocument from 'pdfkit';
import { Canvas, geometry } from '../../server/pdf/canvas.ts';
import { singleLine, type TextStyle } from '../../server/pdf/text.ts';

/**
 * The shaped words of the regular serif face that every document shares (see layoutCache in canvas.ts), as a
 * fresh document sees them: PDFKit looks words up by their text, with a trailing space when one follows.
 */
export function sharedSerifLayouts(): Record<string, unknown> {
  const canvas = new Canvas(new PDFDocument({ autoFirstPage: false }), geometry('letter'));
  const style: TextStyle = { style: 'regular', size: 10, cache: true };
  canvas.newPage();
  canvas.drawLine(singleLine('probe', style), 72, 100, style);
  canvas.doc.end();
  return (canvas.doc as unknown as { _font: { layoutCache: Record<string, unknown> } })._font.layoutCache;
}
