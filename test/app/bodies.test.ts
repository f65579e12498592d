import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { parseFormBody } from '../../server/shared/form-body.ts';
import { buildTestApp, FORM_HEADERS, formBody, SEED_OFFICES, type TestApp } from '../support/app.ts';
import { readCampaignCounts } from '../../server/counts/read.ts';

/** What the form endpoints accept: a web form in UTF-8, nothing else, and never a letter with replacement marks. */
let t: TestApp;
let campaign: Campaign;
let url: string;

beforeAll(async () => {
  t = await buildTestApp();
  campaign = t.app.catalog.listCampaigns()[0]!;
  url = `/c/${campaign.slug}/letters`;
});
afterAll(async () => t?.close());

const send = (payload: string | Buffer, contentType = 'application/x-www-form-urlencoded') =>
  t.app.inject({ method: 'POST', url, headers: { ...FORM_HEADERS, 'content-type': contentType }, payload });
const letter = { name: 'Hana Example', address: '1 Example Road', offices: SEED_OFFICES.slice(0, 1) };

describe('a form body that is not UTF-8 text', () => {
  it('is refused with 400 naming the field, whether the bytes are raw or percent-encoded, and nothing is counted', async () => {
    await t.app.counter.flush();
    const before = (await readCampaignCounts(t.app.db, campaign.slug)).totals;
    const raw = Buffer.concat([Buffer.from(`${formBody(letter)}&ownWords=`), Buffer.from([0xc3, 0x28, 0xff])]);
    for (const payload of [raw, `${formBody(letter)}&ownWords=%FF%FE`, `${formBody({ ...letter, name: 'x' })}`.replace('name=x', 'name=%C0%AF')]) {
      const response = await send(payload);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toMatch(/“(ownWords|name)” holds something that is not text/);
      expect(response.body).not.toContain('\uFFFD');
    }
    await t.app.counter.flush();
    expect((await readCampaignCounts(t.app.db, campaign.slug)).totals).toEqual(before);
  });

  it('is parsed as browsers encode it otherwise: + and %20 are spaces, repeated names give a list, a lone % stays', () => {
    const fields = parseFormBody(Buffer.from('name=Ana+Mar%C3%ADa&offices=a&offices=b&words=100%&empty=&flag&&=x'));
    expect({ ...fields }).toEqual({ name: 'Ana María', offices: ['a', 'b'], words: '100%', empty: '', flag: '', '': 'x' });
    const fromBrowser = new URLSearchParams({ ownWords: '김혜숙 — “quoted” & 100 % sure\nnew line' }).toString();
    expect(parseFormBody(Buffer.from(fromBrowser)).ownWords).toBe('김혜숙 — “quoted” & 100 % sure\nnew line');
    expect(Object.getPrototypeOf(parseFormBody(Buffer.from('__proto__=x')))).toBeNull();
  });
});

describe('a body that is not a web form', () => {
  it('JSON or plain text gets 415 with a message, and counts nothing', async () => {
    await t.app.counter.flush();
    const before = (await readCampaignCounts(t.app.db, campaign.slug)).totals;
    for (const [payload, type] of [[JSON.stringify(letter), 'application/json'], ['name=Hana', 'text/plain']] as const) {
      const response = await send(payload, type);
      expect(response.statusCode, type).toBe(415);
      expect(response.body).toContain('This address takes only the forms on this site’s pages');
    }
    await t.app.counter.flush();
    expect((await readCampaignCounts(t.app.db, campaign.slug)).totals).toEqual(before);
  });
});
