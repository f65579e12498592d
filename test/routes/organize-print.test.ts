import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { readable as text, unescapeHtml } from '../support/next-steps.ts';
import { Browser, organizerHash } from '../support/organize.ts';
import { flatten, pdfText } from '../support/poppler.ts';
import { RUN_LETTERS_MAX, SHEET_BYTES_MAX } from '../../server/print-room/limits.ts';
import { readSignerSheet } from '../../server/print-room/signers.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

const SLUG = 'stop-forced-return';
const PRINT = `/organize/c/${SLUG}/print`;
let t: TestApp;
let organizer: Browser;

beforeAll(async () => {
  t = await buildTestApp({ organizer: { passwordHash: await organizerHash() } });
  organizer = new Browser(t.app);
  await organizer.signIn();
});
afterAll(async () => t?.close());

/** The print-room page's form fields for one form: its token and progress id. */
async function formOf(which: 'sheet' | 'event') {
  const page = (await organizer.get(PRINT)).body;
  // Every organizer form's action keeps the page's language (?lang=…).
  const form = page.slice(page.indexOf(`action="${PRINT}/${which}?`));
  return { _csrf: Browser.csrfOf(page), job: /name="job" value="([^"]+)"/.exec(form)![1]! };
}

const twoOffices = { offices: ['embassy-washington', 'consulate-chicago'], paperSize: 'letter', addressLabels: 'stack' };

/** Waits for a print run to be finished and counted, then returns the campaign's counts. */
async function countsAfter(job: string) {
  // A run is counted the moment its state leaves 'running'; a job never started is 404 and has nothing to wait for.
  const stateOf = async () => {
    const answer = await organizer.get(`/organize/print-jobs/${job}`, { accept: 'application/json' });
    return answer.statusCode === 404 ? 'not started' : JSON.parse(answer.body).state;
  };
  await expect.poll(stateOf, { timeout: 10_000, interval: 20 }).not.toBe('running');
  return JSON.parse((await organizer.get(`/organize/c/${SLUG}/counts.json`, { accept: 'application/json' })).body).totals;
}

/** Page texts of a PDF, in order. */
const pagesOf = (pdf: Buffer) => pdfText(pdf).split('\f').slice(0, -1).map(flatten);


describe('print room: uploads it cannot take', () => {
  it('refuses pasted rows over 8 MB whole, with a message, instead of printing them cut short', async () => {
    const { _csrf, job } = await formOf('sheet');
    const before = await countsAfter(job);
    // Valid rows, 5,000 signers with long own words: 8.5 MB, which the parser used to cut at 8,388,608 bytes, printing
    // the last signer's words cut short.
    const words = 'I write because my neighbour’s family was sent back. '.repeat(32);
    const rows = ['name,own words', ...Array.from({ length: 5000 }, (_, i) => `Signer ${i + 1},${words}`)].join('\n');
    expect(Buffer.byteLength(rows)).toBeGreaterThan(SHEET_BYTES_MAX);
    const answer = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, rows, ...twoOffices });
    expect(answer.statusCode).toBe(413);
    expect(answer.headers['content-type']).toMatch(/text\/html/);
    expect(text(answer.body)).toContain('The sheet is larger than 8 MB, the most one print run reads, so nothing was printed and nothing was cut.');
    expect(answer.body.length).toBeLessThan(1_000_000);
    expect(await countsAfter(job)).toEqual(before);
  });

  it('answers a file over 8 MB with the print room and the same message', async () => {
    const { _csrf, job } = await formOf('sheet');
    const answer = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, ...twoOffices }, { field: 'sheet', filename: 'big.csv', content: Buffer.alloc(SHEET_BYTES_MAX + 10, 'a') });
    expect(answer.statusCode).toBe(413);
    expect(text(answer.body)).toContain('The sheet is larger than 8 MB');
  });

  it('answers a malformed or compressed multipart body with 400 and a message, not a 500', async () => {
    const { _csrf } = await formOf('sheet');
    const boundary = '----appeal-broken';
    const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${_csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="rows"\r\n\r\nname\nCut Off`;
    const { gzipSync } = await import('node:zlib');
    const whole = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${_csrf}\r\n--${boundary}--\r\n`;
    for (const [what, payload, extra] of [
      ['cut off mid-part', Buffer.from(truncated), {}],
      ['gzip-encoded', gzipSync(whole), { 'content-encoding': 'gzip' }],
      ['not multipart at all', Buffer.from('\u0000\u0001garbage'), {}],
    ] as const) {
      const answer = await t.app.inject({
        method: 'POST',
        url: `${PRINT}/sheet`,
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html', 'sec-fetch-site': 'same-origin', cookie: organizer.cookieHeader, ...extra },
      });
      expect(answer.statusCode, what).toBeGreaterThanOrEqual(400);
      expect(answer.statusCode, what).toBeLessThan(500);
      expect(answer.headers['content-type'], what).toMatch(/text\/html/);
    }
  });
});

describe.skipIf(needs.missing)('print room: a sign-up sheet', () => {
  it('turns pasted rows into one PDF, letters collated by office, then labels and a summary, and counts them as printed', async () => {
    const { _csrf, job } = await formOf('sheet');
    const before = await countsAfter(job);
    const rows = 'name,address,own words,paragraphs\nHan Mi-rae,"4 Vigil Row / Springfield",,none\n"Okafor, Ada",,"I stood outside the embassy in March.",let-unhcr-help\n';
    const answer = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, rows, ...twoOffices });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/pdf');
    expect(answer.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${SLUG}-sign-up-sheet-\\d{4}-\\d{2}-\\d{2}\\.pdf"$`));
    expect(answer.headers['cache-control']).toBe('no-store');

    const pages = pagesOf(answer.rawPayload);
    const letters = pages.filter((p) => p.includes('Dear Mr. President'));
    expect(letters.map((p) => [p.includes('Washington, DC 20008') ? 'Washington' : 'Chicago', p.includes('Han Mi-rae') ? 'Han' : 'Okafor'])).toEqual([
      ['Washington', 'Han'],
      ['Washington', 'Okafor'],
      ['Chicago', 'Han'],
      ['Chicago', 'Okafor'],
    ]);
    expect(letters[1]).toContain('I stood outside the embassy in March.');
    expect(pages.at(-1)).toMatch(/Total 4/);

    const after = await countsAfter(job);
    expect(after.letters - before.letters).toBe(4);
    expect(after.packs - before.packs).toBe(2);
    expect(after.printed.sheet - before.printed.sheet).toBe(4);
    expect((after.paragraphs['let-unhcr-help'] ?? 0) - (before.paragraphs['let-unhcr-help'] ?? 0)).toBe(1);
    expect(after.ownWords - before.ownWords).toBe(1);
    expect(after.offices['consulate-chicago'] - (before.offices['consulate-chicago'] ?? 0)).toBe(2);
  });

  it('reads an uploaded CSV file as a spreadsheet saves it: byte-order mark, CRLF, quoted commas and line breaks', async () => {
    const { _csrf, job } = await formOf('sheet');
    const csv = '\uFEFFName,Return address\r\n"Park, Jun","1 First St\r\nSpringfield"\r\n';
    const answer = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, ...twoOffices, offices: 'consulate-chicago' }, { field: 'sheet', filename: 'sheet.csv', content: csv });
    expect(answer.statusCode).toBe(200);
    const letter = pagesOf(answer.rawPayload)[0]!;
    expect(letter).toMatch(/^Park, Jun 1 First St Springfield /);
    // Counted once the run is over: the next test compares counts before and after.
    expect((await countsAfter(job)).printed.sheet).toBeGreaterThan(0);
  });

  it('reports every problem row by number before printing anything, and keeps what was sent in the form', async () => {
    const { _csrf, job } = await formOf('sheet');
    const before = await countsAfter(job);
    const csv = 'name,paragraphs\nGood Row,\n,\nAnother,no-such-paragraph\n';
    const answer = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, ...twoOffices, paperSize: 'a4', addressLabels: 'letter' }, { field: 'sheet', filename: 'sheet.csv', content: csv });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    const page = text(answer.body);
    expect(page).toContain('Nothing was printed: the sheet has problems');
    expect(page).toMatch(/Row 4, paragraphs: .*no-such-paragraph/);
    // The file's text is now in the box, to correct and send again; the choices stay as they were.
    expect(unescapeHtml(answer.body)).toContain('<textarea id="sheet-rows" name="rows" rows="8" class="sheet-text" spellcheck="false" aria-describedby="sheet-rows-hint">name,paragraphs\nGood Row,');
    expect(answer.body).toMatch(/id="sheet-paper-a4" checked/);
    expect(answer.body).toMatch(/id="sheet-labels-letter" checked/);
    expect(answer.body).not.toMatch(/id="sheet-office-consulate-new-york" checked/);
    expect((await countsAfter(job)).letters).toBe(before.letters);
  });

  it('an empty sheet, a file that is not UTF-8, and a missing office each get a message', async () => {
    const { _csrf, job } = await formOf('sheet');
    const empty = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, rows: '', ...twoOffices });
    expect(empty.statusCode).toBe(400);
    expect(text(empty.body)).toMatch(/Row 1: .*empty/i);

    const latin1 = Buffer.from('name\nJos\xe9 Mart\xednez\n', 'latin1');
    const notUtf8 = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, ...twoOffices }, { field: 'sheet', filename: 'sheet.csv', content: latin1 });
    expect(notUtf8.statusCode).toBe(400);
    expect(text(notUtf8.body)).toContain('The file is not UTF-8 text');

    const noOffice = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, rows: 'name\nA Signer\n', paperSize: 'letter', addressLabels: 'stack' });
    expect(noOffice.statusCode).toBe(400);
    expect(text(noOffice.body)).toContain('Tick at least one office.');
    expect(noOffice.body).toContain('A Signer');
  });

  it(`refuses a run of more than ${RUN_LETTERS_MAX} letters, saying how many it would be`, async () => {
    const { _csrf, job } = await formOf('sheet');
    const rows = ['name', ...Array.from({ length: 10_000 }, (_, i) => `Signer ${i + 1}`)].join('\n');
    const answer = await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, rows, ...twoOffices });
    expect(answer.statusCode).toBe(400);
    expect(text(answer.body)).toContain(`That is 20000 letters (10000 signers × 2 offices); one PDF holds at most ${RUN_LETTERS_MAX}.`);
  });

  it('offers a sheet with the right headings whose example rows read without a problem', async () => {
    const sheet = await organizer.get(`${PRINT}/sign-up-sheet.csv`);
    expect(sheet.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(sheet.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-sign-up-sheet.csv"`);
    const result = await readSignerSheet(sheet.body, t.app.catalog.getCampaign(SLUG)!);
    expect(result.ok && result.sheet.signers.map((s) => s.name)).toEqual(['Example Signer', 'Another Example']);
  });

  it('refuses an upload without the page’s form token', async () => {
    const answer = await organizer.postMultipart(`${PRINT}/sheet`, { rows: 'name\nA Signer\n', ...twoOffices });
    expect(answer.statusCode).toBe(403);
  });

  it('needs a signed-in organizer', async () => {
    const stranger = new Browser(t.app);
    expect((await stranger.get(PRINT)).statusCode).toBe(303);
    const { _csrf, job } = await formOf('sheet');
    const answer = await stranger.postMultipart(`${PRINT}/sheet`, { _csrf, job, rows: 'name\nA Signer\n', ...twoOffices });
    expect(answer.statusCode).toBe(401);
  });
});

describe.skipIf(needs.missing)('print room: progress', () => {
  it('reports a run’s letters done out of its total, and nothing about an unknown run', async () => {
    const { _csrf, job } = await formOf('sheet');
    await organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, rows: 'name\nA\nB\nC\n', ...twoOffices });
    await countsAfter(job);
    const state = await organizer.get(`/organize/print-jobs/${job}`, { accept: 'application/json' });
    expect(JSON.parse(state.body)).toEqual({ state: 'done', done: 6, total: 6 });
    expect((await organizer.get('/organize/print-jobs/AAAAAAAAAAAAAAAAAAAAAA', { accept: 'application/json' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/organize/print-jobs/${job}` })).statusCode).toBe(401);
  });
});

describe.skipIf(needs.missing)('print room: one run at a time', () => {
  it('asks a second run to wait while one is being made, keeping what was entered', async () => {
    // A run that nobody reads yet cannot end, so the room is busy for as long as the test needs: its PDF is far larger
    // than the stream's buffers (one signer's letter fitted in them, and the run could end before the second request).
    const { app } = t;
    const campaign = app.catalog.getCampaign(SLUG)!;
    const offices = app.catalog.offeredOffices(campaign).slice(0, 1);
    const early = Array.from({ length: 300 }, (_, i) => ({ name: `Early Signer ${i + 1}`, address: '', ownWords: '', paragraphIds: [] }));
    const running = app.printRoom.printSheet(campaign, early, {
      offices,
      paperSize: 'letter',
      addressLabels: 'none',
    });
    const second = await formOf('event');
    const refused = await organizer.post(`${PRINT}/event`, { ...second, perOffice: '17', ...twoOffices });
    expect(refused.statusCode).toBe(503);
    expect(text(refused.body)).toContain('Another print run is being made right now.');
    expect(refused.body).toContain('value="17"');

    running.stream.resume();
    await running.result;
    expect(app.printRoom.busy()).toBe(false);
  });
});

describe.skipIf(needs.missing)('print room: event letters', () => {
  it('prints blank letters per office without any name, counted as printed but not as letters', async () => {
    const { _csrf, job } = await formOf('event');
    const before = await countsAfter(job);
    const answer = await organizer.post(`${PRINT}/event`, { _csrf, job, perOffice: '3', paragraphs: 'chance-for-reform', ...twoOffices });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-disposition']).toMatch(/event-letters/);
    const letters = pagesOf(answer.rawPayload).filter((p) => p.includes('Dear Mr. President'));
    expect(letters).toHaveLength(6);
    expect(letters.every((p) => p.includes('encourage') || p.includes('reform'))).toBe(true);
    const after = await countsAfter(job);
    expect(after.printed.blank - before.printed.blank).toBe(6);
    expect(after.letters).toBe(before.letters);
  });

  it('a wrong number comes back with the message and the choices kept', async () => {
    const { _csrf, job } = await formOf('event');
    const answer = await organizer.post(`${PRINT}/event`, { _csrf, job, perOffice: '5000', ...twoOffices, paperSize: 'a4' });
    expect(answer.statusCode).toBe(400);
    expect(text(answer.body)).toContain('Enter a number of letters from 1 to 500.');
    expect(answer.body).toContain('value="5000"');
    expect(answer.body).toMatch(/id="event-paper-a4" checked/);
  });

  it('does not count a test print, and keeps the choice when the sheet comes back with a problem', async () => {
    const rows = 'name\nTest Signer One\nTest Signer Two\n';
    const first = await formOf('sheet');
    const before = await countsAfter(first.job);
    const answer = await organizer.postMultipart(`${PRINT}/sheet`, { ...first, rows, ...twoOffices, testPrint: 'yes' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-disposition']).toMatch(/-test-print-/);
    expect(pagesOf(answer.rawPayload).filter((p) => p.includes('Test Signer One'))).toHaveLength(2);
    const after = await countsAfter(first.job);
    expect(after.letters).toBe(before.letters);
    expect(after.printed.sheet).toBe(before.printed.sheet);

    const again = await organizer.postMultipart(`${PRINT}/sheet`, { ...(await formOf('sheet')), rows: 'name\n\u0007\n', ...twoOffices, testPrint: 'yes' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toMatch(/id="sheet-test-print"[^>]*checked/);
  });

  it('ties each message to its own field: one id per message, each group described by its message', async () => {
    const { _csrf, job } = await formOf('event');
    const answer = await organizer.post(`${PRINT}/event`, { _csrf, job, perOffice: 'many', addressLabels: 'sideways' });
    expect(answer.statusCode).toBe(400);
    const ids = [...answer.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const [field, message] of [
      ['event-offices', 'Tick at least one office.'],
      ['event-paper', 'Choose US Letter or A4.'],
      ['event-labels', 'Choose which address labels to print.'],
    ]) {
      expect(answer.body).toContain(`id="${field}" aria-describedby="${field}-error"`);
      expect(text(answer.body.slice(answer.body.indexOf(`id="${field}-error"`)))).toContain(message!);
    }
    expect(answer.body).toMatch(/id="event-per-office"[^>]*aria-invalid="true" aria-describedby="event-per-office-error"/);
  });

  it('counts the letters reported posted, once however often the form is sent', async () => {
    const page = (await organizer.get(PRINT)).body;
    const token = /name="token" value="([^"]+)"/.exec(page)![1]!;
    const before = await countsAfter('AAAAAAAAAAAAAAAAAAAAAA');
    const fields = { _csrf: Browser.csrfOf(page), token, 'posted-embassy-washington': '7', 'posted-consulate-chicago': '5', paragraphs: 'chance-for-reform', paperSize: 'letter' };
    const first = await organizer.post(`${PRINT}/posted`, fields);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${PRINT}?posted=12`);
    expect(text((await organizer.get(first.headers.location as string)).body)).toContain('Counted 12 event letters as posted.');
    await organizer.post(`${PRINT}/posted`, fields);

    const after = await countsAfter('AAAAAAAAAAAAAAAAAAAAAA');
    expect(after.letters - before.letters).toBe(12);
    expect(after.printed.event - before.printed.event).toBe(12);
    expect(after.channels.posted.offices['embassy-washington'] - (before.channels.posted.offices['embassy-washington'] ?? 0)).toBe(7);
    expect(after.packs - before.packs).toBe(7);
    expect(after.paragraphs['chance-for-reform'] - (before.paragraphs['chance-for-reform'] ?? 0)).toBe(7);
  });

  it('keeps the language the URL names: the forms, the answer to one, and the redirect after counting', async () => {
    const page = (await organizer.get(`${PRINT}?lang=ja`)).body;
    for (const form of ['sheet', 'event', 'posted']) expect(page).toContain(`action="${PRINT}/${form}?lang&#x3D;ja"`);
    const fields = { _csrf: Browser.csrfOf(page), token: /name="token" value="([^"]+)"/.exec(page)![1]!, 'posted-consulate-chicago': '1' };
    const counted = await organizer.post(`${PRINT}/posted?lang=ja`, fields);
    expect(counted.headers.location).toBe(`${PRINT}?posted=1&lang=ja`);
    const refused = await organizer.post(`${PRINT}/posted?lang=ja`, { ...fields, 'posted-consulate-chicago': 'x' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<html lang="ja"');
    // Its language switcher leads to the print room, not to the address the form was sent to.
    expect(unescapeHtml(refused.body)).toContain(`href="${PRINT}?lang=ko"`);
  });

  it('asks again when no number is given or one is not a number, keeping what was typed', async () => {
    const page = (await organizer.get(PRINT)).body;
    const base = { _csrf: Browser.csrfOf(page), token: /name="token" value="([^"]+)"/.exec(page)![1]! };
    const none = await organizer.post(`${PRINT}/posted`, base);
    expect(none.statusCode).toBe(400);
    expect(text(none.body)).toContain('Enter how many letters were posted to at least one office.');
    const bad = await organizer.post(`${PRINT}/posted`, { ...base, 'posted-consulate-chicago': 'twelve' });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('Enter a whole number from 0 to 100000, or leave it empty.');
    expect(bad.body).toContain('value="twelve"');
  });
});

describe('print room: a large sheet and the supporters meanwhile', () => {
  it('answers supporters while it reads a 10,000-row sheet, not after', async () => {
    const { _csrf, job } = await formOf('sheet');
    // 10,000 signers with long own words (about 7 MB), the last one without a name: read to the end, then refused.
    const words = 'I write because my neighbour’s family was sent back. '.repeat(12);
    const rows = ['name,address,own words', ...Array.from({ length: 9_999 }, (_, i) => `Signer ${i + 1},"${i} Main St / Springfield",${words}`), `,nameless,${words}`];
    const logged = t.logs.length;
    let uploadAnswered = false;
    const upload = organizer.postMultipart(`${PRINT}/sheet`, { _csrf, job, rows: rows.join('\n'), ...twoOffices }).finally(() => {
      uploadAnswered = true;
    });
    let supporterPages = 0;
    // One page after another, each arriving on a later turn of the event loop, as requests from the network do.
    while (!uploadAnswered && supporterPages < 5_000) {
      await new Promise((resolve) => setImmediate(resolve));
      expect((await t.app.inject({ url: `/c/${SLUG}` })).statusCode).toBe(200);
      supporterPages++;
    }
    const answer = await upload;
    expect(answer.statusCode).toBe(400);
    expect(text(answer.body)).toContain('Row 10001');
    // Between the print room's two lines, the campaign page was answered again and again: the sheet did not hold the
    // server. (Read in one piece, as before, no request could be answered in between.)
    const lines = t.logs.slice(logged).map((line) => JSON.parse(line) as { msg: string; req?: { url?: string } });
    const started = lines.findIndex((line) => line.msg === 'reading a sign-up sheet');
    const read = lines.findIndex((line) => line.msg === 'sign-up sheet read');
    expect(started).toBeGreaterThan(-1);
    const pagesMeanwhile = lines.slice(started, read).filter((line) => line.msg === 'incoming request' && line.req?.url === `/c/${SLUG}`);
    expect(pagesMeanwhile.length).toBeGreaterThanOrEqual(20);
  });
});
