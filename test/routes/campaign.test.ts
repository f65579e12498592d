import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import handlebars from 'handlebars';
import type { Campaign } from '../../server/content/campaign.ts';
import { buildTestApp, postForm, type TestApp, SEED_OFFICES } from '../support/app.ts';
import { copyContent } from '../support/content.ts';
import { downloadPack } from '../support/next-steps.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';
import { flatten, pdfText } from '../support/poppler.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

let t: TestApp;
let campaign: Campaign;
let url: string;

beforeAll(async () => {
  t = await buildTestApp();
  campaign = t.app.catalog.listCampaigns()[0]!;
  url = `/c/${campaign.slug}/letters`;
});
afterAll(async () => t?.close());

const optional = () => campaign.letter.paragraphs.filter((p) => p.optional);
const required = () => campaign.letter.paragraphs.filter((p) => !p.optional);
const submit = (fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => postForm(t.app, url, fields, headers);

describe.skipIf(needs.missing)('pages', () => {
  it('sends the only live campaign straight from the start page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`/c/${campaign.slug}`);
  });

  it('shows what is happening and the form built from the sample letter', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain(campaign.background.heading);
    expect(html).toContain(`<meta name="description" content="${escapeHtml(campaign.summary)}">`);
    for (const paragraph of required()) expect(html).toContain(escapeHtml(paragraph.text));
    for (const paragraph of optional()) {
      expect(html).toContain(`name="paragraphs" value="${paragraph.id}"`);
      expect(html).toContain(escapeHtml(paragraph.text));
    }
    for (const office of t.app.catalog.offeredOffices(campaign)) expect(html).toContain(`value="${office.id}"`);
    expect(html).toContain('name="ownWords"');
    expect(html).toContain(`maxlength="${campaign.letter.ownWordsMaxLength}"`);
    expect(html).toContain('name="paperSize" value="a4"');
  });

  it("puts the box for the supporter's own words before the closing paragraph, as in the letter", async () => {
    const html = (await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` })).body;
    const at = (text: string) => html.indexOf(text);
    const [body, closing] = [required().filter((p) => !p.closing).at(-1)!, campaign.letter.paragraphs.find((p) => p.closing)!];
    expect(at(escapeHtml(body.text))).toBeLessThan(at('name="ownWords"'));
    expect(at('name="ownWords"')).toBeLessThan(at(escapeHtml(closing.text)));
    expect(at(escapeHtml(closing.text))).toBeLessThan(at(`<p class="closing">${escapeHtml(campaign.letter.closing)}</p>`));
  });

  it('starts with every open office ticked, and says how many letters that makes', async () => {
    const html = (await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` })).body;
    const ticked = [...html.matchAll(/<input type="checkbox" name="offices" value="([a-z-]+)"[^>]*checked/g)].map((m) => m[1]);
    expect(ticked).toEqual(SEED_OFFICES);
    expect(html).toContain('You will get 5 letters: one for each office ticked.');
    expect(html).not.toContain('name="recipients"');
  });

  it('warns, before the name and address, that the letter goes to the Chinese government with them on it', async () => {
    const html = (await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` })).body;
    const warning = html.indexOf('Your letter goes to the Chinese government with your name, and your address if');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(html.indexOf('name="name"'));
    expect(html).toContain('<fieldset class="sender" aria-describedby="sender-warning">');
    expect(html).toContain('The return address is optional.');
  });

  it('never offers a closed office', async () => {
    const html = (await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` })).body;
    expect(html).not.toMatch(/Houston/i);
  });

  it('ticks the optional paragraphs the campaign starts ticked', async () => {
    const html = (await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` })).body;
    for (const paragraph of optional()) {
      const input = html.match(new RegExp(`<input[^>]*value="${paragraph.id}"[^>]*>`))![0];
      expect(input.includes('checked')).toBe(paragraph.checkedByDefault);
    }
  });
});

describe.skipIf(needs.missing)('making letters', () => {
  it('makes the PDF pack with one letter per chosen office, not stored or cached', async () => {
    const offices = t.app.catalog.offeredOffices(campaign).slice(0, 2);
    const [first, second] = optional();
    const response = await downloadPack(t.app, campaign.slug, {
      name: 'Łukasz Nguyễn',
      address: '12 Example Street\nSpringfield, IL 62701',
      ownWords: 'My own paragraph about <script>alert(1)</script> and {{danger}}.',
      paragraphs: [first!.id],
      offices: offices.map((o) => o.id),
      paperSize: 'a4',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[a-z0-9-]+\.pdf"$/);
    expect(response.headers['content-disposition']).not.toContain('ukasz');

    const text = flatten(pdfText(response.rawPayload));
    expect(text).toContain('Łukasz Nguyễn');
    expect(text).toContain('<script>alert(1)</script> and {{danger}}.');
    expect(text).toContain(flatten(first!.text));
    expect(text).not.toContain(flatten(second!.text).slice(0, 60));
    // In the letter's order: the first required paragraph, the ticked optional one, the body's last paragraph, the
    // supporter's own words, then the closing paragraph ("Thank you for your consideration…") and the sign-off.
    const closing = campaign.letter.paragraphs.filter((p) => p.closing);
    expect(closing.map((p) => p.id)).toEqual(['thank-you']);
    const body = required().filter((p) => !p.closing);
    const inOrder = [body[0]!.text, first!.text, body.at(-1)!.text, 'My own paragraph', closing[0]!.text, campaign.letter.closing];
    const positions = inOrder.map((s) => text.indexOf(flatten(s).slice(0, 50)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const office of offices) expect(text).toContain(office.addressLines[1]!);
    const others = t.app.catalog.offeredOffices(campaign).slice(2);
    for (const office of others) expect(text).not.toContain(office.addressLines[1]!);
  });

  it('writes to every open office when all are ticked', async () => {
    const response = await downloadPack(t.app, campaign.slug, { name: 'Ada Example', offices: SEED_OFFICES });
    expect(response.statusCode).toBe(200);
    const text = pdfText(response.rawPayload);
    for (const office of t.app.catalog.offeredOffices(campaign).filter((o) => o.country === 'US')) expect(text).toContain(office.addressLines[1]!);
  });

  it.each(['letter', 'a4'])('keeps the posting tips and the report code together on the address page of the five-office pack, without research notes (%s)', async (paperSize) => {
    const response = await downloadPack(t.app, campaign.slug, { name: 'Ada Example', offices: SEED_OFFICES, paperSize });
    const pages = pdfText(response.rawPayload).split('\f').slice(0, -1).map(flatten);
    const list = pages.slice(pages.findIndex((p) => p.startsWith('Where to send your letters')));
    // Five one-page letters, then one address page: the last tip no longer spills onto a page of its own.
    expect(pages).toHaveLength(6);
    expect(list).toHaveLength(1);
    const tips = list.find((p) => p.includes('Before you post'))!;
    for (const tip of ['Sign each letter by hand', 'one envelope per office', 'international postage', 'Keep a copy']) expect(tips).toContain(tip);
    // The code for reporting later fits on the same page, after the tips.
    expect(list[0]).toMatch(/Keep a copy .* Posted them later\? Tell the campaign (?:[0-9A-Z]{4}-){6}[0-9A-Z]{4} Go to /);
    expect(list.join(' ')).not.toMatch(/confidence|Not confirmed by telephone/);
    expect(list.join(' ')).toContain('also reported: +1-212-502-0245, +1-212-564-9389.');
  });
});

describe.skipIf(needs.missing)('bad input', () => {
  it('comes back with the messages beside the fields and everything typed still there', async () => {
    const typed = {
      name: '',
      address: 'Flat 2 <b>\n10 Rue "Exemple"',
      ownWords: 'x'.repeat(campaign.letter.ownWordsMaxLength + 1),
      paragraphs: [optional()[1]!.id],
      paperSize: 'a4',
    };
    const response = await submit(typed);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    const html = response.body;
    expect(html).toContain('id="name-error"');
    expect(html).toContain('Enter your name');
    expect(html).toContain('id="own-words-error"');
    expect(html).toContain('id="offices-error"');
    expect(html).toMatch(/aria-describedby="name-hint name-error"/);
    // Kept, and escaped:
    expect(html).toContain('Flat 2 &lt;b&gt;\n10 Rue &quot;Exemple&quot;');
    expect(html).toContain('x'.repeat(campaign.letter.ownWordsMaxLength + 1));
    expect(html).toMatch(new RegExp(`value="${optional()[1]!.id}"[^>]*checked`));
    expect(html).toMatch(/id="paper-a4" checked/);
    // No office was ticked, and none is ticked again: the page shows what was sent.
    expect(html).not.toMatch(/name="offices" value="[a-z-]+"[^>]*checked/);
    expect(html).toContain('No office is ticked: tick at least one to get a letter.');
    // The unticked default paragraph stays unticked.
    const firstDefault = optional().find((p) => p.checkedByDefault && p.id !== optional()[1]!.id);
    if (firstDefault) expect(html).not.toMatch(new RegExp(`value="${firstDefault.id}"[^>]*checked`));
  });

  it('rejects a closed, unknown or repeated office', async () => {
    for (const offices of [['consulate-houston'], ['no-such-office'], [t.app.catalog.offeredOffices(campaign)[0]!.id, t.app.catalog.offeredOffices(campaign)[0]!.id]]) {
      const response = await submit({ name: 'A', offices });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('id="offices-error"');
    }
  });

  it('rejects an unknown paragraph, a wrong paper size, a too-long name or address line', async () => {
    const cases: [Record<string, string | string[]>, string][] = [
      [{ name: 'A', paragraphs: ['made-up'] }, 'paragraphs-error'],
      [{ name: 'A', paperSize: 'b5' }, 'paper-size-error'],
      [{ name: 'N'.repeat(101) }, 'name-error'],
      [{ name: 'A', address: 'a'.repeat(81) }, 'address-error'],
      [{ name: 'A', address: '1\n2\n3\n4\n5\n6\n7' }, 'address-error'],
    ];
    for (const [fields, errorId] of cases) {
      const response = await submit({ offices: SEED_OFFICES, ...fields });
      expect(response.statusCode, JSON.stringify(fields)).toBe(400);
      expect(response.body).toContain(`id="${errorId}"`);
    }
  });

  it('rejects control characters and removes bidirectional overrides', async () => {
    const rejected = await submit({ name: 'Evil\u0000Name', offices: SEED_OFFICES });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.body).toContain('control characters');

    const cleaned = await downloadPack(t.app, campaign.slug, { name: 'Anna \u202Egnirts\u202C Smith', offices: SEED_OFFICES });
    expect(cleaned.statusCode).toBe(200);
    expect(pdfText(cleaned.rawPayload)).toContain('Anna gnirts Smith');
  });

  it('says which characters the letter fonts cannot print, instead of printing a blank mark', async () => {
    const response = await submit({ name: 'Amal أمل', ownWords: 'Thank you 🙏', offices: SEED_OFFICES });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/id="name-error"[^<]*<span[^>]*>Error: <\/span>Your name has characters our letter fonts cannot print \(أ م ل\)/);
    expect(response.body).toContain('Your own words has characters our letter fonts cannot print (🙏)');
    expect(response.body).toContain('value="Amal أمل"');
  });
});

describe.skipIf(needs.missing)('your state', () => {
  it('ticks both California offices without JavaScript, keeping what was typed', async () => {
    // The name is still empty: picking a state must work on a half-filled form.
    const response = await submit({ name: '', ownWords: 'Keep me', country: 'US', region: 'US-CA', action: 'pick-region', offices: SEED_OFFICES });
    expect(response.statusCode).toBe(200);
    const ticked = [...response.body.matchAll(/<input type="checkbox" name="offices" value="([a-z-]+)"[^>]*checked/g)].map((m) => m[1]);
    const expected = t.app.catalog.officesForRegion(campaign, 'US-CA').map((o) => o.id);
    expect(expected).toHaveLength(2);
    // Only those: the others are unticked, and the page says how many letters that makes.
    expect(ticked.sort()).toEqual(expected.sort());
    expect(response.body).toContain('You will get 2 letters: one for each office ticked.');
    expect(response.body).toContain('Keep me');
    expect(response.body).not.toContain('id="name-error"');
  });
});

const escapeHtml = (text: string) => handlebars.Utils.escapeExpression(text);

describe('who runs the campaign', () => {
  const whoRuns = (html: string) => /<section class="who-runs"[\s\S]*?<\/section>/.exec(html)![0];

  it('is linked from the top and from the warning before the name, and says plainly when the organizer has not said', async () => {
    const html = (await t.app.inject({ method: 'GET', url: `/c/${campaign.slug}` })).body;
    expect(html).toMatch(/<p class="intro-links">.*<a href="#who-runs">Who runs this campaign<\/a>/);
    expect(html).toMatch(/id="sender-warning">[\s\S]*?<a href="#who-runs">Who runs this campaign<\/a><\/p>/);
    // The seed notice names no organizer for this site, and none is made up.
    expect(campaign.organizer).toBeUndefined();
    expect(whoRuns(html)).toContain('have not said who they are yet');
    expect(t.logs.join('')).toContain('this live campaign does not say who runs it');
  });

  it('shows the organizer the campaign file names, with ways to reach them, and stops warning', async () => {
    const content = await copyContent(REAL_CONTENT_DIR);
    const organizer = { name: 'Example Refugee Aid', about: 'A volunteer group writing letters since 2004.', website: 'https://refugee-aid.example.org', email: 'letters@refugee-aid.example.org' };
    await content.edit(`campaigns/${campaign.slug}/campaign.json`, (c: Campaign) => ({ ...c, organizer }));
    const app = await buildTestApp({ contentDir: content.dir });
    try {
      const section = whoRuns((await app.app.inject({ method: 'GET', url: `/c/${campaign.slug}` })).body);
      expect(section).toContain('<strong>Example Refugee Aid</strong>');
      expect(section).toContain(organizer.about);
      expect(section).toContain(`<a href="${organizer.website}" rel="noreferrer">`);
      expect(section).toContain(`<a href="mailto:${organizer.email}">`);
      expect(section).not.toContain('have not said');
      expect(app.logs.join('')).not.toContain('does not say who runs it');
    } finally {
      await app.close();
      await content.cleanup();
    }
  });
});
