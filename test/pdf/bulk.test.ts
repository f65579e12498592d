import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Office } from '../../server/content/office.ts';
import { renderBulkPack, type BulkPack, type BulkResult, type BulkSigner } from '../../server/pdf/index.ts';
import { createPdfRenderer, RendererBusyError, type PdfRenderer } from '../../server/pdf/pool.ts';
import { sharedSerifLayouts } from '../support/pdf-cache.ts';
import { flat, PdfFiles, pagesText, pageSizes, pdfinfo, rasterize, wordBoxes, type Raster, type WordBox } from '../support/poppler.ts';
import { offices, paragraphs, samplePack } from '../support/sample-pack.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

const files = new PdfFiles();
afterAll(() => files.cleanup());

const sample = samplePack();
const { paragraphs: campaignParagraphs, ownWords: _, ...letter } = sample.letter;

/** Names with words found nowhere else in a pack, so a page's text tells whose letter it is. */
const signer = (name: string, ownWords: string[] = []): BulkSigner => ({
  name,
  addressLines: ['12 Elm Street', 'Springfield, IL 62704'],
  paragraphs: campaignParagraphs,
  ownWords,
});
const signers = [signer('Alice Ashdown'), signer('Bruno Brightwater'), signer('Cecilia Cornflower')];

function job(rest: Partial<BulkPack> = {}): BulkPack {
  return {
    title: sample.title,
    language: 'en',
    date: sample.date,
    paperSize: 'letter',
    letter,
    offices: offices.slice(0, 2),
    mode: 'signers',
    signers,
    addressLabels: 'stack',
    ...rest,
  };
}

// Three of the four paragraphs: with room left for a writer's sentence, an event letter is one page.
const eventJob = (rest: Partial<BulkPack> = {}) =>
  job({ mode: 'event', blankLetters: 2, eventParagraphs: [paragraphs.opening, paragraphs.risk, paragraphs.closingAsk], ...rest });

interface Rendered {
  file: string;
  result: BulkResult;
  progress: [number, number][];
}

async function render(bulk: BulkPack): Promise<Rendered> {
  const chunks: Uint8Array[] = [];
  const progress: [number, number][] = [];
  const result = await renderBulkPack(bulk, {
    write: (chunk) => chunks.push(chunk),
    progress: (done, total) => progress.push([done, total]),
  });
  return { file: files.write(Buffer.concat(chunks)), result, progress };
}

const inch = 72;
const mm = 72 / 25.4;

/** The label stock's published measurements, in points. */
const SHEETS = {
  letter: { columns: 3, rows: 10, width: 2.625 * inch, height: 1 * inch, top: 0.5 * inch, left: (3 / 16) * inch, columnPitch: 2.75 * inch, rowPitch: 1 * inch },
  a4: { columns: 2, rows: 7, width: 99.1 * mm, height: 38.1 * mm, top: 15.15 * mm, left: 4.65 * mm, columnPitch: 101.6 * mm, rowPitch: 38.1 * mm },
};

interface Cell {
  x: number;
  y: number;
  width: number;
  height: number;
}

function cells(paper: keyof typeof SHEETS): Cell[] {
  const s = SHEETS[paper];
  return Array.from({ length: s.columns * s.rows }, (_, i) => ({
    x: s.left + (i % s.columns) * s.columnPitch,
    y: s.top + Math.floor(i / s.columns) * s.rowPitch,
    width: s.width,
    height: s.height,
  }));
}

/** Text stays this far inside its label: the ~0.1" inset, less the room above and below glyphs in a word's box. */
const LABEL_CLEARANCE = 0.06 * inch;

/** Each word of a label page in the label that holds it, in reading order; throws for a word outside every label. */
function wordsByLabel(words: WordBox[], paper: keyof typeof SHEETS): string[] {
  const grid = cells(paper);
  const byCell = grid.map(() => [] as WordBox[]);
  for (const w of words) {
    const at = grid.findIndex(
      (c) =>
        w.xMin >= c.x + LABEL_CLEARANCE &&
        w.xMax <= c.x + c.width - LABEL_CLEARANCE &&
        w.yMin >= c.y + LABEL_CLEARANCE &&
        w.yMax <= c.y + c.height - LABEL_CLEARANCE,
    );
    if (at < 0) throw new Error(`"${w.text}" at ${JSON.stringify(w)} is not inside a label`);
    byCell[at]!.push(w);
  }
  return byCell
    .filter((ws) => ws.length > 0)
    .map((ws) =>
      ws
        .sort((a, b) => Math.round(a.yMin - b.yMin) || a.xMin - b.xMin)
        .map((w) => w.text)
        .join(' '),
    );
}

const addressOf = (office: Office) => office.addressLines.join(' ');

describe.skipIf(needs.missing)('the print room’s combined PDF', () => {
  it('collates by office: every signer’s letter to the first office, then to the second; then labels and the summary', async () => {
    const { file, result } = await render(job());
    const pages = pagesText(file).map(flat);
    expect(result).toEqual({ letters: 6, pages: 8, lettersPerOffice: { [offices[0]!.id]: 3, [offices[1]!.id]: 3 } });
    expect(pages).toHaveLength(8);
    const expected = offices.slice(0, 2).flatMap((office) => signers.map((s) => ({ office, name: s.name })));
    expected.forEach(({ office, name }, i) => {
      const page = pages[i]!;
      expect(page).toContain(`c/o ${addressOf(office)}`);
      expect(page).toContain(name);
      for (const other of signers) if (other.name !== name) expect(page).not.toContain(other.name);
      expect(page).not.toMatch(/Page \d/);
    });
    expect(wordsByLabel(wordBoxes(file, 7), 'letter')).toEqual(offices.slice(0, 2).map(addressOf));
    expect(pages[7]).toMatch(/^Print run /);
  });

  it('keeps a signer’s multi-page letter in one piece, with page numbers and a continuation header, in its place', async () => {
    const long = [...Object.values(paragraphs), ...Object.values(paragraphs)];
    const { file, result } = await render(job({ signers: [signers[0]!, signer('Bruno Brightwater', long), signers[2]!] }));
    const pages = pagesText(file).map(flat);
    expect(result.pages).toBe(pages.length);
    const owners = pages.slice(0, result.pages - 2).map((page) => {
      const office = offices.findIndex((o) => page.includes(o.addressLines[0]!));
      return `${office}:${signers.find((s) => page.includes(s.name))!.name}`;
    });
    expect(owners).toEqual([
      '0:Alice Ashdown',
      '0:Bruno Brightwater',
      '0:Bruno Brightwater',
      '0:Cecilia Cornflower',
      '1:Alice Ashdown',
      '1:Bruno Brightwater',
      '1:Bruno Brightwater',
      '1:Cecilia Cornflower',
    ]);
    expect(pages[1]).toContain('Page 1 of 2');
    expect(pages[2]).toContain('Page 2 of 2');
    // Its second page says which office and date it belongs to, and ends with the signature.
    expect(pages[2]).toMatch(new RegExp(`^${offices[0]!.addressLines[0]} · 22 November 2026 .* Respectfully, Bruno Brightwater Page 2 of 2 $`));
    expect(pages[6]).toMatch(new RegExp(`^${offices[1]!.addressLines[0]} · 22 November 2026 `));
    expect(pages[0]).not.toMatch(/Page \d/);
    expect(pages[4]).not.toMatch(/Page \d/);
  });

  it.each(['letter', 'a4'] as const)('puts every address inside one label of the sheet’s grid, in order (%s paper)', async (paperSize) => {
    const { file } = await render(job({ paperSize, offices, signers: [signers[0]!] }));
    const labelPage = offices.length + 1;
    const [width, height] = pageSizes(file)[labelPage - 1]!;
    expect([width, height].map(Math.round)).toEqual(paperSize === 'letter' ? [612, 792] : [595, 842]);
    expect(wordsByLabel(wordBoxes(file, labelPage), paperSize)).toEqual(offices.map(addressOf));
  });

  it.each(['letter', 'a4'] as const)('centres each address on its label with a comfortable margin on both sides (%s paper)', async (paperSize) => {
    const { file } = await render(job({ paperSize, offices, signers: [signers[0]!] }));
    const words = wordBoxes(file, offices.length + 1);
    const grid = cells(paperSize);
    offices.forEach((office, index) => {
      const cell = grid[index]!;
      const mine = words.filter((w) => w.xMin >= cell.x && w.xMax <= cell.x + cell.width && w.yMin >= cell.y && w.yMax <= cell.y + cell.height);
      expect(mine.length, office.id).toBeGreaterThan(0);
      const left = Math.min(...mine.map((w) => w.xMin)) - cell.x;
      const right = cell.x + cell.width - Math.max(...mine.map((w) => w.xMax));
      expect(Math.min(left, right), office.id).toBeGreaterThanOrEqual(0.15 * inch);
      expect(Math.abs(left - right), office.id).toBeLessThanOrEqual(2);
    });
  });

  it.each([
    { paperSize: 'letter', perSheet: 30, sheet: 'Avery 5160' },
    { paperSize: 'a4', perSheet: 14, sheet: 'Avery L7163' },
  ] as const)('fills a second $sheet sheet with the labels beyond $perSheet, one per letter', async ({ paperSize, perSheet, sheet }) => {
    const letters = perSheet + 1;
    const { file, result } = await render(eventJob({ paperSize, offices: [offices[2]!], blankLetters: letters, addressLabels: 'letter' }));
    expect(result.pages).toBe(letters + 2 + 1);
    expect(wordsByLabel(wordBoxes(file, letters + 1), paperSize)).toEqual(Array(perSheet).fill(addressOf(offices[2]!)));
    expect(wordsByLabel(wordBoxes(file, letters + 2), paperSize)).toEqual([addressOf(offices[2]!)]);
    expect(flat(pagesText(file)[letters + 2]!)).toContain(`${sheet}, one per letter: ${letters} labels on 2 sheets`);
  });

  it('prints no label sheet when none is wanted', async () => {
    const { file, result } = await render(job({ addressLabels: 'none' }));
    const pages = pagesText(file).map(flat);
    expect(result.pages).toBe(7);
    expect(pages[6]).toMatch(/^Print run .* Address labels None /);
  });

  it('shrinks and wraps an address too long for its label rather than print past the label', async () => {
    const line = 'Wordy Office Of Extraordinarily Long And Repetitive Postal Address Lines, Building Number Seven Hundred';
    const office: Office = { ...offices[0]!, id: 'long', addressLines: Array(8).fill(line) };
    for (const paperSize of ['letter', 'a4'] as const) {
      const { file, result } = await render(job({ paperSize, offices: [office], signers: [signers[0]!] }));
      expect(wordsByLabel(wordBoxes(file, result.pages - 1), paperSize)).toHaveLength(1);
    }
  });

  it('ends with a summary: title, date, paper, what was printed, letters per office with the total, how to post', async () => {
    const { file } = await render(job({ offices: offices.slice(0, 3) }));
    const summary = flat(pagesText(file).at(-1)!);
    for (const part of [
      `Print run ${sample.title}`,
      'Date 22 November 2026',
      'Paper US Letter',
      'Letters 3 signers',
      'Address labels Avery 5160, one per office’s stack: 3 labels on 1 sheet',
      // Office and count on one line, then the rest of its postal address in small type.
      `Office Letters ${offices[0]!.name} 3 ${offices[1]!.name} 3 ${offices[2]!.name} 3 Total 9`,
      '3505 International Place NW, Washington, DC 20008, USA',
      '520 12th Avenue, New York, NY 10036, USA',
      '1 East Erie Street, Suite 500, Chicago, IL 60611, USA',
      'How to post • Put each office’s stack of letters in its own envelope or box',
      'signed by hand',
      'international postage',
    ]) {
      expect(summary).toContain(part);
    }
    const event = flat(pagesText((await render(eventJob({ paperSize: 'a4', blankLetters: 4, addressLabels: 'letter' }))).file).at(-1)!);
    expect(event).toContain('Paper A4');
    expect(event).toContain('Letters 4 blank letters per office');
    expect(event).toContain('Avery L7163, one per letter: 8 labels on 1 sheet');
    expect(event).toContain('Total 8');
    expect(event).toContain('Post each letter in its own envelope');
    expect(event).toContain('Each writer fills in their return address');
  });

  describe('for an event', () => {
    /** Rows (in points at 72 dpi) where a dark line runs across at least 90% of x1..x2, merged when adjacent. */
    function ruledLines(raster: Raster, x1: number, x2: number, y1: number, y2: number): number[] {
      const lines: number[] = [];
      for (let y = Math.ceil(y1); y < Math.min(y2, raster.height); y++) {
        let dark = 0;
        for (let x = Math.ceil(x1); x < x2; x++) if (raster.pixels[y * raster.width + x]! < 160) dark++;
        if (dark >= 0.9 * (x2 - x1) && lines.at(-1) !== y - 1) lines.push(y);
        else if (dark >= 0.9 * (x2 - x1)) lines[lines.length - 1] = y;
      }
      return lines;
    }

    it('prints the campaign letter with ruled lines for the return address, the writer’s own words, signature and name, and no signer', async () => {
      const thanks = 'Thank you for your consideration of this request.';
      const { file, result } = await render(eventJob({ eventClosingParagraphs: [thanks] }));
      expect(result.letters).toBe(4);
      const pages = pagesText(file).map(flat);
      for (const page of pages.slice(0, 4)) {
        for (const s of signers) expect(page).not.toContain(s.name);
        expect(page).toContain('I am writing to respectfully urge');
        expect(page).toContain(`urgent humanitarian matter. In your own words (optional) ${thanks} Respectfully, Name `);
        expect(page).toMatch(/^22 November 2026 His Excellency/);
      }
      const words = wordBoxes(file, 1);
      const find = (text: string) => words.find((w) => w.text === text)!;
      const raster = rasterize(file, 1, 72, { antialias: false });
      const left = 72;
      const right = 612 - 72;
      const half = (right - left) / 2;
      // Four lines for the address above the date, at the top right (street, town, region and postcode, country)...
      const date = find('November');
      expect(ruledLines(raster, right - half + 2, right - 2, 40, date.yMin)).toHaveLength(4);
      expect(ruledLines(raster, left + 2, right - half - 10, 40, date.yMin)).toHaveLength(0);
      // ...two across the page for the writer's own sentence, the first after its caption, before the closing paragraph...
      const optional = find('(optional)');
      const thank = words.find((w) => w.text === 'Thank' && w.yMin > optional.yMax)!;
      expect(find('In').xMin).toBeCloseTo(left, 0);
      expect(ruledLines(raster, optional.xMax + 8, right - 2, optional.yMin, thank.yMin)).toHaveLength(2);
      // ...and under the closing, side by side, one to sign on and one, captioned, for the name.
      const closing = find('Respectfully,');
      const caption = find('Name');
      const width = (right - left - 18) / 2;
      expect(caption.xMin).toBeCloseTo(right - width, 0);
      const sign = ruledLines(raster, left + 2, left + width - 2, closing.yMax, caption.yMin);
      expect(sign).toHaveLength(1);
      expect(ruledLines(raster, right - width + 2, right - 2, closing.yMax, caption.yMin)).toEqual(sign);
      expect(ruledLines(raster, left + width + 2, right - width - 2, closing.yMax, caption.yMin)).toHaveLength(0);
    });
  });

  it('writes the campaign, never a signer, into the metadata and into the layouts shared between requests', async () => {
    const { file } = await render(job({ signers: [signer('Mira Secretname', ['Qwzxbulkword is mine.'])] }));
    const info = pdfinfo(file);
    expect(info.Title).toBe(sample.title);
    expect(info.Creator).toBe('appeal-letters');
    expect(info.Author).toBeUndefined();
    expect(JSON.stringify(info)).not.toMatch(/Secretname|Qwzxbulkword|Mira/);
    expect(readFileSync(file).toString('latin1')).not.toContain('Secretname');
    expect(flat(pagesText(file)[0]!)).toContain('Qwzxbulkword is mine.');
    const shared = sharedSerifLayouts();
    expect(shared['Secretname']).toBeUndefined();
    expect(shared['Qwzxbulkword ']).toBeUndefined();
  });

  it('reports progress after every letter, up to the total', async () => {
    const { progress } = await render(job({ offices: offices.slice(0, 3) }));
    expect(progress).toEqual(Array.from({ length: 9 }, (_, i) => [i + 1, 9]));
  });

  it('refuses a run with nothing to print', async () => {
    const noop = { write: () => {}, progress: () => {} };
    await expect(renderBulkPack(job({ offices: [] }), noop)).rejects.toThrow(/office/);
    await expect(renderBulkPack(job({ signers: [] }), noop)).rejects.toThrow(/signer/);
    await expect(renderBulkPack(eventJob({ blankLetters: 0 }), noop)).rejects.toThrow(/blankLetters/);
    await expect(renderBulkPack(eventJob({ eventParagraphs: undefined }), noop)).rejects.toThrow(/eventParagraphs/);
  });
});

describe.skipIf(needs.missing)('the print room through the PDF worker pool', () => {
  let renderer: PdfRenderer;
  beforeAll(async () => {
    renderer = await createPdfRenderer({ threads: 1 });
  });
  afterAll(() => renderer.close());

  it('streams the PDF while the letters are being made, with progress, and the bytes are a valid PDF', async () => {
    const events: string[] = [];
    const { stream, result } = renderer.renderBulk(job({ offices: offices.slice(0, 3) }), (done, total) =>
      events.push(`progress ${done}/${total}`),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      events.push('chunk');
    }
    const bulk = await result;
    expect(bulk).toMatchObject({ letters: 9, pages: 11 });
    const progress = events.filter((e) => e.startsWith('progress'));
    expect(progress).toEqual(Array.from({ length: 9 }, (_, i) => `progress ${i + 1}/9`));
    // Bytes arrived before the last letter was done: the PDF was not held back until the end.
    expect(events.indexOf('chunk')).toBeLessThan(events.indexOf('progress 9/9'));
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = files.write(pdf);
    expect(pdfinfo(file).Pages).toBe('11');
    expect(flat(pagesText(file)[0]!)).toContain('Alice Ashdown');
  });

  it('stops making letters while nobody reads the stream, and goes on when it is read', async () => {
    const progress: number[] = [];
    const { stream, result } = renderer.renderBulk(eventJob({ offices, blankLetters: 120 }), (done) => progress.push(done));
    // About 1.7 kB a letter: far more than the stream holds for an absent reader.
    let stalledAt = -1;
    while (stalledAt !== progress.length) {
      stalledAt = progress.length;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(stalledAt).toBeGreaterThan(0);
    expect(stalledAt).toBeLessThan(600);
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
    expect((await result).letters).toBe(600);
    expect(progress.at(-1)).toBe(600);
    expect(bytes).toBeGreaterThan(600 * 1000);
  });

  it('cancels the run when the stream is destroyed, and keeps working afterwards', async () => {
    const { stream, result } = renderer.renderBulk(eventJob({ offices, blankLetters: 200 }));
    stream.once('data', () => stream.destroy());
    await expect(result).rejects.toThrow(/cancelled/);
    const { stream: next, result: nextResult } = renderer.renderBulk(eventJob({ offices: [offices[0]!], blankLetters: 1 }));
    next.resume();
    expect((await nextResult).letters).toBe(1);
  });

  it('refuses a run beyond its queue instead of letting it pile up', async () => {
    const full = await createPdfRenderer({ threads: 1, maxQueue: 0 });
    try {
      expect(() => full.renderBulk(job())).toThrow(RendererBusyError);
    } finally {
      await full.close();
    }
  });
});
