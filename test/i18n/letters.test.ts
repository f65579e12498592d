import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { LANGUAGES, type Language } from '../../server/i18n/languages.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { downloadPack } from '../support/next-steps.ts';
import { flat, pagesText, pdffonts, pdfinfo, PdfFiles, rasterize, wordBoxes } from '../support/poppler.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');
const files = new PdfFiles();
let t: TestApp;
let campaign: Campaign;

beforeAll(async () => {
  t = await buildTestApp();
  campaign = t.app.catalog.listCampaigns()[0]!;
});
afterAll(async () => {
  files.cleanup();
  await t?.close();
});

/** Each language's name for the writer, in its own script, to find on the rendered page. */
const NAMES: Record<Language, string> = {
  en: 'Jane Example',
  ko: '김혜숙',
  ja: '山田花子',
  'zh-Hans': '李明华',
  'zh-Hant': '陳美麗',
  de: 'Jürgen Groß',
  fr: 'Françoise Lefèvre',
  es: 'Íñigo Muñoz',
};

const letterIn = (language: Language, extra: Record<string, string | string[]> = {}) =>
  downloadPack(t.app, campaign.slug, { name: NAMES[language], ownWords: 'My own words.', offices: ['embassy-washington'], letterLanguage: language, ...extra });

/** Ink inside the box of the first word on `page` that contains `text`, rendered at 100 dpi. */
function inkAt(file: string, page: number, text: string): number {
  const box = wordBoxes(file, page).find((w) => w.text.includes(text));
  expect(box, `"${text}" on page ${page}`).toBeDefined();
  const raster = rasterize(file, page, 100, { antialias: false });
  const scale = 100 / 72;
  let dark = 0;
  for (let y = Math.floor(box!.yMin * scale); y < Math.ceil(box!.yMax * scale); y++) {
    for (let x = Math.floor(box!.xMin * scale); x < Math.ceil(box!.xMax * scale); x++) if (raster.pixels[y * raster.width + x]! < 128) dark++;
  }
  return dark;
}

describe.skipIf(needs.missing)('letters in each language', () => {
  it.each(LANGUAGES)('%s: the letter’s text is in it, its PDF says so, and the name prints with ink', async (language) => {
    const response = await letterIn(language);
    expect(response.statusCode).toBe(200);
    const file = files.write(response.rawPayload);
    const version = t.app.catalog.campaignIn(campaign, language)!.campaign;
    const [letterPage] = pagesText(file);
    expect(flat(letterPage!)).toContain(flat(version.letter.salutation));
    expect(flat(letterPage!)).toContain(flat(version.letter.paragraphs[0]!.text).slice(0, 40));
    expect(pdfinfo(file)).toBeDefined();
    // The /Lang of the document is the letter's.
    expect(response.rawPayload.toString('latin1')).toMatch(new RegExp(`/Lang \\(${language.split('-')[0]}`));
    expect(inkAt(file, 1, NAMES[language].slice(0, 2))).toBeGreaterThan(20);
    expect(pdffonts(file).every((f) => f.emb === 'yes')).toBe(true);
  });

  it('sets a Japanese letter in the Japanese face, and a Chinese one in the Chinese face', async () => {
    const japanese = files.write((await letterIn('ja')).rawPayload);
    expect(pdffonts(japanese).map((f) => f.name).join(' ')).toMatch(/NotoSansJP/);
    expect(pdffonts(japanese).map((f) => f.name).join(' ')).not.toMatch(/NotoSansSC|NotoSansKR/);
    const traditional = files.write((await letterIn('zh-Hant')).rawPayload);
    expect(pdffonts(traditional).map((f) => f.name).join(' ')).toMatch(/NotoSansTC/);
  });

  it('follows a Korean letter with its Chinese translation, one per office, in order, with the own-words notice', async () => {
    const offices = ['embassy-washington', 'consulate-new-york'];
    const response = await downloadPack(t.app, campaign.slug, { name: '김혜숙', ownWords: '제 생각을 덧붙입니다.', offices, paragraphs: ['refugee-convention'], letterLanguage: 'ko', addTranslation: 'zh-Hans' });
    expect(response.statusCode).toBe(200);
    const file = files.write(response.rawPayload);
    const pages = pagesText(file).map(flat);
    const korean = t.app.catalog.campaignIn(campaign, 'ko')!.campaign;
    const chinese = t.app.catalog.campaignIn(campaign, 'zh-Hans')!.campaign;
    const zh = t.app.messages.forLanguage('zh-Hans');
    const kinds = pages.map((text) => (text.includes(flat(zh('pdf.translation.heading'))) ? 'zh' : text.includes(flat(korean.letter.salutation)) ? 'ko' : 'other'));
    expect(kinds.slice(0, 4)).toEqual(['ko', 'zh', 'ko', 'zh']);
    for (const index of [1, 3]) {
      const text = pages[index]!;
      expect(text).toContain(flat(chinese.letter.salutation));
      expect(text).toContain(flat(zh('pdf.translation.ownWordsNote')));
      expect(text).not.toContain('제 생각을');
      // The same paragraphs in the same order: the required ones and the one ticked.
      // Chinese has no spaces: a line break in the PDF's text is not one either.
      const squashed = text.replace(/\s+/g, '');
      const order = chinese.letter.paragraphs.filter((p) => !p.optional || p.id === 'refugee-convention').map((p) => squashed.indexOf(p.text.replace(/\s+/g, '').slice(0, 12)));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
    expect(pdffonts(file).map((f) => f.name).join(' ')).toMatch(/NotoSansSC/);
    expect(inkAt(file, 2, flat(zh('pdf.translation.heading')).slice(0, 2))).toBeGreaterThan(20);
  });

  it('adds no translation unless asked', async () => {
    const file = files.write((await letterIn('ko')).rawPayload);
    expect(pagesText(file).join('\n')).not.toContain(t.app.messages.forLanguage('zh-Hans')('pdf.translation.heading'));
  });
});
