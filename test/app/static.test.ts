import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';

/** The app's own files under /assets/. */
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

describe('static files', () => {
  it('serves its own stylesheet and script', async () => {
    for (const asset of ['/assets/css/site.css', '/assets/js/campaign.js']) {
      expect((await t.app.inject({ method: 'GET', url: asset })).statusCode).toBe(200);
    }
  });

  it('has an icon where browsers look for one, and every page links it', async () => {
    const ico = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(ico.statusCode).toBe(200);
    expect(ico.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    // An ICO file's header: reserved 0, type 1 (icon), at least one image.
    expect([...ico.rawPayload.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const svg = await t.app.inject({ method: 'GET', url: '/assets/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const home = await t.app.inject({ method: 'GET', url: `/c/${t.app.catalog.listCampaigns()[0]!.slug}` });
    expect(home.body).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">');
  });
});
