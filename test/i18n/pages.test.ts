import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { LANGUAGES } from '../../server/i18n/languages.ts';
import { buildTestApp, postForm, SEED_OFFICES, type TestApp } from '../support/app.ts';

let t: TestApp;
let campaign: Campaign;

beforeAll(async () => {
  t = await buildTestApp();
  campaign = t.app.catalog.listCampaigns()[0]!;
});
afterAll(async () => t?.close());

const page = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
/** Text a person reads: tags, comments and attribute values gone. */
const visibleText = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const RAW_KEY = /\b(?:site|campaign|next-steps|organize|pdf)\.[a-zA-Z-]+\.[a-zA-Z-]+/;

describe('the campaign page in each language', () => {
  it.each(LANGUAGES)('%s: in its language, with lang set, the campaign in it and no raw message key', async (language) => {
    const response = await page(`/${language}/c/${campaign.slug}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toMatch(new RegExp(`<html lang="${language}" dir="ltr">`));
    const version = t.app.catalog.campaignIn(campaign, language)!;
    expect(version, `the seed campaign ships in ${language}`).toBeDefined();
    expect(html).toContain(`<h1 >${version.campaign.title}</h1>`);
    expect(visibleText(html)).not.toMatch(RAW_KEY);
    // The interface itself is in the language: the form's heading is its own, not English's (except in English).
    const heading = t.app.messages.forLanguage(language)('campaign.compose.heading');
    expect(html).toContain(`<h2 id="compose-heading">${heading}</h2>`);
    if (language !== 'en') expect(heading).not.toBe('Compose your letter');
    // The form posts back in the same language, and the letter starts in it.
    expect(html).toContain(`action="/${language}/c/${campaign.slug}/letters#form-answer"`);
    expect(html).toMatch(new RegExp(`<option value="${language}" lang="${language}" selected>`));
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('links every language from every page, each to the same page, and sets no cookie', async () => {
    const html = (await page(`/ja/c/${campaign.slug}/report`)).body;
    for (const language of LANGUAGES) expect(html).toContain(`href="/${language}/c/${campaign.slug}/report" lang="${language}" hreflang="${language}"`);
    expect(html).toContain(`href="/ja/c/${campaign.slug}/report" lang="ja" hreflang="ja" aria-current="true"`);
    const error = await page('/ko/no-such-page');
    expect(error.statusCode).toBe(404);
    expect(error.body).toContain('<html lang="ko"');
    expect(error.body).toContain('href="/en/no-such-page"');
  });

  it('follows the browser’s language on a first visit without one in the URL, and says the page varies by it', async () => {
    const korean = await page(`/c/${campaign.slug}`, { 'accept-language': 'fr;q=0.5, ko-KR, en;q=0.8' });
    expect(korean.body).toContain('<html lang="ko"');
    expect(korean.headers.vary).toMatch(/Accept-Language/);
    const traditional = await page(`/c/${campaign.slug}`, { 'accept-language': 'zh-TW' });
    expect(traditional.body).toContain('<html lang="zh-Hant"');
    const unknown = await page(`/c/${campaign.slug}`, { 'accept-language': 'sw' });
    expect(unknown.body).toContain('<html lang="en"');
    // A language in the URL wins over the browser's, as a ?lang query does.
    expect((await page(`/de/c/${campaign.slug}`, { 'accept-language': 'ko' })).body).toContain('<html lang="de"');
    const query = await page(`/c/${campaign.slug}?lang=es`, { 'accept-language': 'ko' });
    expect(query.body).toContain('<html lang="es"');
  });

  it('gives the form back in its language: the messages beside the fields and everything typed kept', async () => {
    const response = await postForm(t.app, `/fr/c/${campaign.slug}/letters`, { name: '', address: '12 rue X', ownWords: 'Mes mots', offices: SEED_OFFICES });
    expect(response.statusCode).toBe(400);
    const fr = t.app.messages.forLanguage('fr');
    expect(response.body).toContain(fr('campaign.errors.name.missing'));
    expect(response.body).toContain(`<title>${fr('site.errorTitle', { title: t.app.catalog.campaignIn(campaign, 'fr')!.campaign.title })}`);
    expect(response.body).toContain('>Mes mots</textarea>');
    expect(response.body).toContain('12 rue X');
  });

  it('lets the supporter write in another language than the page’s, keeping what they typed', async () => {
    const response = await postForm(t.app, `/en/c/${campaign.slug}/letters`, { action: 'pick-language', letterLanguage: 'ko', name: 'Jane Doe', ownWords: 'My words', offices: SEED_OFFICES });
    expect(response.statusCode).toBe(200);
    const korean = t.app.catalog.campaignIn(campaign, 'ko')!.campaign;
    expect(response.body).toContain('<html lang="en"');
    expect(response.body).toContain(`<div class="letter-preview" lang="ko">`);
    expect(response.body).toContain(korean.letter.salutation);
    expect(response.body).toContain(korean.letter.paragraphs[0]!.text);
    expect(response.body).toContain('value="Jane Doe"');
    expect(response.body).toContain('>My words</textarea>');
    // Korean is not Chinese: the courtesy translation is offered.
    expect(response.body).toContain('name="addTranslation" value="zh-Hans"');
  });

  it('suggests Korean for a letter from Korea, which the supporter may change', async () => {
    const picked = await postForm(t.app, `/en/c/${campaign.slug}/letters`, { action: 'pick-country', country: 'KR', letterLanguage: 'en' });
    expect(picked.body).toMatch(/<option value="ko" lang="ko"[^>]*selected>/);
    const changed = await postForm(t.app, `/en/c/${campaign.slug}/letters`, { action: 'pick-language', country: 'KR', letterLanguage: 'de' });
    expect(changed.body).toMatch(/<option value="de" lang="de"[^>]*selected>/);
  });

  it('does not offer a Chinese translation of a letter already in Chinese', async () => {
    const response = await page(`/zh-Hant/c/${campaign.slug}`);
    expect(response.body).not.toContain('name="addTranslation"');
  });
});

describe('switching language on the campaign page', () => {
  it('sends the form along, so nothing typed is lost, and a letter that followed the page follows it', async () => {
    const page = (await t.app.inject({ method: 'GET', url: `/en/c/${campaign.slug}` })).body;
    // The switcher's links name where the form goes in each language; the page's script sends it there.
    expect(page).toContain(`href="/ko/c/${campaign.slug}" lang="ko" hreflang="ko" data-form-action="/ko/c/${campaign.slug}/letters"`);
    const fields = { name: 'Jane Doe', ownWords: 'Kept words', offices: SEED_OFFICES, pageLanguage: 'en' };
    const followed = await postForm(t.app, `/ko/c/${campaign.slug}/letters`, { ...fields, action: 'switch-language', letterLanguage: 'en' });
    expect(followed.statusCode).toBe(200);
    expect(followed.body).toContain('<html lang="ko"');
    expect(followed.body).toContain('value="Jane Doe"');
    expect(followed.body).toContain('>Kept words</textarea>');
    expect(followed.body).toContain('<div class="letter-preview" lang="ko">');
    // A letter language the supporter chose stays theirs.
    const chosen = await postForm(t.app, `/ko/c/${campaign.slug}/letters`, { ...fields, action: 'switch-language', letterLanguage: 'de' });
    expect(chosen.body).toContain('<div class="letter-preview" lang="de">');
  });
});
