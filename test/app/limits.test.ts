import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../server/content/campaign.ts';
import { buildTestApp, postForm, type TestApp } from '../support/app.ts';

/** Limits the app puts on every request. */
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

describe('request limits', () => {
  it('refuses a body over the limit with 413', async () => {
    const response = await submit({ name: 'A', ownWords: 'y'.repeat(100_000) });
    expect(response.statusCode).toBe(413);
  });
});
