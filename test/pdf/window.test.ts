/**
 * Window envelopes: a letter folded in three shows its inside address, and nothing else, in the envelope's window —
 * a #10 window for US Letter (0.875–5.375 in across, 2.5–3.625 in down), DIN 5008's address field for A4
 * (20–105 mm across, 45–90 mm down). Measured on the real address book with pdftotext -bbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../server/content/catalog.ts';
import type { Campaign } from '../../server/content/campaign.ts';
import { postalLines, type Office } from '../../server/content/office.ts';
import { composeLetterPack, packHeader, paragraphTexts } from '../../server/letters/compose.ts';
import { renderBulkPack, renderLetterPack, type BulkPack } from '../../server/pdf/index.ts';
import type { PaperSize } from '../../server/shared/paper.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';
import { PdfFiles, pagesText, wordBoxes, type WordBox } from '../support/poppler.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');
const files = new PdfFiles();
afterAll(() => files.cleanup());

const inch = (n: number) => n * 72;
const mm = (n: number) => (n * 72) / 25.4;
const WINDOWS: Record<PaperSize, { left: number; right: number; top: number; bottom: number }> = {
  letter: { left: inch(0.875), right: inch(5.375), top: inch(2.5), bottom: inch(3.625) },
  a4: { left: mm(20), right: mm(105), top: mm(45), bottom: mm(90) },
};

let campaign: Campaign;
let offices: Office[];
beforeAll(async () => {
  const catalog = await loadCatalog(REAL_CONTENT_DIR);
  campaign = catalog.getCampaign('stop-forced-return')!;
  // Every office the campaign names with an address, closed and unverified ones too: theirs must fit when they open.
  offices = catalog.officesOf(campaign).filter((o) => o.addressLines.length >= 2);
});

const defaultParagraphs = () => campaign.letter.paragraphs.filter((p) => p.optional && p.checkedByDefault).map((p) => p.id);

const DATE = new Date('2026-12-01T12:00:00Z');
const SENDERS = {
  'a short return address': { name: 'Quentin Windowtest', address: '12 Elmwood Lane\nSpringfield, OR 97477' },
  'no return address': { name: 'Quentin Windowtest', address: '' },
  // As long as the form allows: a 100-character name and six lines of 80 characters.
  'the longest return address the form takes': {
    name: 'Quentin Windowtest '.repeat(6).slice(0, 100).trim(),
    address: Array.from({ length: 6 }, (_, i) => `${i + 1} Longwindow Boulevard, Apartment Building Number Seven Hundred and Twelve, Flat 9`.slice(0, 80)).join('\n'),
  },
};

const overlaps = (w: WordBox, box: { left: number; right: number; top: number; bottom: number }) =>
  w.xMax > box.left && w.xMin < box.right && w.yMax > box.top && w.yMin < box.bottom;

/**
 * Each letter's first page, split into the words of its inside address and the rest. The inside address is what
 * stands left of the window's right edge between the top of the window's band and the salutation: the return
 * address and the date are above that band or right of it, so anything else found there is a fault the checks catch.
 */
function firstPages(file: string, letters: Office[], paper: PaperSize, from: string): { address: WordBox[]; others: WordBox[] }[] {
  const window = WINDOWS[paper];
  const salutationWord = campaign.letter.salutation.split(' ')[0]!;
  const pages = pagesText(file)
    .map((_, i) => wordBoxes(file, i + 1))
    .filter((words) => words.some((w) => w.text === salutationWord));
  expect(pages).toHaveLength(letters.length);
  return pages.map((words, i) => {
    const office = letters[i]!;
    const [first, ...rest] = postalLines(office, from);
    const wanted = [...campaign.letter.addressee, `${campaign.letter.careOf} ${first}`, ...rest].join('').replace(/\s/g, '');
    const salutation = words.find((w) => w.text === salutationWord)!;
    const inBand = (w: WordBox) => w.yMax <= salutation.yMin && w.yMin > window.top - 24 && w.xMin < window.right;
    const address = words.filter(inBand);
    // Every word of the address, in order, and nothing else (a hyphenated name may be split over two lines).
    expect(address.map((w) => w.text).join(''), office.id).toBe(wanted);
    return { address, others: words.filter((w) => !inBand(w)) };
  });
}

function expectInWindow(file: string, paper: PaperSize, letters: Office[], from = 'US'): void {
  const window = WINDOWS[paper];
  firstPages(file, letters, paper, from).forEach(({ address, others }, i) => {
    const office = letters[i]!;
    for (const word of address) {
      expect.soft(word.xMin, `${office.id} "${word.text}" left`).toBeGreaterThanOrEqual(window.left);
      expect.soft(word.xMax, `${office.id} "${word.text}" right`).toBeLessThanOrEqual(window.right);
      expect.soft(word.yMin, `${office.id} "${word.text}" top`).toBeGreaterThanOrEqual(window.top);
      expect.soft(word.yMax, `${office.id} "${word.text}" bottom`).toBeLessThanOrEqual(window.bottom);
    }
    // Nothing else shows through the window: not the return address, not the date, not the letter.
    expect(others.filter((w) => overlaps(w, window)).map((w) => w.text)).toEqual([]);
  });
}

describe.skipIf(needs.missing)('the inside address in a window envelope', () => {
  for (const paper of ['letter', 'a4'] as const) {
    for (const [what, sender] of Object.entries(SENDERS)) {
      it(`sits in the ${paper === 'letter' ? '#10' : 'DIN 5008'} window on ${paper}, for every office, with ${what}`, async () => {
        const pack = composeLetterPack(campaign, { ...sender, ownWords: '', paragraphIds: [], offices, paperSize: paper, country: 'US' }, DATE);
        expectInWindow(files.write(await renderLetterPack(pack)), paper, offices);
      });
    }

    it(`sits in the window on ${paper} in a fax pack's letters too`, async () => {
      const faxable = offices.filter((o) => o.fax);
      const pack = composeLetterPack(campaign, { ...SENDERS['a short return address'], ownWords: '', paragraphIds: [], offices, paperSize: paper, country: 'US' }, DATE);
      expectInWindow(files.write(await renderLetterPack({ ...pack, kind: 'fax' })), paper, faxable);
    });

    it(`sits in the window on ${paper} in an event's one-page letters, whose return address is written by hand`, async () => {
      const chunks: Uint8Array[] = [];
      const job: BulkPack = {
        ...packHeader(campaign, { offices, paperSize: paper, country: 'US' }, DATE),
        mode: 'event',
        blankLetters: 1,
        eventParagraphs: paragraphTexts(campaign, defaultParagraphs(), 'body'),
        eventClosingParagraphs: paragraphTexts(campaign, defaultParagraphs(), 'closing'),
        signers: [],
        addressLabels: 'none',
      };
      await renderBulkPack(job, { write: (chunk) => chunks.push(chunk), progress: () => {} });
      const file = files.write(Buffer.concat(chunks));
      expectInWindow(file, paper, offices);
      // With the paragraphs ticked by default and room for a sentence by hand, each letter is one sheet: its first page
      // also has the sign-off, and no letter has a second page.
      const pages = pagesText(file);
      const letterPages = pages.filter((page) => page.includes(campaign.letter.salutation));
      expect(letterPages).toHaveLength(offices.length);
      for (const page of letterPages) expect(page).toContain(campaign.letter.closing);
      expect(pages.filter((page) => /Page \d of \d/.test(page))).toEqual([]);
    });
  }
});
