import { afterAll, describe, expect, it } from 'vitest';
import { loadMessages } from '../../server/i18n/messages.ts';
import { renderBulkPack, renderLetterPack, type BulkPack, type LetterPack } from '../../server/pdf/index.ts';
import { flat, PdfFiles, pagesText } from '../support/poppler.ts';
import { offices, paragraphs, samplePack } from '../support/sample-pack.ts';
import { requireTools } from '../support/requirements.ts';

// The real Korean messages: a page shows which language each of its words came from.
const ko = loadMessages().forLanguage('ko');
const en = loadMessages().forLanguage('en');

const needs = requireTools('poppler');
const files = new PdfFiles();
afterAll(() => files.cleanup());

const long = [...Object.values(paragraphs), ...Object.values(paragraphs)];
const reportLater = { link: 'https://example.org/r?c=ABCD', entry: 'example.org/r', code: 'ABCD-1234', until: new Date('2027-01-15T00:00:00Z') };
const letter = (rest: Partial<LetterPack>) =>
  samplePack({ language: 'en-US', offices: offices.slice(0, 2), letter: { ...samplePack().letter, paragraphs: long }, reportLater, ...rest });

describe.skipIf(needs.missing)('a pack in another language', () => {
  it('has the address page in labelsLanguage, with its deadline, and the letters’ page numbers in the letter’s', async () => {
    const pages = pagesText(files.write(await renderLetterPack(letter({ labelsLanguage: 'ko' })))).map(flat);
    const list = pages.at(-1)!;
    expect(list).toContain(flat(ko('pdf.addressList.heading')));
    expect(list).toContain(flat(ko('pdf.tips.heading')));
    expect(list).toContain(flat(ko('pdf.reportLater.text', { entry: 'example.org/r', until: '2027년 1월 15일' })));
    expect(list).not.toContain('Where to send');
    // The letters go to the office: their page numbers and date are in the letter's language.
    expect(pages[0]).toContain('Page 1 of 2');
    expect(pages[0]).toContain('November 22, 2026');
    expect(pages.join(' ')).not.toContain(flat(ko('pdf.pageOf', { page: 1, pages: 2 })));
  });

  it('without labelsLanguage is English, the deadline dated as the letter is', async () => {
    const list = flat(pagesText(files.write(await renderLetterPack(letter({})))).at(-1)!);
    expect(list).not.toContain(flat(ko('pdf.addressList.heading')));
    expect(list).toContain('enter this code by January 15, 2027, so your letters are counted');
  });

  it('has the fax cover in the letter’s language, since the office reads it', async () => {
    const pages = pagesText(files.write(await renderLetterPack(letter({ kind: 'fax', labelsLanguage: 'ko', fromCountry: 'GB' })))).map(flat);
    expect(pages[0]).toMatch(/^Fax To /);
    expect(pages[0]).toContain('from the United Kingdom');
    expect(pages.join(' ')).not.toContain(flat(ko('pdf.faxCover.heading')));
  });

  it('has a print run’s summary and an event letter’s captions in labelsLanguage', async () => {
    const { paragraphs: _p, ownWords: _o, ...rest } = samplePack().letter;
    const job: BulkPack = {
      title: 'T',
      language: 'en',
      labelsLanguage: 'ko',
      date: new Date('2026-11-22T10:00:00Z'),
      paperSize: 'a4',
      letter: rest,
      offices: offices.slice(0, 1),
      mode: 'event',
      signers: [],
      blankLetters: 2,
      eventParagraphs: [paragraphs.opening],
      addressLabels: 'letter',
    };
    const chunks: Uint8Array[] = [];
    await renderBulkPack(job, { write: (c) => chunks.push(c), progress: () => {} });
    const pages = pagesText(files.write(Buffer.concat(chunks))).map(flat);
    expect(pages[0]).toContain(flat(ko('pdf.eventLetter.printedName')));
    expect(pages[0]).toContain(flat(ko('pdf.eventLetter.ownWords')));
    expect(pages[0]).toContain('22 November 2026');
    const summary = pages.at(-1)!;
    expect(summary).toContain(flat(ko('pdf.printRun.heading')));
    expect(summary).toContain('2026년 11월 22일');
    expect(summary).toContain(flat(ko('pdf.printRun.blankLetters', { count: 2 })));
    const labels = ko('pdf.printRun.labelsPerLetter', { sheet: 'Avery L7163', labels: ko('pdf.printRun.labelCount', { count: 2 }), sheets: ko('pdf.printRun.sheetCount', { count: 1 }) });
    expect(summary).toContain(flat(labels));
    expect(summary).not.toContain(en('pdf.printRun.heading'));
  });
});
