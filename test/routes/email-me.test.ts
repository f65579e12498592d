import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readCampaignCounts } from '../../server/counts/read.ts';
import { buildTestApp, type TestApp, SEED_OFFICES } from '../support/app.ts';
import { carriedFields, composeLetters, pressButton } from '../support/next-steps.ts';
import { pdfText } from '../support/poppler.ts';
import { closedPort, multipartParts, splitPart, startSmtpPeer, startTcpPeer, type SmtpPeer, type TcpPeer } from '../support/smtp-peer.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

const FROM = 'Appeal Letters <letters@appeal.example>';
const SLUG = 'stop-forced-return';
const supporter = { name: 'Ada Example', offices: SEED_OFFICES, ownWords: 'Sent by email.' };
const planted = () => `planted-${randomUUID()}@example.org`;

let smtp: SmtpPeer;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpPeer();
  t = await buildTestApp({ mail: { smtpUrl: smtp.url, from: FROM, timeoutMs: 1000 } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const send = (app: TestApp, page: ReturnType<typeof carriedFields>, email: string, headers: Record<string, string> = {}) =>
  pressButton(app.app, `/c/${SLUG}/letters/email`, page, { email }, headers);

async function emailCounts(app: TestApp) {
  await app.app.counter.flush();
  return (await readCampaignCounts(app.app.db, SLUG)).totals.emails;
}

describe.skipIf(needs.missing)('"Email me my letter"', () => {
  it('sends the PDF once to the supporter\'s address, from us, with our subject, and keeps nothing', async () => {
    const address = planted();
    const { response, page } = await composeLetters(t.app, SLUG, supporter);
    expect(response.body).toContain('Email me my letters');
    const before = smtp.messages.length;

    const sent = await send(t, page, `  ${address} `);
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Sent. Your letters are on their way');
    expect(smtp.messages.length - before).toBe(1);
    const message = smtp.messages.at(-1)!;
    expect(message.rcptTo).toEqual([address]);
    const mail = splitPart(message.raw);
    expect(mail.headers.get('from')).toBe(FROM);
    expect(decodeWords(mail.headers.get('subject')!)).toBe(`Your letters: ${t.app.catalog.getCampaign(SLUG)!.title}`);
    const pdfPart = multipartParts(mail).find((part) => part.headers.get('content-type')?.startsWith('application/pdf'))!;
    expect(pdfPart.headers.get('content-disposition')).toMatch(/attachment; filename=stop-forced-return-\d{4}-\d{2}-\d{2}\.pdf/);
    const pdf = Buffer.from(pdfPart.body.replace(/\s+/g, ''), 'base64');
    expect(pdfText(pdf)).toContain('Sent by email.');

    // Once per page: a second press does not send again.
    const again = await send(t, carriedFields(sent.body), address, { accept: 'application/json' });
    expect(again.json()).toMatchObject({ outcome: 'already-sent' });
    expect(smtp.messages.length - before).toBe(1);

    expect(t.logs.join('\n')).not.toContain(address);
  });

  it('counts emails sent and failed, without the addresses', async () => {
    const before = await emailCounts(t);
    const { page } = await composeLetters(t.app, SLUG, supporter);
    await send(t, page, planted());
    expect((await emailCounts(t)).sent - before.sent).toBe(1);
  });

  it('rejects an address with a line break or a space, with the message beside the field and the page kept', async () => {
    const { page } = await composeLetters(t.app, SLUG, supporter);
    const before = smtp.connections;
    for (const bad of ['me@example.org\r\nBcc: others@example.org', 'me @example.org', 'a@example.org, b@example.org', '']) {
      const response = await send(t, page, bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.body).toContain('id="email-error"');
      expect(response.body).toMatch(/id="email"[^>]*aria-invalid="true"/);
      // Everything else is still there: the letter and the download buttons.
      expect(carriedFields(response.body).letter).toBe(page.letter);
      expect(response.body).toContain('Download letters (PDF)');
    }
    const typed = await send(t, page, 'me @example.org');
    expect(typed.body).toContain('value="me @example.org"');
    const json = await send(t, page, 'me@example.org\nBcc: x@example.org', { accept: 'application/json' });
    expect(json.json()).toMatchObject({ outcome: 'invalid', message: expect.stringMatching(/line break/) });
    expect(smtp.connections).toBe(before);
  });
});

describe.skipIf(needs.missing)('when the mail server fails', () => {
  let app: TestApp | undefined;
  let peer: TcpPeer | undefined;
  afterEach(async () => {
    await app?.close();
    await peer?.close();
    app = peer = undefined;
  });

  it('refusing the connection: the supporter is told at once and keeps the PDF', async () => {
    app = await buildTestApp({ mail: { smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from: FROM, timeoutMs: 1000 } });
    const { page } = await composeLetters(app.app, SLUG, supporter);
    const address = planted();
    const response = await send(app, page, address);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('We could not email your letters: the mail server could not be reached');
    expect(response.body).toContain('Download letters (PDF)');
    expect(response.body).toContain(`value="${address}"`);
    expect((await emailCounts(app)).failed).toBe(1);
    // Not sent, so it may be tried again from the same page.
    expect((await send(app, page, address, { accept: 'application/json' })).json()).toMatchObject({ outcome: 'not-sent' });
    expect(app.logs.join('\n')).not.toContain(address);
    expect(app.logs.join('\n')).toContain('letter email not sent');
  });

  it('hanging: the answer comes within seconds, not minutes', async () => {
    peer = await startTcpPeer(() => {}); // accepts, never greets
    app = await buildTestApp({ mail: { smtpUrl: peer.url, from: FROM, timeoutMs: 1000 } });
    const { page } = await composeLetters(app.app, SLUG, supporter);
    const started = Date.now();
    const response = await send(app, page, planted(), { accept: 'application/json' });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(response.json()).toMatchObject({ outcome: 'not-sent', message: expect.stringContaining('did not answer in time') });
  });
});

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=), as a mail app shows them. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}
