import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { geometry } from '../../server/pdf/canvas.ts';
import { renderLetterPack, suggestedFileName, type LetterPack } from '../../server/pdf/index.ts';
import { sharedSerifLayouts } from '../support/pdf-cache.ts';
import { flat, greys, ink, PdfFiles, pagesText, pdfinfo, rasterize, wordBoxes } from '../support/poppler.ts';
import { offices, paragraphs, samplePack } from '../support/sample-pack.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

const files = new PdfFiles();
afterAll(() => files.cleanup());

async function render(pack: LetterPack): Promise<string> {
  return files.write(await renderLetterPack(pack));
}

const base = samplePack();
const [embassy, newYork, chicago, sanFrancisco] = offices as [(typeof offices)[number], ...typeof offices];
const noFax = { ...chicago!, fax: undefined };
const blankFax = { ...sanFrancisco!, fax: '   ' };
/** Enough text for a letter to run onto a second page. */
const longLetter = { ...base.letter, paragraphs: [...Object.values(paragraphs), ...Object.values(paragraphs)] };

const fax = (rest: Partial<LetterPack> = {}): LetterPack => samplePack({ kind: 'fax', ...rest });
const isCover = (page: string) => /^Fax To /.test(flat(page).trim());

/** Each cover's page index, the number of pages its "Pages" field claims, and the pages really sent with it. */
function covers(pages: string[]) {
  const starts = pages.flatMap((page, i) => (isCover(page) ? [i] : []));
  return starts.map((start, k) => {
    const claimed = /Pages (\d+) \(including this cover sheet\)/.exec(flat(pages[start]!));
    return {
      text: flat(pages[start]!),
      claimed: claimed ? Number(claimed[1]) : undefined,
      actual: (starts[k + 1] ?? pages.length) - start,
    };
  });
}

describe.skipIf(needs.missing)('a fax pack', () => {
  it.each([
    { length: 'one-page letters', letter: base.letter },
    { length: 'two-page letters', letter: longLetter },
  ])('puts a cover sheet before each faxable office’s letter, with the true page count ($length)', async ({ letter }) => {
    const pack = fax({ letter, offices: [embassy, noFax, newYork!, blankFax] });
    const pages = pagesText(await render(pack));
    const sheets = covers(pages);
    expect(pages[0] && isCover(pages[0])).toBe(true);
    expect(sheets).toHaveLength(2);
    for (const sheet of sheets) expect(sheet.claimed).toBe(sheet.actual);
    // Each fax is numbered as a whole, its cover page 1, so a page that arrives alone says where it belongs.
    const starts = pages.flatMap((page, i) => (isCover(page) ? [i] : []));
    sheets.forEach((sheet, k) => {
      const own = pages.slice(starts[k], starts[k]! + sheet.actual).map(flat);
      own.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${sheet.actual}`));
    });

    // The letters behind the covers are the letter pack's letters, page for page, without its address list (the
    // page numbers aside).
    const unnumbered = (page: string) => flat(page).replace(/\s*Page \d+ of \d+/, '');
    const letters = pagesText(await render(samplePack({ letter, offices: [embassy, newYork!] }))).map(unnumbered);
    expect(letters.pop()).toMatch(/^Where to send your letters/);
    expect(pages.filter((p) => !isCover(p)).map(unnumbered)).toEqual(letters);
    expect(pages).toHaveLength(letters.length + 2);
  });

  it('names the office, its fax number, the sender, the date and the subject on each cover', async () => {
    const pages = pagesText(await render(fax({ offices: [embassy, newYork!] })));
    const [first, second] = covers(pages).map((c) => c.text);
    for (const [cover, office] of [
      [first, embassy],
      [second, newYork!],
    ] as const) {
      expect(cover).toContain(`To ${office.addressLines[0]}`);
      expect(cover).toContain(`Fax number ${office.fax}`);
      expect(cover).toContain('From Jane Q. Supporter');
      expect(cover).toContain('Date 22 November 2026');
      // The letter's subject, not the document's title.
      expect(cover).toContain('Re Appeal: do not forcibly return North Korean refugees');
      expect(cover).not.toContain('Letters to stop the forced return');
      expect(cover).toContain("Please pass this letter to His Excellency the President of the People's Republic of China.");
    }
    expect(first).not.toContain('New York');
  });

  it('leaves out the offices without a fax number, and has no address list', async () => {
    const text = flat(pagesText(await render(fax({ offices: [noFax, embassy, blankFax] }))).join(' '));
    expect(text).toContain(embassy.addressLines[0]);
    expect(text).not.toContain('Chicago');
    expect(text).not.toContain('San Francisco');
    expect(text).not.toContain('Where to send your letters');
  });

  it('refuses a pack in which no office has a fax number', async () => {
    const pack = fax({ offices: [noFax, blankFax] });
    await expect(renderLetterPack(pack)).rejects.toBeInstanceOf(RangeError);
    await expect(renderLetterPack(pack)).rejects.toThrow(/fax number/);
  });

  it('is black on white: no grey on the cover or the letter’s later pages (the letter pack has some)', async () => {
    const faxFile = await render(fax({ letter: longLetter, offices: [embassy] }));
    const letterFile = await render(samplePack({ letter: longLetter, offices: [embassy] }));
    const aliased = (file: string, page: number) => rasterize(file, page, 100, { antialias: false });

    // Without anti-aliasing, black ink rasterizes to pure black; only grey ink leaves grey pixels.
    const cover = aliased(faxFile, 1);
    expect(ink(cover)).toBeGreaterThan(5000);
    expect(greys(cover)).toBe(0);
    // The letter's second page, with its page number (the fax's third page) and continuation header.
    expect(pagesText(faxFile)[2]).toContain('Page 3 of 3');
    expect(greys(aliased(faxFile, 3))).toBe(0);
    expect(greys(aliased(letterFile, 2))).toBeGreaterThan(200);
    // And the address list (grey notes and rules) fails the same test.
    expect(greys(aliased(letterFile, 3))).toBeGreaterThan(200);

    // Anti-aliased as a viewer shows it: the grey is only the edges of letters.
    const smooth = rasterize(faxFile, 1, 100);
    expect(greys(smooth) / smooth.pixels.length).toBeLessThan(0.02);
  });

  it('sets the page numbers and running header large enough for a standard-resolution fax (at least 11 pt)', async () => {
    const faxFile = await render(fax({ letter: longLetter, offices: [embassy] }));
    const letterFile = await render(samplePack({ letter: longLetter, offices: [embassy] }));
    const heightOf = (file: string, page: number, word: string) => {
      const box = wordBoxes(file, page).find((w) => w.text === word)!;
      return box.yMax - box.yMin;
    };
    // pdftotext's box is the font's full height, about 1.36 × its point size: the letter's 8.5 pt gives 11.6.
    const letterSize = heightOf(letterFile, 2, 'Page') / (11.577 / 8.5);
    expect(letterSize).toBeCloseTo(8.5, 1);
    expect(heightOf(faxFile, 3, 'Page') / (11.577 / 8.5)).toBeGreaterThanOrEqual(11 - 0.05);
    expect(heightOf(faxFile, 3, '·') / (11.577 / 8.5)).toBeGreaterThanOrEqual(11 - 0.05);
  });

  it('wraps a long name and a long subject inside the page', async () => {
    // No hyphens: pdftotext drops a hyphen that ends a line.
    const name = 'Maximiliane Alexandra Konstantinopoulou Vanderbilt Ramaswamy von Hohenzollern Sigmaringen';
    const subject = 'Letters to stop the forced return of North Korean refugees and asylum seekers, and to let them go free';
    const file = await render(fax({ subject, sender: { name, addressLines: [] } }));
    const cover = covers(pagesText(file))[0]!;
    expect(cover.text).toContain(name);
    expect(cover.text).toContain(subject);
    const g = geometry('letter');
    const words = wordBoxes(file, 1);
    expect(Math.max(...words.map((w) => w.xMax))).toBeLessThanOrEqual(g.right + 0.5);
    // The name takes more than one line.
    const nameLines = new Set(words.filter((w) => name.includes(w.text)).map((w) => Math.round(w.yMin)));
    expect(nameLines.size).toBeGreaterThan(1);
  });

  it.each([
    { script: 'Hangul', name: '김혜숙' },
    { script: 'Chinese', name: '李明' },
    { script: 'Cyrillic', name: 'Алексей Иванов' },
  ])('prints a $script name on the cover', async ({ name }) => {
    const coverOf = async (sender: string) => {
      const file = await render(fax({ sender: { name: sender, addressLines: [] } }));
      return { file, text: flat(pagesText(file)[0]!), raster: rasterize(file, 1, 100) };
    };
    const withName = await coverOf(name);
    const placeholder = await coverOf('x');
    expect(withName.text).toContain(`From ${name}`);
    const inkPerChar = (ink(withName.raster) - ink(placeholder.raster)) / Array.from(name.replace(/ /g, '')).length;
    expect(inkPerChar, `dark pixels per character of ${name}`).toBeGreaterThan(20);
  });

  it('keeps the supporter out of the metadata and out of the layout cache shared between requests', async () => {
    const file = await render(
      fax({ sender: { name: 'Mira Secretname Qwzxcover', addressLines: ['77 Hiddenway Road'] } }),
    );
    expect(JSON.stringify(pdfinfo(file))).not.toMatch(/Secretname|Hiddenway/);
    expect(readFileSync(file).toString('latin1')).not.toContain('Secretname');
    expect(pagesText(file)[0]).toContain('Mira Secretname Qwzxcover');

    const shared = sharedSerifLayouts();
    expect(shared['Embassy ']).toBeDefined(); // office words are shared...
    expect(shared['Secretname ']).toBeUndefined(); // ...the supporter's never
    expect(shared['Qwzxcover']).toBeUndefined();
  });

  it('is suggested a file name with "fax" in it', () => {
    expect(suggestedFileName('stop-forced-returns', new Date('2026-11-22T23:59:00Z'), 'fax')).toBe(
      'stop-forced-returns-fax-2026-11-22.pdf',
    );
  });
});
