import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderLetterPack, suggestedFileName, type LetterPack } from '../../server/pdf/index.ts';
import { sharedSerifLayouts } from '../support/pdf-cache.ts';
import { flat, ink, PdfFiles, pagesText, pageSizes, pdfinfo, rasterize, wordBoxes, type WordBox } from '../support/poppler.ts';
import { offices, samplePack } from '../support/sample-pack.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

const files = new PdfFiles();
afterAll(() => files.cleanup());

async function render(pack: LetterPack): Promise<string> {
  return files.write(await renderLetterPack(pack));
}

/** No word in common with the office's address, so each word on the page belongs to one block. */
const sender = { name: 'Jane Q. Supporter', addressLines: ['12 Elm Street', 'Springfield, IL 62704'] };
const envelopes = (rest: Partial<LetterPack> = {}): LetterPack => samplePack({ kind: 'envelope', sender, ...rest });
const inch = 72;
/** Sorting machines print their barcode in the bottom 5/8 inch. */
const BARCODE_ZONE = 0.625 * inch;

/** The words of `lines` (address lines) among a page's words. */
function wordsOf(words: WordBox[], lines: string[]): WordBox[] {
  const wanted = new Set(lines.flatMap((l) => l.split(/\s+/)));
  return words.filter((w) => wanted.has(w.text));
}

function box(words: WordBox[]) {
  return {
    left: Math.min(...words.map((w) => w.xMin)),
    right: Math.max(...words.map((w) => w.xMax)),
    top: Math.min(...words.map((w) => w.yMin)),
    bottom: Math.max(...words.map((w) => w.yMax)),
  };
}

describe.skipIf(needs.missing)('an envelope pack', () => {
  it.each([
    { paperSize: 'letter', envelope: 'US #10', width: 684, height: 297 },
    { paperSize: 'a4', envelope: 'DL', width: 623.62, height: 311.81 },
  ] as const)('has one landscape $envelope page per office with $paperSize paper', async ({ paperSize, width, height }) => {
    const sizes = pageSizes(await render(envelopes({ paperSize, offices: offices.slice(0, 3) })));
    expect(sizes).toHaveLength(3);
    for (const [w, h] of sizes) {
      expect(Math.abs(w - width)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(h - height)).toBeLessThanOrEqual(0.5);
    }
  });

  it('addresses each envelope to one office, in order, with nothing else: no address list, no page numbers', async () => {
    const pages = pagesText(await render(envelopes({ offices }))).map(flat);
    expect(pages).toHaveLength(offices.length);
    pages.forEach((page, i) => {
      expect(page).toContain(offices[i]!.addressLines.join(' '));
      for (const other of offices) if (other !== offices[i]) expect(page).not.toContain(other.addressLines[1]);
      expect(page).not.toMatch(/Page \d|Where to send|Dear|Respectfully/);
    });
  });

  it.each(['letter', 'a4'] as const)(
    'puts the delivery address left of centre, a little below the middle, clear of the stamp and barcode ($paperSize)',
    async (paperSize) => {
      const file = await render(envelopes({ paperSize }));
      const [[width, height]] = pageSizes(file) as [[number, number]];
      const words = wordBoxes(file, 1);
      const delivery = box(wordsOf(words, offices[0]!.addressLines));
      expect(delivery.left).toBeGreaterThan(width * 0.35);
      expect(delivery.left).toBeLessThan(width / 2);
      const middle = (delivery.top + delivery.bottom) / 2;
      expect(middle).toBeGreaterThan(height / 2);
      expect(middle).toBeLessThan(height * 0.7);
      expect(delivery.bottom).toBeLessThanOrEqual(height - BARCODE_ZONE);
      // Nothing in the stamp's corner.
      expect(words.filter((w) => w.xMax > width - 2 * inch && w.yMin < 1.25 * inch)).toEqual([]);
      // The address is set at about 12 pt.
      const lineHeight = (delivery.bottom - delivery.top) / offices[0]!.addressLines.length;
      expect(lineHeight).toBeGreaterThan(13);
      expect(lineHeight).toBeLessThan(17);
    },
  );

  it('prints the supporter’s name and address small in the top left corner', async () => {
    const file = await render(envelopes());
    const text = flat(pagesText(file)[0]!);
    expect(text).toContain('Jane Q. Supporter 12 Elm Street Springfield, IL 62704');
    const words = wordBoxes(file, 1);
    const from = box(wordsOf(words, [sender.name, ...sender.addressLines]));
    const delivery = box(wordsOf(words, offices[0]!.addressLines));
    expect(from.left).toBeGreaterThanOrEqual(0.25 * inch);
    expect(from.left).toBeLessThan(0.75 * inch);
    expect(from.top).toBeLessThan(0.75 * inch);
    expect(from.right).toBeLessThan(delivery.left);
    // Smaller type than the delivery address.
    expect((from.bottom - from.top) / 3).toBeLessThan((delivery.bottom - delivery.top) / 4);
  });

  it('prints no return address, not even the name, when the supporter gave no address', async () => {
    for (const addressLines of [[], ['  ', '\t']]) {
      const text = flat(pagesText(await render(envelopes({ sender: { name: 'Jane Q. Supporter', addressLines } })))[0]!);
      expect(text).not.toContain('Jane');
      expect(text.trim()).toBe(offices[0]!.addressLines.join(' '));
    }
  });

  it.each(['letter', 'a4'] as const)('keeps every office\'s address at least half an inch from the right edge (%s paper)', async (paperSize) => {
    const file = await render(envelopes({ paperSize, offices }));
    const [[width]] = pageSizes(file) as [[number, number]];
    offices.forEach((office, index) => {
      const delivery = box(wordsOf(wordBoxes(file, index + 1), office.addressLines));
      expect(width - delivery.right, office.id).toBeGreaterThanOrEqual(0.5 * inch);
    });
  });

  it('keeps long lines on the envelope, by shrinking or wrapping them', async () => {
    const office = {
      ...offices[0]!,
      addressLines: [
        "Consulate General of the People's Republic of China in the Hong Kong Special Administrative Region",
        'Office of the Commissioner of the Ministry of Foreign Affairs, 42 Kennedy Road, Wan Chai',
        'Hong Kong',
        "People's Republic of China",
      ],
    };
    const line = 'Flat 12, Block C, Riverside Gardens Residential Development Phase Two, Building 7';
    const long = { name: 'Maximiliane Alexandra Konstantinopoulou Vanderbilt Ramaswamy von Hohenzollern', addressLines: Array(6).fill(line) };
    for (const paperSize of ['letter', 'a4'] as const) {
      const file = await render(envelopes({ paperSize, offices: [office], sender: long }));
      const [[width, height]] = pageSizes(file) as [[number, number]];
      const text = flat(pagesText(file)[0]!);
      for (const l of [...office.addressLines, long.name, line]) expect(text).toContain(l);
      const words = wordBoxes(file, 1);
      const all = box(words);
      expect(all.left).toBeGreaterThanOrEqual(0.25 * inch);
      expect(all.right).toBeLessThanOrEqual(width - 0.25 * inch);
      expect(all.bottom).toBeLessThanOrEqual(height - BARCODE_ZONE);
      const delivery = box(wordsOf(words, office.addressLines));
      const from = box(wordsOf(words, [long.name, line]));
      expect(from.right).toBeLessThan(delivery.left);
    }
  });

  it.each([
    { script: 'Hangul', name: '김혜숙', other: '박민수' },
    { script: 'Chinese', name: '李明', other: '王芳' },
    { script: 'Cyrillic', name: 'Алексей Иванов', other: 'Дмитрий Петров' },
  ])('draws a $script name in the return address', async ({ name, other }) => {
    const envelopeFor = async (who: string) => {
      const file = await render(envelopes({ sender: { name: who, addressLines: ['Seoul'] } }));
      return { text: flat(pagesText(file)[0]!), raster: rasterize(file, 1, 150) };
    };
    const withName = await envelopeFor(name);
    const blank = await envelopeFor('');
    expect(withName.text).toContain(`${name} Seoul`);
    const inkPerChar = (ink(withName.raster) - ink(blank.raster)) / Array.from(name.replace(/ /g, '')).length;
    expect(inkPerChar, `dark pixels per character of ${name}`).toBeGreaterThan(15);
    // Real glyphs, not the same box for every character.
    expect(Buffer.compare(withName.raster.pixels, (await envelopeFor(other)).raster.pixels)).not.toBe(0);
  });

  it('keeps the supporter out of the metadata and out of the layout cache shared between requests', async () => {
    const file = await render(envelopes({ sender: { name: 'Mira Secretname', addressLines: ['77 Qwzxenvelope Road'] } }));
    expect(JSON.stringify(pdfinfo(file))).not.toMatch(/Secretname|Qwzxenvelope/);
    expect(readFileSync(file).toString('latin1')).not.toContain('Secretname');
    expect(flat(pagesText(file)[0]!)).toContain('Mira Secretname 77 Qwzxenvelope Road');
    const shared = sharedSerifLayouts();
    expect(shared['Embassy ']).toBeDefined();
    expect(shared['Secretname']).toBeUndefined();
    expect(shared['Qwzxenvelope ']).toBeUndefined();
  });
});

describe.skipIf(needs.missing)('suggestedFileName', () => {
  const date = new Date('2026-11-22T23:59:00Z');
  it('tells the kinds of pack apart, and never names the supporter', () => {
    expect(suggestedFileName('stop-forced-returns', date)).toBe('stop-forced-returns-2026-11-22.pdf');
    expect(suggestedFileName('stop-forced-returns', date, 'letter')).toBe('stop-forced-returns-2026-11-22.pdf');
    expect(suggestedFileName('stop-forced-returns', date, 'fax')).toBe('stop-forced-returns-fax-2026-11-22.pdf');
    expect(suggestedFileName('stop-forced-returns', date, 'envelope')).toBe('stop-forced-returns-envelopes-2026-11-22.pdf');
    expect(suggestedFileName('../../etc/"x"', date, 'envelope')).toBe('etc-x-envelopes-2026-11-22.pdf');
  });
});
