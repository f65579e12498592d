import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderLetterPack, suggestedFileName, type LetterPack } from '../../server/pdf/index.ts';
import { flat, ink, PdfFiles, pagesText, pdffonts, pdfinfo, pdftotext, rasterize } from '../support/poppler.ts';
import { offices, paragraphs, samplePack } from '../support/sample-pack.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

const files = new PdfFiles();
afterAll(() => files.cleanup());

async function render(pack: LetterPack): Promise<string> {
  return files.write(await renderLetterPack(pack));
}

const base = samplePack();
const withLetter = (letter: Partial<LetterPack['letter']>, rest: Partial<LetterPack> = {}): LetterPack =>
  samplePack({ letter: { ...base.letter, ...letter }, ...rest });

/** Enough text for a letter to run onto a second page. */
const longParagraphs = [...Object.values(paragraphs), ...Object.values(paragraphs)];

describe.skipIf(needs.missing)('the letters', () => {
  it('print the campaign paragraphs in order, then the supporter’s words, and leave out an unticked one', async () => {
    const file = await render(
      withLetter({
        paragraphs: [paragraphs.opening, paragraphs.risk, paragraphs.law, paragraphs.closingAsk],
        ownWords: ['My family were refugees once, and someone took them in.'],
      }),
    );
    const text = flat(pdftotext(file));
    const order = [
      'Dear Mr. President:',
      'I am writing to respectfully urge',
      'People who are sent back face interrogation',
      'As a State party to the 1951 Refugee Convention',
      'I ask you to halt all forced returns',
      'My family were refugees once, and someone took them in.',
      'Respectfully,',
    ];
    const positions = order.map((s) => text.indexOf(s));
    positions.push(text.lastIndexOf('Jane Q. Supporter'));
    expect(positions.every((p) => p >= 0), JSON.stringify(positions)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The optional paragraph was not ticked.
    expect(text).not.toContain('High Commissioner for Refugees');
  });

  it('address each letter to one office: addressee, "c/o" the office, then its postal address', async () => {
    const file = await render(samplePack({ offices: offices.slice(0, 2) }));
    const pages = pagesText(file);
    expect(pages).toHaveLength(3); // two one-page letters and the address list
    const [first, second] = pages.map(flat);
    expect(first).toContain(
      "His Excellency the President of the People's Republic of China c/o Embassy of the People's Republic of China 3505 International Place NW Washington, DC 20008 USA",
    );
    expect(second).toContain(
      "c/o Consulate General of the People's Republic of China in New York 520 12th Avenue New York, NY 10036 USA",
    );
    expect(first).not.toContain('New York');
  });

  it('show the sender’s return address and the date at the top, and the printed name under the closing', async () => {
    const file = await render(base);
    const text = flat(pdftotext(file, { first: 1, last: 1 }));
    expect(text).toMatch(/^Jane Q\. Supporter 12 Elm Street Springfield, IL 62704 USA 22 November 2026 His Excellency/);
    expect(text).toMatch(/Respectfully, Jane Q\. Supporter $/);
  });

  it('leave out the return address block when the sender gives no address, but keep the date', async () => {
    const file = await render(samplePack({ sender: { name: 'Jane Q. Supporter', addressLines: [] } }));
    const text = flat(pdftotext(file, { first: 1, last: 1 }));
    expect(text).toMatch(/^22 November 2026 His Excellency/);
    expect(text).toMatch(/Respectfully, Jane Q\. Supporter $/);
  });

  it('print the date as a long date in the pack’s language', async () => {
    const file = await render(samplePack({ language: 'de', date: new Date('2026-03-05T23:30:00Z') }));
    expect(pdftotext(file, { first: 1, last: 1 })).toContain('5. März 2026');
  });

  it('number the pages of a letter that runs long ("Page 1 of 2"), per letter, and not those that fit one page', async () => {
    const file = await render(withLetter({ paragraphs: longParagraphs }, { offices: offices.slice(0, 2) }));
    const pages = pagesText(file).map(flat);
    expect(pages).toHaveLength(5);
    expect(pages[0]).toContain('Page 1 of 2');
    expect(pages[1]).toContain('Page 2 of 2');
    expect(pages[2]).toContain('Page 1 of 2');
    expect(pages[3]).toContain('Page 2 of 2');
    expect(pages.join(' ')).not.toMatch(/of [345]/);
    // A later page says which letter it belongs to, in case pages get mixed up.
    expect(pages[3]).toContain("Consulate General of the People's Republic of China in New York · 22 November 2026");

    const short = pagesText(await render(base));
    expect(short.join(' ')).not.toContain('Page ');
  });

  it('never leave the closing and signature alone on a page, whatever the letter’s length', async () => {
    const filler = 'This sentence only makes the letter a little longer.';
    for (let extra = 0; extra < 28; extra++) {
      const last = `${filler.repeat(extra % 5)} Thank you. ZULU-END`;
      // Also with a one-line closing paragraph after the supporter's words, as the seed letter ends.
      const closing = extra >= 14 ? { closingParagraphs: ['Thank you for your consideration of this request. ZULU-END'] } : {};
      const pack = withLetter({
        paragraphs: [...longParagraphs.slice(0, 5 + Math.floor((extra % 14) / 5)), last],
        ...closing,
      });
      const pages = pagesText(await render(pack)).slice(0, -1); // without the address list
      const closingPage = pages.findIndex((p) => p.includes('Respectfully,'));
      const page = pages[closingPage]!;
      expect(page, `variant ${extra}`).toContain('ZULU-END');
      expect(page).toContain('Jane Q. Supporter');
      // At least two lines of the letter's body sit above the closing (not counting the running header of a later page).
      const before = page
        .slice(0, page.indexOf('Respectfully,'))
        .split('\n')
        .filter((l) => l.trim() && !/^Page \d/.test(l) && !l.includes(' · 22 November 2026'));
      expect(before.length, `variant ${extra}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('print what the supporter typed as plain text: markup and template syntax appear literally', async () => {
    const file = await render(
      withLetter(
        { ownWords: ['<script>alert(1)</script> and {{x}} and {{{raw}}} & &amp; %PDF-1.4 (parens) \\backslash'] },
        { sender: { name: '<b>Bold</b> {{name}}', addressLines: ['<img src=x onerror=alert(1)>'] } },
      ),
    );
    const text = flat(pdftotext(file));
    expect(text).toContain('<script>alert(1)</script> and {{x}} and {{{raw}}} & &amp; %PDF-1.4 (parens) \\backslash');
    expect(text).toContain('<b>Bold</b> {{name}}');
    expect(text).toContain('<img src=x onerror=alert(1)>');
  });
});

describe.skipIf(needs.missing)('the address list page', () => {
  it('lists every office with its postal address, phone, fax and other numbers to try, email only where known, and posting tips', async () => {
    const file = await render(samplePack({ offices: offices.slice(0, 3) }));
    const pages = pagesText(file);
    const list = flat(pages[pages.length - 1]!);
    expect(list).toMatch(/^Where to send your letters/);
    for (const office of offices.slice(0, 3)) {
      expect(list).toContain(office.addressLines.slice(1).join(' '));
      expect(list).toContain(office.phone);
      expect(list).toContain(office.fax);
    }
    // What helps the supporter (another number to try), not the research note behind it.
    expect(list).toContain('If it does not go through, also reported: +1 212 502 0245.');
    expect(list).not.toContain('Two published sources list different fax numbers');
    expect(list).toContain('chinaembpress_us@mfa.gov.cn');
    expect(list.match(/Email/g)).toHaveLength(1); // only the embassy has a published address
    expect(list).toContain('international postage');
    expect(list).toContain('Sign each letter by hand');
    expect(list).toContain('one envelope per office');
    expect(list).toContain('Keep a copy');
  });

  it('continues onto another page when many offices are listed', async () => {
    const many = [...offices, ...offices].map((o, i) => ({ ...o, id: `${o.id}-${i}` }));
    const file = await render(samplePack({ offices: many }));
    const pages = pagesText(file).map(flat);
    const listPages = pages.slice(many.length);
    expect(listPages.length).toBeGreaterThan(1);
    expect(listPages[1]).toMatch(/^Where to send your letters \(continued\)/);
    const all = listPages.join(' ');
    for (const office of many) expect(all).toContain(office.fax);
  });
});

describe.skipIf(needs.missing)('the PDF file', () => {
  it('embeds every font, as a subset with a Unicode map; CJK fonts only when the text needs them', async () => {
    const latin = pdffonts(await render(base));
    expect(latin.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSerif-Bold',
      'NotoSerif-Regular',
    ]);
    const mixed = pdffonts(
      await render(
        samplePack({ offices: offices.slice(0, 2), sender: { name: '김혜숙', addressLines: ['北京市 朝阳区'] } }),
      ),
    );
    for (const fonts of [latin, mixed]) {
      for (const font of fonts) {
        expect(font, font.name).toMatchObject({ emb: 'yes', sub: 'yes', uni: 'yes' });
        expect(font.name).toMatch(/^[A-Z]{6}\+Noto/);
      }
    }
    expect(mixed.map((f) => f.name)).toEqual(
      expect.arrayContaining([expect.stringContaining('NotoSansKR'), expect.stringContaining('NotoSerif-Italic')]),
    );
  });

  it('has the title and language in its metadata, and never the supporter’s name or address', async () => {
    const pack = samplePack({ sender: { name: 'Mira Secretname', addressLines: ['77 Hiddenway Road'] } });
    const file = await render(pack);
    const info = pdfinfo(file);
    expect(info.Title).toBe('Letters to stop the forced return of North Korean refugees');
    expect(info.Author).toBeUndefined();
    expect(JSON.stringify(info)).not.toMatch(/Secretname|Hiddenway/);
    const raw = readFileSync(file).toString('latin1');
    expect(raw).toMatch(/\/Lang \(en\)/);
    // Neither as plain text nor as UTF-16 anywhere in the file's uncompressed parts.
    expect(raw).not.toContain('Secretname');
    expect(raw).not.toContain(Buffer.from('Secretname', 'utf16le').swap16().toString('latin1'));
    // But it is printed on the letter.
    expect(pdftotext(file)).toContain('Mira Secretname');
  });

  it('uses the paper size asked for', async () => {
    expect(pdfinfo(await render(samplePack({ paperSize: 'letter' })))['Page size']).toBe('612 x 792 pts (letter)');
    expect(pdfinfo(await render(samplePack({ paperSize: 'a4' })))['Page size']).toBe('595.28 x 841.89 pts (A4)');
  });

  it('is the same bytes for the same pack (no clock, no randomness)', async () => {
    const a = await renderLetterPack(base);
    const b = await renderLetterPack(base);
    expect(a.equals(b)).toBe(true);
  });

  it('suggests a file name from the campaign and the date, never the supporter', () => {
    expect(suggestedFileName('stop-forced-returns', new Date('2026-11-22T23:59:00Z'))).toBe(
      'stop-forced-returns-2026-11-22.pdf',
    );
    expect(suggestedFileName('../../etc/"x"', new Date('2026-11-22T00:00:00Z'))).toBe('etc-x-2026-11-22.pdf');
  });

  it('refuses a pack without offices', async () => {
    await expect(renderLetterPack(samplePack({ offices: [] }))).rejects.toThrow(/at least one office/);
  });
});

describe.skipIf(needs.missing)('names in any script', () => {
  const names = [
    { script: 'Hangul', name: '김혜숙', other: '박민수' },
    { script: 'Chinese', name: '李明', other: '王芳' },
    { script: 'Cyrillic', name: 'Алексей Иванов', other: 'Дмитрий Петров' },
    { script: 'Vietnamese', name: 'Nguyễn Thị Hường', other: 'Trần Văn Quốc' },
    { script: 'Polish', name: 'Łukasz Żółćński', other: 'Świętosław Ąę' },
  ];
  const packFor = (name: string) => samplePack({ sender: { name, addressLines: ['12 Elm Street', 'USA'] } });

  it.each(names)('extract and render: $script', async ({ name, other }) => {
    const file = await render(packFor(name));
    const text = pdftotext(file, { first: 1, last: 1 }).normalize('NFC');
    // Once in the return address, once under the signature.
    expect(text.split(name).length - 1).toBe(2);

    // Extraction alone is not enough: a broken subset can extract fine yet draw nothing (pdfkit#914).
    const withName = rasterize(file, 1);
    const blank = rasterize(await render(packFor('')), 1);
    const inkPerChar = (ink(withName) - ink(blank)) / (2 * Array.from(name.replace(/ /g, '')).length);
    expect(inkPerChar, `dark pixels per character of ${name}`).toBeGreaterThan(4);
    // And it draws real glyphs, not the same empty box for every character.
    const otherName = rasterize(await render(packFor(other)), 1);
    expect(Buffer.compare(withName.pixels, otherName.pixels)).not.toBe(0);
  });

  it('renders a mixed-script name and own words in Korean and Chinese', async () => {
    const file = await render(
      withLetter(
        { ownWords: ['저는 북한 난민들의 강제 송환을 멈춰 주실 것을 간곡히 부탁드립니다.', '请停止强制遣返脱北者。谢谢。'] },
        { sender: { name: 'Kim 김혜숙 Алексей Nguyễn', addressLines: [] } },
      ),
    );
    const text = flat(pdftotext(file, { first: 1, last: 1 }));
    expect(text).toContain('저는 북한 난민들의 강제 송환을 멈춰 주실 것을 간곡히 부탁드립니다.');
    expect(text.replace(/ /g, '')).toContain('请停止强制遣返脱北者。谢谢。');
    expect(text).toContain('Kim 김혜숙 Алексей Nguyễn');
    const fonts = pdffonts(file).map((f) => f.name);
    expect(fonts).toEqual(expect.arrayContaining([expect.stringContaining('NotoSansKR')]));
  });

  it('survives text no font can draw, control characters and broken surrogates', async () => {
    const file = await render(
      withLetter(
        { ownWords: ['Emoji 🙏🏽 Arabic محمد Hebrew שלום bell\u0007 zero\u200Bwidth lone\uD800 end', '', '   '] },
        { sender: { name: '\u202Eevil\u202C Name 😀', addressLines: ['\t  ', 'x'.repeat(300)] } },
      ),
    );
    const text = flat(pdftotext(file));
    expect(text).toContain('Emoji \uFFFD Arabic \uFFFD Hebrew \uFFFD bell zerowidth lone\uFFFD end');
    expect(text).toContain('evil Name \uFFFD');
    for (const font of pdffonts(file)) expect(font.name).toMatch(/Noto/);
  });
});
