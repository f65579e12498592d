import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, postForm, type TestApp } from '../support/app.ts';
import { Browser, organizerHash } from '../support/organize.ts';
import { readable } from '../support/next-steps.ts';

const SLUG = 'stop-forced-return';
let t: TestApp;
let organizer: Browser;

beforeAll(async () => {
  t = await buildTestApp({ organizer: { passwordHash: await organizerHash() } });
  organizer = new Browser(t.app);
  await organizer.signIn();
});
afterAll(async () => t?.close());

describe('the letter-language tallies', () => {
  it('count each letter set’s language and an added translation, nothing else, and show them to organizers', async () => {
    const letter = (lang: string, fields: Record<string, string>) =>
      postForm(t.app, `/${lang}/c/${SLUG}/letters`, { name: 'Kim Example', address: 'Seoul', offices: 'embassy-washington', ...fields });
    expect((await letter('ko', { addTranslation: 'zh-Hans' })).statusCode).toBe(200);
    expect((await letter('ko', {})).statusCode).toBe(200);
    expect((await letter('en', { letterLanguage: 'ja', addTranslation: 'zh-Hans' })).statusCode).toBe(200);
    // A Chinese letter gets no Chinese translation, whatever the form says.
    expect((await letter('zh-Hant', { addTranslation: 'zh-Hans' })).statusCode).toBe(200);

    const today = new Date().toISOString().slice(0, 10);
    const json = (await organizer.get(`/organize/c/${SLUG}/counts.json?from=${today}&to=${today}`)).json();
    expect(json.totals.letterLanguages).toEqual({ ko: 2, ja: 1, 'zh-Hant': 1 });
    expect(json.totals.translations).toEqual({ 'zh-Hans': 2 });

    const page = readable((await organizer.get(`/organize/c/${SLUG}`)).body);
    const en = t.app.messages.forLanguage('en');
    expect(page).toContain(en('organize.dashboard.languages.heading'));
    expect(page).toMatch(/한국어 2 50 %|한국어 2 50%/);
    expect(page).toContain(`${en('organize.dashboard.languages.translation')} 2`);
  });
});
