import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { buildTestApp, formBody, postForm, type TestApp } from '../support/app.ts';

/** A form posted from another site is refused, whichever header gives it away. */
let t: TestApp;
let campaign: Campaign;
let url: string;

beforeAll(async () => {
  t = await buildTestApp();
  campaign = t.app.catalog.listCampaigns()[0]!;
  url = `/c/${campaign.slug}/letters`;
});
afterAll(async () => t?.close());

const submit = (fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => postForm(t.app, url, fields, headers);

describe('cross-site requests', () => {
  it('refuses a form sent from another site', async () => {
    expect((await submit({ name: 'A' }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    const viaOrigin = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', host: 'localhost:3000' },
      payload: formBody({ name: 'A' }),
    });
    expect(viaOrigin.statusCode).toBe(403);
  });

  it("compares the Origin's scheme as well as its host: the same host over the other scheme is another site", async () => {
    const withOrigin = (origin: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin, host: 'localhost:3000' },
        payload: formBody({ name: 'A' }),
      });
    expect((await withOrigin('https://localhost:3000')).statusCode).toBe(403);
    expect((await withOrigin('http://localhost:3000')).statusCode).not.toBe(403);
  });
});
