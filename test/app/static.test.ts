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
});
