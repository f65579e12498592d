import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import handlebars from 'handlebars';
import type { Campaign } from '../../server/content/campaign.ts';
import type { Office } from '../../server/content/office.ts';
import { readCampaignCounts } from '../../server/counts/read.ts';
import { copyContent } from '../support/content.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';
import { buildTestApp, postForm, type TestApp, SEED_OFFICES } from '../support/app.ts';
import { countryName } from '../../server/content/countries.ts';
import { carriedFields, composeLetters, pressButton, unescapeHtml, type CarriedPage } from '../support/next-steps.ts';
import { flatten, pdfText } from '../support/poppler.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

let t: TestApp;
let content: Awaited<ReturnType<typeof copyContent>>;
let campaign: Campaign;
let offered: Office[];
let slug: string;
const EMAIL_OFFICE = 'consulate-chicago';
const EMAIL = 'appeals@chicago-consulate.example';

beforeAll(async () => {
  // The shipped offices have no email address we could check; one gets a made-up one here.
  content = await copyContent(REAL_CONTENT_DIR);
  await content.edit('offices/us.json', (offices: Office[]) => {
    const office = offices.find((o) => o.id === EMAIL_OFFICE)!;
    office.email = EMAIL;
    office.confidence.email = 'high';
  });
  t = await buildTestApp({ contentDir: content.dir });
  campaign = t.app.catalog.listCampaigns()[0]!;
  slug = campaign.slug;
  // The supporter here lives in the US and writes to its offices (the seed's SEED_OFFICES).
  offered = t.app.catalog.offeredOffices(campaign).filter((o) => o.country === 'US');
});
afterAll(async () => {
  await t?.close();
  await content?.cleanup();
});

const url = (action: string) => `/c/${slug}/letters/${action}`;
const supporter = { name: 'Ada Example', address: '12 Example Street\nSpringfield, IL 62701', offices: SEED_OFFICES };

async function counts() {
  await t.app.counter.flush();
  return (await readCampaignCounts(t.app.db, slug)).totals;
}

describe.skipIf(needs.missing)('the next-steps page', () => {
  it('follows the form, never cached, with the letter kept in the page and one entry per chosen office', async () => {
    const chosen = offered.filter((o) => ['embassy-washington', EMAIL_OFFICE].includes(o.id));
    const { response, page } = await composeLetters(t.app, slug, { ...supporter, offices: chosen.map((o) => o.id), ownWords: 'Mine & "quoted" <b>.' });
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['set-cookie']).toBeUndefined();
    const html = response.body;
    expect(html).toContain('Your 2 letters are ready');
    for (const office of chosen) {
      expect(html).toContain(`id="office-${office.id}"`);
      expect(html).toContain(office.addressLines[1]!);
      if (office.fax) expect(html).toContain(office.fax);
    }
    for (const office of offered.filter((o) => !chosen.includes(o))) expect(html).not.toContain(`id="office-${office.id}"`);
    // The fax number's doubt is shown beside it.
    expect(html).toContain('Low confidence');
    // The letter rides in the page, as typed, and nothing personal is in any URL on it.
    expect(JSON.parse(page.letter)).toMatchObject({ name: 'Ada Example', ownWords: 'Mine & "quoted" <b>.', offices: chosen.map((o) => o.id) });
    expect(html).not.toContain('Mine & "quoted" <b>.');
    for (const [, target] of html.matchAll(/(?:action|formaction|href)="([^"]*)"/g)) {
      if (target!.startsWith('mailto:')) continue;
      expect(target).not.toMatch(/Ada|Example|Springfield/);
    }
  });

  it('"Change my letter" brings back the form with everything written and chosen, without counting again', async () => {
    const [, second] = offered;
    const optionalId = campaign.letter.paragraphs.find((p) => p.optional && !p.checkedByDefault)!.id;
    const typed = { ...supporter, ownWords: 'Line one & "two".\n\nSecond paragraph.', paragraphs: [optionalId], offices: [second!.id], paperSize: 'a4' };
    const { page } = await composeLetters(t.app, slug, typed);
    const before = await counts();
    const answer = await pressButton(t.app, `/c/${slug}/letters/edit`, page, {});
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const html = answer.body;
    expect(html).toContain(`value="${handlebars.Utils.escapeExpression(supporter.name)}"`);
    expect(html).toContain(`>${handlebars.Utils.escapeExpression(typed.ownWords)}</textarea>`);
    expect(html).toContain(`${handlebars.Utils.escapeExpression('12 Example Street')}`);
    expect(html).toMatch(new RegExp(`<input type="checkbox" name="paragraphs" value="${optionalId}"[^>]*checked`));
    const ticked = [...html.matchAll(/<input type="checkbox" name="offices" value="([a-z-]+)"[^>]*checked/g)].map((m) => m[1]);
    expect(ticked).toEqual([second!.id]);
    expect(html).toMatch(/<input[^>]*value="a4"[^>]*checked/);
    expect(await counts()).toEqual(before);
    // A page edited by hand is refused like any other button's.
    expect((await pressButton(t.app, `/c/${slug}/letters/edit`, { ...page, token: 'forged' }, {})).statusCode).toBe(400);
  });

  it('gives a domestic stamp for letters posted inside the country, and international postage only from abroad', async () => {
    const { response } = await composeLetters(t.app, slug, { ...supporter, country: 'US' });
    const html = response.body;
    expect(html).toContain('Posting inside the United States: one Forever stamp per envelope pays for a letter of up to 1 oz');
    expect(html).not.toContain('international');
    expect(html).not.toContain('Global Forever');

    const fromUk = (await composeLetters(t.app, slug, { ...supporter, country: 'GB' })).response.body;
    expect(fromUk).toContain('Posting from the United Kingdom to the United States is international: use international letter postage');
    const toLondon = (await composeLetters(t.app, slug, { ...supporter, country: 'GB', offices: ['embassy-london'] })).response.body;
    expect(toLondon).toContain('Posting inside the United Kingdom: one first-class stamp per envelope');
    const fromUs = (await composeLetters(t.app, slug, { ...supporter, country: 'US', offices: ['embassy-london'] })).response.body;
    expect(fromUs).toContain('Posting from the United States to the United Kingdom is international: one Global Forever stamp per envelope');
  });

  it('offers plain links to share the campaign page, with nothing of the letter and no tracking parameter', async () => {
    const { response } = await composeLetters(t.app, slug, { ...supporter, ownWords: 'Private words' }, { host: 'letters.example' });
    const section = response.body.slice(response.body.indexOf('id="share-heading"'));
    const links = [...section.matchAll(/<li><a href="([^"]+)" target="_blank" rel="noopener noreferrer">([^<]+)<\/a><\/li>/g)].map((m) => ({
      href: unescapeHtml(m[1]!),
      name: m[2]!,
    }));
    expect(links.map((l) => l.name)).toEqual(['Email', 'WhatsApp', 'Telegram', 'Bluesky', 'X', 'Facebook', 'LinkedIn']);
    for (const { href } of links) {
      expect(decodeURIComponent(href)).toContain(`http://letters.example/c/${slug}`);
      expect(href).not.toMatch(/utm_|Ada|Example|Private/);
    }
  });

  it('counts the letters when they are composed', async () => {
    const before = await counts();
    await composeLetters(t.app, slug, { ...supporter, paragraphs: [campaign.letter.paragraphs.find((p) => p.optional)!.id] });
    const after = await counts();
    expect(after.letters - before.letters).toBe(offered.length);
    expect(after.packs - before.packs).toBe(1);
  });

  it('makes the letter pack, the envelopes and the fax pack, each counted once per page', async () => {
    const { page } = await composeLetters(t.app, slug, { ...supporter, name: 'Łukasz Nguyễn' });
    const before = await counts();

    const letters = await pressButton(t.app, url('pdf'), page, { kind: 'letter' });
    expect(letters.statusCode).toBe(200);
    expect(letters.headers['content-type']).toBe('application/pdf');
    expect(letters.headers['cache-control']).toBe('no-store');
    expect(letters.headers['content-disposition']).toMatch(/^attachment; filename="stop-forced-return-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const letterText = flatten(pdfText(letters.rawPayload));
    expect(letterText).toContain('Łukasz Nguyễn');
    expect(letterText).toContain('Where to send your letters');

    const envelopes = await pressButton(t.app, url('pdf'), page, { kind: 'envelope' });
    expect(envelopes.headers['content-disposition']).toContain('-envelopes-');
    const envelopeText = pdfText(envelopes.rawPayload);
    for (const office of offered) expect(envelopeText).toContain(office.addressLines[1]!);
    expect(envelopeText).toContain('12 Example Street');

    const fax = await pressButton(t.app, url('pdf'), page, { kind: 'fax' });
    expect(fax.headers['content-disposition']).toContain('-fax-');
    const faxText = pdfText(fax.rawPayload);
    for (const office of offered.filter((o) => o.fax)) expect(faxText).toContain(office.fax!);
    expect(flatten(faxText)).toContain(`Re ${campaign.letter.subject}`);

    // Opened in the browser instead of saved; and a second download from the same page.
    const opened = await pressButton(t.app, `${url('pdf')}?view=inline`, page, { kind: 'letter' });
    expect(opened.headers['content-disposition']).toMatch(/^inline; /);
    await pressButton(t.app, url('pdf'), page, { kind: 'envelope' });

    const after = await counts();
    for (const kind of ['letter', 'envelope', 'fax']) expect(after.packsByKind[kind]! - before.packsByKind[kind]!, kind).toBe(1);
    // Downloading is not composing again.
    expect(after.letters).toBe(before.letters);
  });

  it('refuses a page whose token or letter was forged, altered or belongs to another campaign', async () => {
    const { page } = await composeLetters(t.app, slug, supporter);
    const altered: CarriedPage[] = [
      { ...page, token: page.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) },
      { ...page, token: '' },
      { ...page, letter: '{"name":"' },
      { ...page, letter: JSON.stringify({ ...JSON.parse(page.letter), offices: ['consulate-houston'] }) },
      { ...page, letter: JSON.stringify({ ...JSON.parse(page.letter), name: 'x'.repeat(500) }) },
    ];
    for (const forged of altered) {
      const response = await pressButton(t.app, url('pdf'), forged, { kind: 'letter' });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('This page has expired or was changed');
    }
    const badKind = await pressButton(t.app, url('pdf'), page, { kind: 'poster' });
    expect(badKind.statusCode).toBe(400);
  });

  it('says there is no fax pack when no chosen office has a fax number', async () => {
    const withoutFax = await copyContent(REAL_CONTENT_DIR);
    await withoutFax.edit('offices/us.json', (offices: Office[]) => offices.map(({ fax, faxNote, ...office }) => office));
    const app = await buildTestApp({ contentDir: withoutFax.dir });
    try {
      const { response, page } = await composeLetters(app.app, slug, supporter);
      expect(response.body).toContain('None of the offices you chose has a fax number');
      expect(response.body).not.toContain('value="fax"');
      expect(response.body).not.toContain('I faxed it');
      const fax = await pressButton(app.app, url('pdf'), page, { kind: 'fax' });
      expect(fax.statusCode).toBe(400);
      expect(fax.body).toContain('None of the offices you chose has a fax number');
    } finally {
      await app.close();
      await withoutFax.cleanup();
    }
  });
});

describe.skipIf(needs.missing)('the next-steps page in another language', () => {
  it('is drawn in the language its URL names, and every button and link on it keeps that language', async () => {
    // A Korean page, the letter written in English: its words carry their own language.
    const response = await postForm(t.app, `/ko/c/${slug}/letters`, { ...supporter, letterLanguage: 'en', country: 'GB', offices: ['embassy-washington', EMAIL_OFFICE] });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toMatch(/<html lang="ko"/);
    // No message key is ever shown instead of its words.
    expect(html).not.toMatch(/next-steps\.[a-z]/i);
    // The language switcher links to the other languages, on purpose: everything else keeps this one.
    const withoutSwitcher = html.replace(/<nav class="language-switch"[\s\S]*?<\/nav>/, '');
    const ownTargets = [...withoutSwitcher.matchAll(/(?:action|formaction|href)="(\/[^"]*)"/g)].map((m) => m[1]!).filter((p) => !p.startsWith('/assets/') && p !== '/favicon.ico');
    for (const target of ownTargets.filter((p) => p.includes('/c/'))) expect(target, target).toMatch(/^\/ko\/c\//);
    expect(ownTargets).toContain(`/ko/c/${slug}/letters/tally`);
    // The countries in the postage advice are named in the page's language; the letter's own words carry theirs.
    expect(html).toContain(countryName('GB', 'ko'));
    expect(html).toContain(countryName('US', 'ko'));
    expect(html).toMatch(/<textarea id="email-body" rows="10" readonly lang="en[^"]*">/);

    const page = carriedFields(html);
    const tally = await pressButton(t.app, `/ko/c/${slug}/letters/tally`, page, { tally: `posted:${EMAIL_OFFICE}` }, { accept: 'application/json' });
    expect(tally.json()).toMatchObject({ outcome: 'counted', message: expect.stringContaining('Chicago') });
  });
});

describe.skipIf(needs.missing)('email links', () => {
  it('give each office with an email address a mailto link with the subject and the letter, and show them to copy', async () => {
    const { response } = await composeLetters(t.app, slug, { ...supporter, ownWords: 'Please let them go to Seoul.' });
    const html = response.body;
    const href = unescapeHtml(/<a href="(mailto:[^"]+)" class="mailto"/.exec(html)![1]!);
    const link = new URL(href);
    expect(link.pathname).toBe(EMAIL);
    expect(link.searchParams.get('subject')).toBe(campaign.letter.subject);
    const body = link.searchParams.get('body')!;
    expect(body.startsWith(campaign.letter.salutation)).toBe(true);
    expect(body).toContain('Please let them go to Seoul.');
    // The supporter's words come before the closing paragraph, as in the PDF.
    expect(body.indexOf('Please let them go to Seoul.')).toBeLessThan(body.indexOf('Thank you for your consideration of this request.'));
    expect(body.indexOf('Thank you for your consideration of this request.')).toBeLessThan(body.indexOf(campaign.letter.closing));
    expect(body).toContain('Ada Example\r\n12 Example Street');
    // Offices without an address get no link; the fallback shows To, Subject and the letter as plain text.
    expect(html.match(/class="mailto"/g)).toHaveLength(1);
    expect(html).toContain(`<span class="copy-value" id="email-to-${EMAIL_OFFICE}">${EMAIL}</span>`);
    expect(html).toMatch(new RegExp(`id="email-subject" value="${escapeAttr(campaign.letter.subject)}" readonly`));
    expect(html).toMatch(/<textarea id="email-body" rows="10" readonly>Dear [^<]*Please let them go to Seoul\./);
    expect(html).toContain('I emailed it');
    // The page says where the links are: on the office cards of step 5.
    expect(html).toContain('In step 5 below, each office with an email address has an “Open in my mail app” link');
  });

  it('fill in only the address and subject when the letter is too long for a link, and say so', async () => {
    const { response } = await composeLetters(t.app, slug, { ...supporter, ownWords: 'A long paragraph of my own. '.repeat(60).trim() });
    const href = unescapeHtml(/<a href="(mailto:[^"]+)" class="mailto"/.exec(response.body)![1]!);
    expect(new URL(href).searchParams.get('body')).toBeNull();
    expect(response.body).toContain('longer than an email link can carry');
    expect(response.body).toContain('Open in my mail app (address and subject only)');
  });
});

describe.skipIf(needs.missing)('"I posted it" and the other tallies', () => {
  it('count once per page, channel and office, with JavaScript (JSON) and without (the page again)', async () => {
    const { page } = await composeLetters(t.app, slug, supporter);
    const before = await counts();
    const posted = `posted:${EMAIL_OFFICE}`;

    const first = await pressButton(t.app, url('tally'), page, { tally: posted }, { accept: 'application/json' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ outcome: 'counted', tally: posted });
    expect(first.headers['set-cookie']).toBeUndefined();

    const again = await pressButton(t.app, url('tally'), page, { tally: posted });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Already counted');
    // Without JavaScript the page comes back whole, with the button shown as done and the letter still there.
    expect(again.body).toMatch(new RegExp(`value="${posted}"[^>]*class="tally done"[^>]*disabled`));
    expect(carriedFields(again.body)).toMatchObject({ letter: page.letter, token: page.token, counted: posted });

    await pressButton(t.app, url('tally'), page, { tally: `faxed:${EMAIL_OFFICE}` });
    await pressButton(t.app, url('tally'), page, { tally: `emailed:${EMAIL_OFFICE}` });
    await pressButton(t.app, url('tally'), page, { tally: 'posted:embassy-washington' });

    // A new page is a new letter: it counts again.
    const { page: next } = await composeLetters(t.app, slug, supporter);
    await pressButton(t.app, url('tally'), next, { tally: posted });

    const after = await counts();
    expect(after.channels.posted.offices[EMAIL_OFFICE]! - (before.channels.posted.offices[EMAIL_OFFICE] ?? 0)).toBe(2);
    expect(after.channels.posted.total - before.channels.posted.total).toBe(3);
    expect(after.channels.faxed.total - before.channels.faxed.total).toBe(1);
    expect(after.channels.emailed.total - before.channels.emailed.total).toBe(1);
  });

  it('count only for the offices the letter was written to, even when the page is edited to name others', async () => {
    const { page } = await composeLetters(t.app, slug, { ...supporter, offices: ['embassy-washington'] });
    const before = await counts();
    // A valid letter to two offices, carried with the token of a letter to one: the token is bound to its office set.
    const widened = { ...page, letter: JSON.stringify({ ...JSON.parse(page.letter), offices: ['embassy-washington', 'consulate-chicago'] }) };
    const claimed = await pressButton(t.app, url('tally'), widened, { tally: 'posted:consulate-chicago' });
    expect(claimed.statusCode).toBe(400);
    expect(claimed.body).toContain('This page has expired or was changed');
    expect((await pressButton(t.app, url('pdf'), widened, { kind: 'letter' })).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
    // The page as drawn still works.
    expect((await pressButton(t.app, url('tally'), page, { tally: 'posted:embassy-washington' })).statusCode).toBe(200);
  });

  it('refuse an office that is not on the page, or a channel the office does not have', async () => {
    const { page } = await composeLetters(t.app, slug, { ...supporter, offices: ['embassy-washington'] });
    for (const tally of ['posted:consulate-chicago', 'emailed:embassy-washington', 'shouted:embassy-washington', 'posted:consulate-houston', '']) {
      const response = await pressButton(t.app, url('tally'), page, { tally });
      expect(response.statusCode, tally).toBe(400);
    }
  });

  it('are refused from another site', async () => {
    const { page } = await composeLetters(t.app, slug, supporter);
    const response = await pressButton(t.app, url('tally'), page, { tally: 'posted:embassy-washington' }, { 'sec-fetch-site': 'cross-site' });
    expect(response.statusCode).toBe(403);
  });

  it('show up in the organizers\' counts API by channel and office', async () => {
    const token = 'o'.repeat(40);
    const app = await buildTestApp({ contentDir: content.dir, countsToken: token });
    try {
      const { page } = await composeLetters(app.app, slug, supporter);
      await pressButton(app.app, url('tally'), page, { tally: 'faxed:embassy-washington' });
      await pressButton(app.app, url('pdf'), page, { kind: 'fax' });
      const response = await app.app.inject({ method: 'GET', url: `/api/campaigns/${slug}/counts`, headers: { authorization: `Bearer ${token}` } });
      const { totals, days } = response.json();
      expect(totals.channels.faxed).toEqual({ total: 1, offices: { 'embassy-washington': 1 } });
      expect(totals.channels.posted).toEqual({ total: 0, offices: {} });
      expect(totals.packsByKind).toEqual({ letter: 0, fax: 1, envelope: 0 });
      expect(totals.emails).toEqual({ sent: 0, failed: 0 });
      expect(days[0].channels.faxed.total).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe.skipIf(needs.missing)('"Email me my letter" when no mail server is configured', () => {
  it('is not offered, and its address answers 404', async () => {
    const { response, page } = await composeLetters(t.app, slug, supporter);
    expect(response.body).not.toContain('Email me my letters');
    expect(response.body).not.toContain('name="email"');
    const send = await pressButton(t.app, url('email'), page, { email: 'me@example.org' });
    expect(send.statusCode).toBe(404);
  });
});

describe.skipIf(needs.missing)('a closed campaign', () => {
  it('makes and counts nothing more from an old page', async () => {
    const { page } = await composeLetters(t.app, slug, supporter);
    const closing = await copyContent(content.dir);
    await closing.edit(`campaigns/${slug}/campaign.json`, (c: Campaign) => ({ ...c, status: 'closed' as const }));
    const app = await buildTestApp({ contentDir: closing.dir });
    try {
      expect((await pressButton(app.app, url('pdf'), page, { kind: 'letter' })).statusCode).toBe(410);
      expect((await pressButton(app.app, url('tally'), page, { tally: 'posted:embassy-washington' })).statusCode).toBe(410);
    } finally {
      await app.close();
      await closing.cleanup();
    }
  });
});

const escapeAttr = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, '&#x27;');
