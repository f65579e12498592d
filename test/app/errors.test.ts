import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, formBody, FORM_HEADERS, type TestApp } from '../support/app.ts';

/** What the app answers for something that is not there. */
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

describe('error pages', () => {
  it('answers an unknown campaign with a 404 page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/c/no-such-campaign', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('was not found');
  });

  it('answers a letter for an unknown campaign with a 404 page', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/c/nope/letters', headers: FORM_HEADERS, payload: formBody({ name: 'A' }) });
    expect(response.statusCode).toBe(404);
  });
});
