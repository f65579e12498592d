/**
 * "I posted it" days later: the address page of the letters carries a link and a code that count a tally once,
 * together with the next-steps page's own buttons, with nothing stored about the supporter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCampaignCounts } from '../../server/counts/read.ts';
import { formatLetterDate } from '../../server/pdf/index.ts';
import { buildTestApp, formBody, FORM_HEADERS, type TestApp } from '../support/app.ts';
import { composeLetters, pressButton } from '../support/next-steps.ts';
import { flat, PdfFiles, pagesText } from '../support/poppler.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');
const SECRET = 'report-later test secret, thirty-two characters or more';
const slug = 'stop-forced-return';
const DAY = 24 * 60 * 60 * 1000;
const files = new PdfFiles();

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ pageTokenSecret: SECRET });
});
afterAll(async () => {
  await t?.close();
  files.cleanup();
});

const supporter = { name: 'Ada Laterpost', address: '12 Example Street\nSpringfield, OR 97477', offices: ['embassy-washington', 'consulate-chicago'] };

async function postedTotals(app = t.app) {
  await app.counter.flush();
  return (await readCampaignCounts(app.db, slug)).totals.channels.posted;
}

/** Makes letters, downloads the PDF and reads the link and code off its pages, as a supporter would. */
async function lettersWithCode(app = t.app) {
  const { page } = await composeLetters(app, slug, supporter);
  const pdf = await pressButton(app, `/c/${slug}/letters/pdf`, page, { kind: 'letter' });
  expect(pdf.statusCode).toBe(200);
  const pages = pagesText(files.write(pdf.rawPayload)).map(flat);
  const last = pages.at(-1)!;
  const code = /Tell the campaign ([0-9A-Z]{4}(?:-[0-9A-Z]{4})+)/.exec(last)?.[1];
  const entry = /Go to (http:\/\/\S+) and enter this code/.exec(last)?.[1];
  expect(code).toBeDefined();
  expect(entry).toBeDefined();
  const link = `${entry}/${code}`;
  // Read on a screen, the heading opens the report page with the code filled in.
  expect(pdf.rawPayload.toString('latin1')).toContain(`/URI (${link})`);
  return { page, pages, entry: entry!, link, code: code!, path: new URL(link).pathname };
}

const press = (path: string, tally: string, counted = '') =>
  t.app.inject({ method: 'POST', url: path, headers: FORM_HEADERS, payload: formBody({ tally, counted }) });

describe.skipIf(needs.missing)('reporting later with the address page’s code', () => {
  it('prints a link and a code on the address page only, never on a letter', async () => {
    const { pages, entry, code } = await lettersWithCode();
    expect(pages).toHaveLength(3);
    expect(entry).toMatch(new RegExp(`^http://localhost(:80)?/c/${slug}/report$`));
    const until = new Date((Math.floor(Date.now() / DAY) + 30) * DAY);
    expect(pages[2]).toContain(`enter this code by ${formatLetterDate(until, 'en-US')}, so your letters are counted`);
    for (const letter of pages.slice(0, 2)) {
      expect(letter).not.toContain(code);
      expect(letter).not.toContain('/report');
    }
  });

  it('leaves the code out of the fax pack and the envelopes, which go to the embassy', async () => {
    const { page } = await composeLetters(t.app, slug, supporter);
    for (const kind of ['fax', 'envelope']) {
      const pdf = await pressButton(t.app, `/c/${slug}/letters/pdf`, page, { kind });
      expect(flat(pagesText(files.write(pdf.rawPayload)).join(' '))).not.toContain('/report');
    }
  });

  it('opens a page with the letter’s offices and their buttons; "I posted it" counts once, with the page’s own button too', async () => {
    const { page, path } = await lettersWithCode();
    const before = await postedTotals();

    const opened = await t.app.inject({ method: 'GET', url: path });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(opened.headers['set-cookie']).toBeUndefined();
    expect(opened.body).toContain('id="office-embassy-washington"');
    expect(opened.body).toContain('id="office-consulate-chicago"');
    expect(opened.body).not.toContain('id="office-consulate-new-york"');
    expect(opened.body).not.toContain('Laterpost');

    const first = await press(path, 'posted:consulate-chicago');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Thank you: your letter to the');
    expect(first.body).toMatch(/value="posted:consulate-chicago"[^>]*class="tally done"[^>]*disabled/);
    const again = await press(path, 'posted:consulate-chicago', 'posted:consulate-chicago');
    expect(again.body).toContain('Already counted');
    // The page it was made on counts it once with the code, either way round.
    const onPage = await pressButton(t.app, `/c/${slug}/letters/tally`, page, { tally: 'posted:consulate-chicago' }, { accept: 'application/json' });
    expect(onPage.json()).toMatchObject({ outcome: 'already-counted' });
    await pressButton(t.app, `/c/${slug}/letters/tally`, page, { tally: 'posted:embassy-washington' });
    expect((await press(path, 'posted:embassy-washington')).body).toContain('Already counted');

    const after = await postedTotals();
    expect(after.total - before.total).toBe(2);
    expect((after.offices['consulate-chicago'] ?? 0) - (before.offices['consulate-chicago'] ?? 0)).toBe(1);
  });

  it('refuses a tally for an office the letter was not written to, or a channel the office does not have', async () => {
    const { path } = await lettersWithCode();
    const before = await postedTotals();
    for (const tally of ['posted:consulate-new-york', 'posted:consulate-houston', 'emailed:embassy-washington', 'nonsense', '']) {
      expect((await press(path, tally)).statusCode, tally).toBe(400);
    }
    expect((await postedTotals()).total).toBe(before.total);
  });

  it('takes a typed code in any case and with spaces, and answers a wrong one beside the box, with what was typed kept', async () => {
    const { code, path } = await lettersWithCode();
    const entry = await t.app.inject({ method: 'GET', url: `/c/${slug}/report` });
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toContain('<label for="code">');
    const typed = await t.app.inject({ method: 'GET', url: `/c/${slug}/report?code=${encodeURIComponent(code.toLowerCase().replaceAll('-', ' '))}` });
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(path);

    const wrong = code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const mistyped = await t.app.inject({ method: 'GET', url: `/c/${slug}/report?code=${wrong}` });
    expect(mistyped.statusCode).toBe(400);
    expect(mistyped.body).toContain('<title>Error: Report your letters');
    expect(mistyped.body).toContain('id="code-error"');
    expect(mistyped.body).toContain(`value="${wrong}"`);
    expect(mistyped.body).toMatch(/<input[^>]*id="code"[^>]*aria-invalid="true"/s);
    const opened = await t.app.inject({ method: 'GET', url: `/c/${slug}/report/${wrong}` });
    expect(opened.statusCode).toBe(400);
    expect((await press(`/c/${slug}/report/${wrong}`, 'posted:consulate-chicago')).statusCode).toBe(400);
  });

  it('keeps the language its URL names: the typed code leads to the same page in it, and its buttons stay in it', async () => {
    const { code, path } = await lettersWithCode();
    const typed = await t.app.inject({ method: 'GET', url: `/ko/c/${slug}/report?code=${encodeURIComponent(code.toLowerCase())}` });
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/ko${path}`);
    const opened = await t.app.inject({ method: 'GET', url: `/ko${path}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toMatch(/<html lang="ko"/);
    expect(opened.body).toContain(`action="/ko${path}#status"`);
    expect(opened.body).toContain(`href="/ko/c/${slug}"`);
    expect(opened.body).toContain(t.app.messages.forLanguage('ko')('next-steps.report.code', { code, count: 2 }));
    expect(opened.body).not.toMatch(/next-steps\.[a-z]/i);
    // The campaign is named in the page's language.
    expect(opened.body).toContain(t.app.catalog.campaignIn(t.app.catalog.getCampaign(slug)!, 'ko')!.campaign.title);
  });

  it('counts for thirty days, on any instance with the same secret, and not after', async () => {
    const { path } = await lettersWithCode();
    for (const [days, status] of [[29, 200], [31, 400]] as const) {
      const later = await buildTestApp({ pageTokenSecret: SECRET }, { now: () => new Date(Date.now() + days * DAY) });
      try {
        expect((await later.app.inject({ method: 'GET', url: path })).statusCode, `${days} days later`).toBe(status);
      } finally {
        await later.close();
      }
    }
  });
});
