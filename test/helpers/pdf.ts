import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The text a person would copy out of the PDF, via poppler's pdftotext (layout order, pages joined). */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'appeal-letters-pdf-'));
  try {
    const file = path.join(dir, 'pack.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Collapses white space, so a paragraph can be found whatever the line breaks. */
export const flatten = (text: string) => text.replace(/\s+/g, ' ').trim();
